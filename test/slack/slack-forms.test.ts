import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';
import type { FakeView } from '../fakes/fake-slack.js';

let t: TestApp;

async function defineCampaign(shortName = 'w07-rc2'): Promise<void> {
  await t.slack.slashCommand({ text: `new ${shortName}` });
  const view = await t.slack.waitFor(() => t.slack.lastOpenView());
  const response = await t.slack.submitView(view.id, { description: 'RC2 reprocessing', butler_repo: '/repo/main', input_collections: 'LSSTCam/defaults' });
  expect(response.json?.response_action).toBeUndefined();
}

async function openStartForm(text = 'start w07-rc2 step1'): Promise<FakeView> {
  const before = new Set(t.slack.state.views.keys());
  await t.slack.slashCommand({ text });
  return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => !before.has(view.id) && view.status === 'open'));
}

function workflowCount(): number {
  const { notebook, close } = openNotebook(t.databasePath);
  try {
    const view = notebook.show('w07-rc2');
    return view.type === 'campaign' ? view.workflows.length : -1;
  } finally {
    close();
  }
}

describe('Slack forms: validation before the ack, inline errors keyed by field', () => {
  beforeEach(async () => {
    t = await startTestApp();
    await defineCampaign();
  });
  afterEach(async () => {
    await t.close();
  });

  it('prefills the workflow form from the command and the campaign', async () => {
    const view = await openStartForm();
    const blocks = view.view.blocks as { block_id?: string; element?: { initial_value?: string } }[];
    const initial = (id: string) => blocks.find((block) => block.block_id === id)?.element?.initial_value;
    expect(initial('label')).toBe('step1');
    expect(initial('butler_repo')).toBe('/repo/main');
    expect(initial('input_collections')).toBe('LSSTCam/defaults');
    expect(JSON.parse(String(view.view.private_metadata))).toEqual({ f: 'workflow_start', c: 'C0GENERAL', k: 'CMP-1' });
  });

  it('rejects a list without its reason', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: 'instrument=LSSTCam visit=1 detector=2' });
    expect(response.json).toMatchObject({ response_action: 'errors' });
    expect((response.json!.errors as Record<string, string>).exclude_reason).toMatch(/Say why this exclusion list/);
    expect(workflowCount()).toBe(0);
  });

  it('rejects a malformed list with the parser message naming the line', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, {
      wms: 'panda',
      exclude_list: 'instrument=LSSTCam visit=1 detector=2\ninstrument=LSSTCam visit=abc detector=3',
      exclude_reason: 'bad',
    });
    const errors = response.json!.errors as Record<string, string>;
    expect(errors.exclude_list).toMatch(/line 2/);
    expect(errors.exclude_list).toContain('abc');
    expect(workflowCount()).toBe(0);
  });

  it('rejects a reason given without its list', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, { wms: 'htcondor', include_reason: 'only good seeing' });
    expect((response.json!.errors as Record<string, string>).include_reason).toMatch(/no inclusion list was given/);
  });

  it('rejects an unknown WMS and a missing label', async () => {
    const view = await openStartForm('start w07-rc2');
    const payload = t.slack.buildViewSubmission(view.id, { wms: 'panda' }) as { view: { state: { values: Record<string, Record<string, unknown>> } } };
    payload.view.state.values.wms!.wms = { type: 'static_select', selected_option: { text: { type: 'plain_text', text: 'slurm' }, value: 'slurm' } };
    const response = await t.slack.sendPayload(payload);
    const errors = response.json!.errors as Record<string, string>;
    expect(errors.wms).toMatch(/Unknown workflow system "slurm": expected one of panda, htcondor/);
    expect(errors.label).toBe('Label is required.');
  });

  it('rejects a too-long field', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, { wms: 'panda', label: 'x'.repeat(101) });
    expect((response.json!.errors as Record<string, string>).label).toBe('Label is 101 characters long; at most 100 fit.');
  });

  it('rejects an unknown stored-list reference', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: 'sha256:0123456789abcdef', exclude_reason: 'stored' });
    expect((response.json!.errors as Record<string, string>).exclude_list).toMatch(/0123456789abcdef/);
  });

  it('rejects a bad short name, a bad Jira key and a taken short name in the campaign form', async () => {
    await t.slack.slashCommand({ text: 'new' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    const bad = await t.slack.submitView(view.id, { short_name: 'w07 rc2', description: 'x', jira_issue: 'DM 123' });
    const errors = bad.json!.errors as Record<string, string>;
    expect(errors.short_name).toMatch(/not a short name/);
    expect(errors.jira_issue).toMatch(/not a Jira issue key/);
    const taken = await t.slack.submitView(view.id, { short_name: 'w07-rc2', description: 'again' });
    expect(taken.json?.response_action).toBe('errors');
    expect(Object.values(taken.json!.errors as Record<string, string>).join(' ')).toMatch(/w07-rc2/);
  });

  it('checks a pasted list longer than a Slack field after the ack, and records it', async () => {
    const view = await openStartForm();
    const lines = Array.from({ length: 2000 }, (_, i) => `instrument=LSSTCam visit=${2025111500000 + Math.floor(i / 189)} detector=${i % 189}`);
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: lines.join('\n'), exclude_reason: 'edge detectors' });
    expect(response.json?.response_action).toBe('update');
    await t.slack.waitFor(() => JSON.stringify(view.view.blocks).includes('Recorded CMP-1/1'));
    expect(workflowCount()).toBe(1);
  });

  it('shows a long pasted list that does not parse in the form again, with the line', async () => {
    const view = await openStartForm();
    const lines = Array.from({ length: 300 }, (_, i) => `instrument=LSSTCam visit=${2025111500000 + i} detector=1`);
    lines[250] = 'instrument=LSSTCam visit=oops detector=1';
    await t.slack.submitView(view.id, { wms: 'panda', exclude_list: lines.join('\n'), exclude_reason: 'edge' });
    await t.slack.waitFor(() => view.view.callback_id === 'workflow_start' && JSON.stringify(view.view.blocks).includes('line 251'));
    expect(workflowCount()).toBe(0);
  });

  it('records a submission once when the same view is submitted twice', async () => {
    const view = await openStartForm();
    const payload = t.slack.buildViewSubmission(view.id, { wms: 'panda', exclude_list: 'instrument=LSSTCam visit=1 detector=2', exclude_reason: 'bad' });
    const [first, second] = await Promise.all([t.slack.sendPayload(payload), t.slack.sendPayload(payload)]);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    const third = await t.slack.sendPayload(payload);
    expect(third.status).toBe(200);
    await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    expect(workflowCount()).toBe(1);
    expect(t.slack.channelMessages('C0GENERAL').filter((m) => m.text.includes('Workflow')).length).toBe(1);
  });
});
