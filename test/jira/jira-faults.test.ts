import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { issuesPerRecordLabel, openTestDb, recordCampaignWithWorkflow, startTestMirror, waitFor } from './jira-test-kit.js';

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

const CREATE = { method: 'POST', path: '/rest/api/2/issue' };

/** The end state every fault must reach: one issue per record, each list attached once, nothing open locally. */
function expectEverythingOnce(): void {
  expect(fake.issues.map((issue) => [issue.key, issue.fields.issuetype, issue.fields.summary])).toEqual([
    ['DM-1', 'Task', 'CMP-1 w07-rc2: Reprocess RC2 with w.2026.07'],
    ['DM-2', 'Sub-task', 'CMP-1/1 step1 (panda) — w07-rc2'],
  ]);
  expect([...issuesPerRecordLabel(fake).values()]).toEqual([1, 1]);
  expect(fake.issues[1]!.fields.parent).toBe('DM-1');
  expect(fake.issues[1]!.attachments.map((file) => file.filename.replace(/[0-9a-f]{12}/, 'sha')).sort()).toEqual([
    'CMP-1-1-exclude-sha.json',
    'CMP-1-1-include-sha.json',
  ]);
  expect(env.notebook.show('CMP-1/1')).toMatchObject({ type: 'workflow', workflow: { label: 'step1', lists: [{ kind: 'include' }, { kind: 'exclude' }] } });
  const counts = createOutboxStore(env.db, 'jira').counts();
  // campaign_defined, workflow_started, its two lists, and the campaign's move to running as the workflow started
  expect(counts).toEqual({ pending: 0, attempting: 0, done: 5, failed: 0, parked: 0 });
}

const creates = () => fake.requests.filter((request) => request.method === 'POST' && request.path === '/rest/api/2/issue');
const searches = () => fake.requests.filter((request) => request.path === '/rest/api/2/search');

describe('the Jira mirror under faults', () => {
  it('keeps everything pending while Jira refuses connections, then sends it once', async () => {
    await fake.refuseConnections();
    const { mirror, heard } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await waitFor(() => heard.log.some((line) => line.includes('ECONNREFUSED')), 'a refused connection');
    expect(mirror.syncState('CMP-1')).toMatchObject({ state: 'pending', lastError: expect.stringContaining('Cannot reach Jira (ECONNREFUSED)') });
    await fake.acceptConnections();
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    expect(searches()).toHaveLength(0); // a refused connection sent nothing: no need to look before creating
  });

  it('retries a create that hung past the timeout without reaching Jira, after looking for it first', async () => {
    fake.fail(CREATE, { kind: 'hang' });
    const { mirror, heard } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    expect(heard.log.some((line) => line.includes('Jira did not answer in time (ECONNABORTED)'))).toBe(true);
    expect(searches().length).toBeGreaterThanOrEqual(1);
  });

  it('finds the issue a timed-out create did make, and does not make another', async () => {
    fake.fail(CREATE, { kind: 'hang', apply: true });
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    expect(creates()).toHaveLength(2); // the campaign's (response lost) and the sub-task's
  });

  it('finds the issue whose create response was lost, even while search lags behind', async () => {
    fake.indexLagMs = 150;
    fake.fail(CREATE, { kind: 'lose-response' });
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    expect(creates()).toHaveLength(2);
  });

  it('does not attach a list twice when the upload response was lost', async () => {
    fake.fail({ method: 'POST', path: /\/attachments$/ }, { kind: 'lose-response' });
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
  });

  it('does not post a comment twice when its response was lost', async () => {
    fake.fail({ method: 'POST', path: /\/comment$/ }, { kind: 'lose-response' });
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    env.notebook.addNote('CMP-1', 'once only', { id: 'slack:U1', name: 'jo' });
    await mirror.drained();
    await mirror.close();
    // the campaign's comments: its move to running as the workflow started, then the note, once
    expect(fake.issues[0]!.comments.map((comment) => comment.body)).toEqual([expect.stringMatching(/defined → \*running\*/), expect.stringMatching(/once only$/)]);
  });

  it('waits at least Retry-After after a 429', async () => {
    fake.fail(CREATE, { kind: 'status', status: 429, headers: { 'Retry-After': '1' }, body: { errorMessages: ['Rate limit exceeded.'], errors: {} } });
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    const [first, second] = creates();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries through three 503s and then creates the issue once', async () => {
    fake.fail(CREATE, { kind: 'status', status: 503 }, 3);
    const { mirror } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
    expect(creates()).toHaveLength(5); // 3 refused + the campaign's + the sub-task's
    expect(searches()).toHaveLength(0); // 503 refuses up front: nothing to look for
  });

  it('parks the whole queue on 401, tells the channel once, probes, and drains when the credentials work again', async () => {
    fake.rejectCredentials(true);
    const { mirror, heard } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    env.notebook.addNote('CMP-1', 'while parked', { id: 'slack:U1', name: 'jo' });
    await waitFor(() => fake.requests.filter((request) => request.path === '/rest/api/2/myself').length >= 3, 'three probes');
    expect(heard.parked).toEqual([
      'Jira refused our credentials (401): check JIRA_PAT, or JIRA_EMAIL and JIRA_API_TOKEN (Cloud API tokens expire). ' +
        'Mirroring to Jira is paused; nothing is lost, and it resumes by itself once Jira accepts them.',
    ]);
    expect(creates()).toHaveLength(1); // only the attempt that found out
    expect(mirror.syncState('CMP-1/1')).toMatchObject({ state: 'parked', pending: 3 });
    fake.rejectCredentials(false);
    await waitFor(() => heard.resumed === 1, 'the queue to resume');
    await mirror.drained();
    await mirror.close();
    expect(fake.issues).toHaveLength(2);
    expect([...issuesPerRecordLabel(fake).values()]).toEqual([1, 1]);
    expect(heard.parked).toHaveLength(1);
    expect(createOutboxStore(env.db, 'jira').counts()).toMatchObject({ done: 6, pending: 0, parked: 0, failed: 0 });
  });

  it('fails an item Jira refuses with 400, reports its field errors, and sends it after a re-queue', async () => {
    fake.fail(
      { method: 'POST', path: '/rest/api/2/issue' },
      { kind: 'status', status: 400, body: { errorMessages: [], errors: { customfield_10010: 'Team is required.' } } },
    );
    const { mirror, heard } = startTestMirror(env.db, fake);
    recordCampaignWithWorkflow(env.notebook);
    await waitFor(() => heard.failed.length === 1, 'the refusal');
    expect(heard.failed).toEqual([
      { recordId: 'CMP-1', message: 'Jira answered 400: customfield_10010: Team is required.', errors: { customfield_10010: 'Team is required.' } },
    ]);
    await waitFor(
      () => mirror.syncState('CMP-1/1').lastError?.startsWith("waits for CMP-1's Jira issue, which Jira refused") === true,
      'the workflow to say what it waits for',
    );
    expect(mirror.syncState('CMP-1')).toMatchObject({ state: 'failed', failed: [{ kind: 'campaign_defined', error: expect.stringContaining('Team is required') }] });
    expect(fake.issues).toHaveLength(0);
    expect(mirror.requeueFailed()).toBe(1);
    await mirror.drained();
    await mirror.close();
    expectEverythingOnce();
  });
});
