import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { FakeView } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';

let t: TestApp;

const USERS = [
  { id: 'U0PILOT', name: 'pilot' },
  { id: 'U0JDOE', name: 'jdoe' },
];
const BAD_CCDS = ['visit=2025111500226 detector=42', 'visit=2025111500226 detector=43', 'visit=2025111500230 detector=10', 'visit=2025111500230 detector=11'];

/** The view a command opens. */
async function openView(text: string): Promise<FakeView> {
  const before = new Set(t.slack.state.views.keys());
  await t.slack.slashCommand({ text });
  return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => !before.has(view.id) && view.status === 'open'));
}

/** What a command says to the one who typed it: the ack's text, or the ephemeral after it. */
async function ask(text: string): Promise<string> {
  const seen = t.slack.state.ephemerals.length;
  const response = await t.slack.slashCommand({ text });
  if (typeof response.json?.text === 'string') return t.slack.messageText(response.json as { text: string; blocks: unknown[] });
  const ephemeral = await t.slack.waitFor(() => t.slack.state.ephemerals.slice(seen)[0]);
  return t.slack.messageText(ephemeral);
}

/** Each input's initial value as the view shows it: text, a select's option, users. */
function prefilled(view: FakeView): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const block of view.view.blocks as { type: string; block_id?: string; element?: Record<string, unknown> }[]) {
    if (block.type !== 'input' || !block.element) continue;
    const element = block.element;
    const value = element.initial_value ?? (element.initial_option as { value?: string } | undefined)?.value ?? element.initial_users;
    if (value !== undefined) values[block.block_id!] = value;
  }
  return values;
}

function errorsOf(response: { json?: Record<string, unknown> }): Record<string, string> {
  expect(response.json?.response_action).toBe('errors');
  return response.json!.errors as Record<string, string>;
}

function recorded<T>(read: (notebook: ReturnType<typeof openNotebook>['notebook']) => T): T {
  const { notebook, close } = openNotebook(t.databasePath);
  try {
    return read(notebook);
  } finally {
    close();
  }
}

/** CMP-1 w07-rc2 (software w_2025_47, operator jdoe) and CMP-1/1 step1 with an inclusion and an exclusion list. */
async function recordFirstWorkflow(): Promise<void> {
  // (the fake keeps only the view's initial values between submissions: each one gives every field)
  const campaign = await openView('new w07-rc2');
  const given = { description: 'RC2 weekly', butler_repo: '/repo/main', operators: ['U0JDOE'] };
  const typo = await t.slack.submitView(campaign.id, { ...given, stack_version: 'w_2025_4' });
  expect(errorsOf(typo).stack_version).toContain('Accepted: weekly w_YYYY_WW (w_2025_47), daily d_YYYY_MM_DD');
  expect((await t.slack.submitView(campaign.id, { ...given, stack_version: 'w_2025_47' })).json?.response_action).toBeUndefined();

  const start = await openView('start w07-rc2 step1');
  const fields = {
    wms: 'panda',
    pipeline: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1',
    config_overrides: 'isr:doDark=False\nisr doFlat False',
    data_query: "instrument='LSSTCam' AND day_obs=20251115",
    include_list: 'instrument=LSSTCam visit=2025111500226\ninstrument=LSSTCam visit=2025111500230',
    include_reason: 'the night of 15 November',
    include_provenance: 'selected in https://nb.example.org/night.ipynb',
    exclude_list: BAD_CCDS.map((id) => `instrument=LSSTCam ${id}`).join('\n'),
    exclude_reason: 'vignetted',
    exclude_provenance: 'bin/find_bad_ccds.py in lsst-dm/ccd-triage@3f2a9c1d',
  };
  const badOverrides = await t.slack.submitView(start.id, fields);
  expect(errorsOf(badOverrides).config_overrides).toContain('line 2 ("isr doFlat False")');
  expect((await t.slack.submitView(start.id, { ...fields, config_overrides: 'isr:doDark=False' })).json?.response_action).toBeUndefined();
}

