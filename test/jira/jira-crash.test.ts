import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { issuesPerRecordLabel, openTestDb, waitFor } from './jira-test-kit.js';

const CHILD = fileURLToPath(new URL('./mirror-child.ts', import.meta.url));
let fake: FakeJira;
let env: ReturnType<typeof openTestDb>;

beforeEach(async () => {
  fake = await startFakeJira();
  env = openTestDb();
  env.db.close(); // the children own the database; the test reopens it to check
});
afterEach(async () => {
  await fake.close();
  env.cleanup();
});

function child(mode: string): { process: ChildProcess; said: string[] } {
  const process_ = spawn(process.execPath, ['--import', 'tsx', CHILD], {
    env: { ...process.env, CHILD_DB: env.path, CHILD_JIRA: fake.url, CHILD_MODE: mode },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const said: string[] = [];
  process_.stdout!.on('data', (chunk: Buffer) => said.push(...chunk.toString().split('\n').filter(Boolean)));
  return { process: process_, said };
}

async function kill(running: ChildProcess): Promise<void> {
  const exited = once(running, 'exit');
  running.kill('SIGKILL');
  await exited;
}

async function restartAndDrain(): Promise<void> {
  const second = child('drain');
  const [code] = (await once(second.process, 'exit')) as [number];
  expect(code).toBe(0);
  expect(second.said).toContain('drained');
}

function expectEverythingOnce(): void {
  expect(fake.issues.map((issue) => [issue.key, issue.fields.issuetype])).toEqual([
    ['DM-1', 'Task'],
    ['DM-2', 'Sub-task'],
  ]);
  expect([...issuesPerRecordLabel(fake).values()]).toEqual([1, 1]);
  expect(fake.issues[1]!.attachments).toHaveLength(2);
  const db = openDatabase(env.path);
  try {
    // campaign_defined, workflow_started, its two lists, and the campaign's move to running as the workflow started
    expect(db.prepare('SELECT count(*) AS n FROM events').get()).toEqual({ n: 5 });
    expect(createOutboxStore(db, 'jira').counts()).toEqual({ pending: 0, attempting: 0, done: 5, failed: 0, parked: 0 });
  } finally {
    db.close();
  }
}

describe('the Jira mirror across a SIGKILL', () => {
  it('sends everything once after a kill between the local commit and the Jira call', async () => {
    const first = child('record');
    await waitFor(() => first.said.includes('committed'), 'the commit');
    await kill(first.process);
    expect(fake.requests).toHaveLength(0);
    await restartAndDrain();
    expectEverythingOnce();
  });

  it('sends everything once after a kill during a create that Jira carried out', async () => {
    fake.fail({ method: 'POST', path: '/rest/api/2/issue' }, { kind: 'hang', apply: true });
    const first = child('record-and-send');
    await waitFor(() => fake.issues.length === 1, 'Jira to create the campaign issue');
    await kill(first.process);
    await restartAndDrain();
    expectEverythingOnce();
    expect(fake.requests.some((request) => request.path === '/rest/api/2/search')).toBe(true);
  });

  it('sends everything once after a kill during a create that never reached Jira', async () => {
    fake.fail({ method: 'POST', path: '/rest/api/2/issue' }, { kind: 'hang' });
    const first = child('record-and-send');
    await waitFor(() => fake.requests.some((request) => request.method === 'POST' && request.path === '/rest/api/2/issue'), 'the create call');
    await kill(first.process);
    expect(fake.issues).toHaveLength(0);
    await restartAndDrain();
    expectEverythingOnce();
  });
});
