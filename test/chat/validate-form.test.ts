import { describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { campaignNewForm, workflowStartForm } from '../../src/chat/chat-form.js';
import { validateCampaignForm, validateWorkflowForm, type ListParser } from '../../src/chat/validate-form.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const parseList: ListParser = (content, options) => parseDataIdList(content, options);
const pilot = { id: 'slack:U1', name: 'pilot' };

function setup() {
  const notebook = createNotebook({ store: createSqliteStore(openDatabase(':memory:')) });
  const campaign = notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot);
  return { notebook, form: workflowStartForm(campaign) };
}

describe('validateWorkflowForm', () => {
  it('turns a valid submission into the use-case input and its lists', () => {
    const { notebook, form } = setup();
    const result = validateWorkflowForm(
      form,
      {
        values: {
          label: 'step1',
          wms: 'panda',
          data_query: "instrument='LSSTCam'",
          exclude_list: 'instrument=LSSTCam visit=1 detector=2',
          exclude_reason: 'bad amp',
          run_id: 'Run Id: 176261\nRun Name: u_x',
        },
      },
      { notebook, parseList },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.input).toEqual({ label: 'step1', wms: 'panda', dataQuery: "instrument='LSSTCam'", runId: '176261', runName: 'u_x' });
    expect(result.value.lists).toHaveLength(1);
    expect(result.value.lists[0]).toMatchObject({ kind: 'exclude', reason: 'bad amp' });
  });

  it('refuses a list given both pasted and as a file', () => {
    const { notebook, form } = setup();
    const result = validateWorkflowForm(
      form,
      { values: { label: 'a', wms: 'panda', include_list: 'visit=1', include_reason: 'r' }, files: { include_file: [{ name: 'l.csv' }] } },
      { notebook, parseList },
    );
    expect(result).toEqual({ ok: false, errors: { include_file: 'Give the inclusion list pasted or as a file, not both.' } });
  });

  it('accepts a stored list by reference, with the stored reason when none is given', () => {
    const { notebook, form } = setup();
    const stored = notebook.storeList(parseList('visit=1\nvisit=2', { source: 't', field: 'x' }), { name: 'bad-visits', reason: 'smeared' }, pilot);
    const result = validateWorkflowForm(form, { values: { label: 'a', wms: 'parsl', exclude_list: 'list:bad-visits' } }, { notebook, parseList });
    expect(result).toEqual({ ok: true, value: { input: { label: 'a', wms: 'parsl' }, lists: [{ kind: 'exclude', reason: 'smeared', sha256: stored.sha256 }] } });
  });

  it('only asks for the reason of a file not downloaded yet', () => {
    const { notebook, form } = setup();
    const missing = validateWorkflowForm(form, { values: { label: 'a', wms: 'panda' }, files: { exclude_file: [{ name: 'big.csv.gz' }] } }, { notebook, parseList });
    expect(missing).toEqual({ ok: false, errors: { exclude_reason: 'Say why the exclusion list big.csv.gz is attached.' } });
  });
});

describe('validateCampaignForm', () => {
  it('requires the short name and the description, and keeps operators as ids', () => {
    const form = campaignNewForm();
    expect(validateCampaignForm(form, { values: {} })).toEqual({
      ok: false,
      errors: { short_name: 'Short name is required.', description: 'Description: what and why is required.' },
    });
    expect(validateCampaignForm(form, { values: { short_name: 'w07', description: 'why', operators: ['U1', 'U2'], jira_issue: 'DM-123' } })).toEqual({
      ok: true,
      value: { shortName: 'w07', description: 'why', operators: ['U1', 'U2'], jiraIssue: 'DM-123' },
    });
  });
});
