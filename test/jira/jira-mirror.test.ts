import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { issuesPerRecordLabel, openTestDb, pilot, recordCampaignWithWorkflow, startTestMirror, waitFor } from './jira-test-kit.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { describeJiraSync } from '../../src/jira/jira-sync-state.js';

let fake: FakeJira;
let env: ReturnType<typeof openTestDb>;

beforeEach(async () => {
  fake = await startFakeJira();
  env = openTestDb();
});
afterEach(async () => {
  await fake.close();
  env.cleanup();
});

describe('the Jira mirror', () => {
  it('creates the campaign issue and the workflow sub-task with lists attached, links, comments and transitions', async () => {
    const { mirror, heard } = startTestMirror(env.db, fake);
    const { campaignId, workflowId } = recordCampaignWithWorkflow(env.notebook);
    env.notebook.recordRun(workflowId, '176261', 'u_jo_step1_20261125T1000Z', pilot);
    env.notebook.changeStatus(campaignId, 'paused', 'waiting for the calibrations', pilot);
    env.notebook.addNote(workflowId, 'Watch *detector 9*', pilot);
    mirror.kick();
    await mirror.drained();
    await mirror.close();

    expect(fake.issues).toHaveLength(2);
    const [campaignIssue, subtask] = fake.issues;
    expect(campaignIssue!.fields).toMatchObject({ project: 'DM', issuetype: 'Task', summary: 'CMP-1 w07-rc2: Reprocess RC2 with w.2026.07' });
    const instance = createOutboxStore(env.db, 'jira').sink().instance;
    expect(campaignIssue!.fields.labels).toEqual(['campaign-notebook', `cn-${instance}-cmp-1`]);
    expect(campaignIssue!.fields.description).toContain('h3. Purpose\nReprocess RC2 with w.2026.07\nSecond line of purpose');
    expect(campaignIssue!.fields.description).toContain('*Output collection:* {{HSC/runs/RC2/w\\_2026\\_07/DM-40000}}');
    expect(campaignIssue!.fields.description).toContain('h3. Workflow definition\n{noformat}\nbps submit rc2.yaml\n{noformat}');
    expect(campaignIssue!.fields.status).toBe('In Progress');
    // The campaign went running as its first workflow started (In Progress), then was paused.
    expect(campaignIssue!.comments.map((comment) => comment.body)).toEqual([
      expect.stringMatching(/^\*CMP-1\* status: defined → \*running\*, by Jo Pilot .*\nReason: workflow CMP-1\/1 started$/),
      expect.stringMatching(/^\*CMP-1\* status: running → \*paused\*, by Jo Pilot .*\nReason: waiting for the calibrations$/),
    ]);

    expect(subtask!.fields).toMatchObject({ issuetype: 'Sub-task', parent: campaignIssue!.key, summary: 'CMP-1/1 step1 (panda) — w07-rc2' });
    expect(subtask!.fields.labels).toEqual(['campaign-notebook', `cn-${instance}-cmp-1-1`]);
    expect(subtask!.fields.description).toContain("h3. Data query\n{noformat}\ninstrument='HSC' AND visit > 100\n{noformat}");
    expect(subtask!.fields.description).toMatch(/\* Inclusion list: 2 data IDs, dimensions \{\{detector, instrument, visit\}\}, fingerprint \{\{sha256:[0-9a-f]{64}\}\}, attached as \[\^CMP-1-1-include-[0-9a-f]{12}\.json\]\. Reason: only the good nights/);
    expect(subtask!.attachments.map((file) => file.filename).sort()).toEqual([
      expect.stringMatching(/^CMP-1-1-exclude-[0-9a-f]{12}\.json$/),
      expect.stringMatching(/^CMP-1-1-include-[0-9a-f]{12}\.json$/),
    ]);
    const exclusion = JSON.parse(subtask!.attachments.find((file) => file.filename.includes('exclude'))!.content);
    expect(exclusion).toMatchObject({ format: 'data-id-list/1', reason: 'bad amplifier', data_ids: [{ instrument: 'HSC', visit: 100, detector: 9, reason: 'hot amp' }] });
    expect(subtask!.comments.map((comment) => comment.body)).toEqual([
      expect.stringMatching(/^\*CMP-1\/1\* run recorded by Jo Pilot .*\n\*Run id:\* \{\{176261\}\}\n\*Run name:\* \{\{u\\_jo\\_step1\\_20261125T1000Z\}\}$/),
      expect.stringMatching(/^\*CMP-1\/1\* status: recorded → \*submitted\*/),
      expect.stringMatching(/^\*CMP-1\/1\* note by Jo Pilot .*\nWatch \\\*detector 9\\\*$/),
    ]);
    // The command-only tool has no page; the two web tools are links, upserted once each.
    expect(subtask!.remoteLinks.map((link) => [link.globalId, link.object.url])).toEqual([
      [`campaign-notebook:${instance}:CMP-1/1:PanDA tasks`, 'https://panda.example.org/tasks/?name=u_jo_step1_20261125T1000Z*'],
      [`campaign-notebook:${instance}:CMP-1/1:Logs`, 'https://logs.example.org/d?run=u_jo_step1_20261125T1000Z&wf=CMP-1%2F1'],
    ]);

    expect(heard.linked).toEqual([
      { recordId: 'CMP-1', key: 'DM-1', url: `${fake.url}/browse/DM-1` },
      { recordId: 'CMP-1/1', key: 'DM-2', url: `${fake.url}/browse/DM-2` },
    ]);
    expect(describeJiraSync(mirror.syncState('CMP-1/1'))).toBe(`Jira: DM-2 ${fake.url}/browse/DM-2`);
    expect(mirror.syncState('CMP-1')).toMatchObject({ state: 'linked', pending: 0, failed: [] });
    expect([...issuesPerRecordLabel(fake).values()]).toEqual([1, 1]);
  });

  it('posts a workflow start as a comment on the campaign issue in comment mode, with its lists attached there', async () => {
    const { mirror, heard } = startTestMirror(env.db, fake, { config: { workflowMode: 'comment' } });
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expect(fake.issues).toHaveLength(1);
    const issue = fake.issues[0]!;
    // the workflow start, then the campaign's move to running as it started
    expect(issue.comments).toHaveLength(2);
    expect(issue.comments[0]!.body).toMatch(/^Workflow start \*CMP-1\/1\* \{\{step1\}\} of campaign CMP-1/);
    expect(issue.comments[1]!.body).toMatch(/^\*CMP-1\* status: defined → \*running\*/);
    expect(issue.attachments).toHaveLength(2);
    expect(heard.linked[1]).toEqual({ recordId: 'CMP-1/1', key: 'DM-1', url: `${fake.url}/browse/DM-1?focusedCommentId=${issue.comments[0]!.id}` });
  });

  it('links an existing issue given as jira_issue instead of creating one', async () => {
    const { mirror: first } = startTestMirror(env.db, fake);
    env.notebook.defineCampaign({ shortName: 'seed', description: 'makes DM-1' }, pilot);
    await first.drained();
    const existing = env.notebook.defineCampaign({ shortName: 'reuse', description: 'lives in DM-1', jiraIssue: 'DM-1' }, pilot);
    await first.drained();
    await first.close();
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]!.comments[0]!.body).toMatch(/^Campaign \*CMP-2\* \{\{reuse\}\}/);
    expect(first.syncState(existing.id)).toMatchObject({ state: 'linked', issue: { key: 'DM-1' } });
  });

  it('mirrors a record defined before Jira was on when an event of it is queued', async () => {
    const campaign = env.notebook.defineCampaign({ shortName: 'early', description: 'before Jira' }, pilot);
    const { mirror } = startTestMirror(env.db, fake);
    env.notebook.addNote(campaign.id, 'now Jira is on', pilot);
    await waitFor(() => fake.issues[0]?.comments.length === 1, 'the note on the backfilled issue');
    await mirror.drained();
    await mirror.close();
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0]!.fields.summary).toBe('CMP-1 early: before Jira');
  });

  it('puts text over the 32,767-character limit in an attachment and a summary in the field', async () => {
    const { mirror } = startTestMirror(env.db, fake);
    const campaign = env.notebook.defineCampaign({ shortName: 'long', description: 'short purpose' }, pilot);
    const long = 'x'.repeat(40_000);
    env.notebook.addNote(campaign.id, long, pilot);
    await mirror.drained();
    await mirror.close();
    const issue = fake.issues[0]!;
    const [comment] = issue.comments;
    expect(comment!.body.length).toBeLessThanOrEqual(32_767);
    expect(comment!.body).toContain("is over Jira's limit: it is attached as_ [^CMP-1-event-2.txt]");
    expect(issue.attachments.map((file) => file.filename)).toEqual(['CMP-1-event-2.txt']);
    expect(issue.attachments[0]!.content).toContain(long);
  });

  it('queues nothing while the sink is disabled (Jira off)', async () => {
    const { disableJiraMirror } = await import('../../src/jira/start-jira-mirror.js');
    disableJiraMirror(createOutboxStore(env.db, 'jira'));
    env.notebook.defineCampaign({ shortName: 'off', description: 'Jira is off' }, pilot);
    expect(createOutboxStore(env.db, 'jira').counts()).toEqual({ pending: 0, attempting: 0, done: 0, failed: 0, parked: 0 });
  });

  it('calls Jira for an item only once its attempting mark is on disk (the store flushed)', async () => {
    let release: () => void = () => undefined;
    let flushes = 0;
    const flushed = () => {
      flushes += 1;
      return new Promise<void>((resolve) => (release = resolve));
    };
    const { mirror } = startTestMirror(env.db, fake, { flushed });
    env.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot);
    mirror.kick();
    await waitFor(() => flushes > 0, 'the worker to ask for a flush');
    const attempting = () => (env.db.prepare("SELECT state FROM outbox ORDER BY id LIMIT 1").pluck().get() as string);
    expect(attempting()).toBe('attempting');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.requests).toHaveLength(0);
    release();
    await waitFor(() => fake.issues.length === 1, 'the campaign issue');
    await mirror.close();
  });
});

describe('the Jira sync state of a record', () => {
  it('reads pending with attempts and last error from the database alone, as the CLI does', async () => {
    const { jiraSyncState } = await import('../../src/jira/jira-sync-state.js');
    const readJiraSyncState = (recordId: string) => jiraSyncState(createOutboxStore(env.db, 'jira'), recordId);
    await fake.refuseConnections();
    const { mirror } = startTestMirror(env.db, fake);
    env.notebook.defineCampaign({ shortName: 'cli', description: 'shown by the CLI' }, pilot);
    await waitFor(() => (readJiraSyncState('CMP-1').attempts ?? 0) >= 2, 'two attempts');
    await mirror.close();
    const sync = readJiraSyncState('CMP-1');
    expect(sync).toMatchObject({ state: 'pending', pending: 1, lastError: expect.stringContaining('ECONNREFUSED') });
    expect(describeJiraSync(sync)).toMatch(/^Jira: no issue yet \(1 update pending, \d+ attempts, last error: Cannot reach Jira \(ECONNREFUSED\)/);
    expect(readJiraSyncState('CMP-9')).toMatchObject({ state: 'off' });
  });
});