describe('Slack: rerun, clone, diff, operators, who and the bps export', () => {
  beforeEach(async () => {
    t = await startTestApp({}, {}, { users: USERS });
    await recordFirstWorkflow();
  });
  afterEach(async () => {
    await t.close();
  });

  it('reruns a workflow from a prefilled form (lists by fingerprint), changes required; diff names the three data IDs that differ', async () => {
    const source = recorded((notebook) => notebook.show('CMP-1/1'));
    if (source.type !== 'workflow') throw new Error('expected a workflow');
    const [include, exclude] = source.workflow.lists;

    const view = await openView('rerun CMP-1/1 step1-again');
    expect(JSON.parse(String(view.view.private_metadata))).toEqual({ f: 'workflow_start', c: 'C0GENERAL', k: 'CMP-1', s: 'CMP-1/1' });
    expect(prefilled(view)).toEqual({
      label: 'step1-again',
      wms: 'panda',
      butler_repo: '/repo/main',
      pipeline: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1',
      config_overrides: 'isr:doDark=False',
      data_query: "instrument='LSSTCam' AND day_obs=20251115",
      include_list: `sha256:${include!.sha256}`,
      include_reason: 'the night of 15 November',
      include_provenance: 'selected in https://nb.example.org/night.ipynb',
      exclude_list: `sha256:${exclude!.sha256}`,
      exclude_reason: 'vignetted',
      exclude_provenance: 'bin/find_bad_ccds.py in lsst-dm/ccd-triage@3f2a9c1d',
    });

    const withoutChanges = await t.slack.submitView(view.id, {});
    expect(errorsOf(withoutChanges)).toEqual({ changes: 'Changes from CMP-1/1 is required.' });

    // one bad CCD dropped, two found: three data IDs differ
    const newBad = [...BAD_CCDS.slice(1), 'visit=2025111500230 detector=12', 'visit=2025111500231 detector=5'];
    const submitted = await t.slack.submitView(view.id, {
      changes: 'two more vignetted CCDs; detector 42 was fine',
      exclude_list: newBad.map((id) => `instrument=LSSTCam ${id}`).join('\n'),
    });
    expect(submitted.json?.response_action).toBeUndefined();

    const rerun = recorded((notebook) => notebook.show('CMP-1/2'));
    if (rerun.type !== 'workflow') throw new Error('expected a workflow');
    expect(rerun.workflow).toMatchObject({ label: 'step1-again', source: { id: 'CMP-1/1', changes: 'two more vignetted CCDs; detector 42 was fine' }, configOverrides: 'isr:doDark=False' });
    expect(rerun.workflow.lists[0]).toMatchObject({ kind: 'include', sha256: include!.sha256, reason: include!.reason, provenance: include!.provenance });
    expect(rerun.workflow.lists[1]!.sha256).not.toBe(exclude!.sha256);
    expect(recorded((notebook) => notebook.history('CMP-1/1').at(-1))).toMatchObject({ kind: 'cloned', payload: { into: 'CMP-1/2' } });

    const started = await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1/2')));
    expect(t.slack.messageText(started)).toMatch(/Rerun of CMP-1\/1:\*? two more vignetted CCDs; detector 42 was fine/);

    const diff = await ask('diff CMP-1/1 CMP-1/2');
    expect(diff).toContain('Inclusion list: the same');
    expect(diff).toMatch(/Exclusion list: sha256:\w{12} \(4 data IDs\) → sha256:\w{12} \(5 data IDs\): 2 added, 1 removed/);
    expect(diff).toContain('added detector=5 instrument=LSSTCam visit=2025111500231');
    expect(diff).toContain('added detector=12 instrument=LSSTCam visit=2025111500230');
    expect(diff).toContain('removed detector=42 instrument=LSSTCam visit=2025111500226');

    const shown = await ask('show CMP-1/2');
    expect(shown).toContain("*Software*\nw_2025_47 (the campaign's)");
    expect(shown).toContain('Rerun of CMP-1/1');
    const showBlocks = JSON.stringify(t.slack.state.ephemerals.at(-1)?.blocks ?? []);
    expect(showBlocks).toContain('<https://nb.example.org/night.ipynb|https://nb.example.org/night.ipynb>');
  });

  it('reruns into another campaign with --in', async () => {
    const other = await openView('new w09-rc2');
    await t.slack.submitView(other.id, { description: 'next weekly' });
    const view = await openView('rerun CMP-1/1 --in w09-rc2');
    expect(JSON.parse(String(view.view.private_metadata))).toMatchObject({ k: 'CMP-2', s: 'CMP-1/1' });
    expect(prefilled(view).label).toBe('step1');
    await t.slack.submitView(view.id, { changes: 'the same processing in the next weekly' });
    expect(recorded((notebook) => notebook.show('CMP-2/1'))).toMatchObject({ workflow: { source: { id: 'CMP-1/1' } } });
  });

  it('clones a campaign from a prefilled form; the source\'s history says it was cloned', async () => {
    const view = await openView('clone w07-rc2 w09-rc2');
    expect(JSON.parse(String(view.view.private_metadata))).toEqual({ f: 'campaign_new', c: 'C0GENERAL', s: 'CMP-1' });
    expect(prefilled(view)).toEqual({
      short_name: 'w09-rc2',
      description: 'RC2 weekly',
      stack_version: 'w_2025_47',
      butler_repo: '/repo/main',
      operators: ['U0JDOE'],
    });
    expect(errorsOf(await t.slack.submitView(view.id, { stack_version: 'w_2025_49' }))).toEqual({ changes: 'Changes from CMP-1 is required.' });
    expect((await t.slack.submitView(view.id, { stack_version: 'w_2025_49', changes: 'next weekly, same recipe' })).json?.response_action).toBeUndefined();
    expect(recorded((notebook) => notebook.findCampaign('w09-rc2'))).toMatchObject({
      id: 'CMP-2',
      stackVersion: 'w_2025_49',
      operators: ['slack:U0JDOE'],
      source: { id: 'CMP-1', changes: 'next weekly, same recipe' },
    });
    const history = await ask('history CMP-1');
    expect(history).toContain('cloned into CMP-2: next weekly, same recipe');

    const diff = await ask('diff CMP-1 CMP-2');
    expect(diff).toContain('Software: w_2025_47 → w_2025_49');
    expect(diff).toContain('Only in CMP-1: CMP-1/1 (step1)');
  });

  it('puts a diff too long for a message in a file, with the first lines in the answer', async () => {
    recorded((notebook) => {
      notebook.defineCampaign({ shortName: 'w09-rc2', description: 'next weekly' }, { id: 'cli:jdoe', name: 'jdoe' });
      for (const [campaign, night] of [['w07-rc2', 20251115], ['w09-rc2', 20251129]] as const) {
        for (let step = 2; step <= 13; step++) {
          const dataQuery = `instrument='LSSTCam' AND day_obs=${night} AND physical_filter IN ('r_57', 'i_39') AND exposure.observation_type='science' AND visit.target_name='step${step}'`;
          notebook.startWorkflow(campaign, { label: `step${step}`, wms: 'panda', dataQuery }, [], { id: 'cli:jdoe', name: 'jdoe' });
        }
      }
    });
    const answer = await ask('diff w07-rc2 w09-rc2');
    expect(answer).toContain('more lines in the file attached to the channel');
    const message = await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('Differences between CMP-1 and CMP-2')));
    const file = t.slack.state.files.get(message.fileIds[0]!)!;
    expect(file.name).toBe('diff-CMP-1-CMP-2.txt');
    const text = file.bytes.toString('utf8');
    expect(text.length).toBeGreaterThan(2500);
    expect(text).toContain('CMP-1/13 and CMP-2/12 (step13):');
    expect(text).toContain("day_obs=20251129 AND physical_filter IN ('r_57', 'i_39')");
  });

  it('hands a campaign over to a mentioned user, shows who operates it, and who holds what', async () => {
    expect(await ask('operators CMP-1')).toContain('@U0JDOE');
    await t.slack.slashCommand({ text: 'operators CMP-1 @pilot @jdoe' });
    const handOver = await t.slack.waitFor(() => t.slack.threadReplies('C0GENERAL', t.slack.channelMessages('C0GENERAL')[0]!.ts).find((reply) => reply.text.includes('operators handed over')));
    expect(JSON.stringify(handOver.blocks)).toContain('<@U0JDOE> → <@U0PILOT>, <@U0JDOE>');
    expect(recorded((notebook) => notebook.history('CMP-1').at(-1))).toMatchObject({
      kind: 'operators_changed',
      actor: { id: 'slack:U0PILOT' },
      payload: { from: ['slack:U0JDOE'], to: ['slack:U0PILOT', 'slack:U0JDOE'] },
    });

    const who = await ask('who @pilot');
    expect(who).toContain('Who holds what (1 operator)');
    expect(who).toContain('CMP-1 w07-rc2 (running)');
    expect(who).toContain('CMP-1/1 step1 (recorded)');
    expect(await ask('operators CMP-1 @nobody')).toContain('No Slack user found for "@nobody"');
  });

  it('attaches the bps submit YAML and its data-ID table to a workflow\'s export', async () => {
    await t.slack.slashCommand({ text: 'export CMP-1/1' });
    const message = await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('Export of CMP-1/1')));
    const files = message.fileIds.map((id) => t.slack.state.files.get(id)!);
    const names = files.map((file) => file.name);
    expect(names).toContain('CMP-1-1.bps.yaml');
    expect(names.some((name) => /^CMP-1-1\.include-[0-9a-f]{12}\.ecsv$/.test(name))).toBe(true);
    const submit = parse(files.find((file) => file.name === 'CMP-1-1.bps.yaml')!.bytes.toString('utf8'));
    expect(submit.payload.dataQuery).toMatch(/^\(instrument='LSSTCam' AND day_obs=20251115\) AND NOT \(/);
    expect(submit.extraQgraphOptions).toMatch(/^--data-id-table CMP-1-1\.include-[0-9a-f]{12}\.ecsv -c isr:doDark=False$/);
    const record = parse(files.find((file) => file.name === 'CMP-1-1.yaml')!.bytes.toString('utf8'));
    expect(record.workflows[0].software).toEqual({ stackVersion: "w_2025_47 (the campaign's)", pipeline: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1', configOverrides: ['isr:doDark=False'] });
    expect(record.campaign.operators).toEqual(['slack:U0JDOE']);
    expect(record.operatorNames).toEqual({});
    expect(record.workflows[0].lists[1].provenance.references[0]).toMatchObject({ kind: 'git', url: 'https://github.com/lsst-dm/ccd-triage/commit/3f2a9c1d' });
  });
});
