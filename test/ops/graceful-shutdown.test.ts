import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startAppProcess, type AppProcess } from './app-process.js';

let dir: string;
let slack: FakeSlack;
let jira: FakeJira;
let app: AppProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cn-shutdown-'));
  slack = await startFakeSlack();
  // Slow enough that SIGTERM surely lands while the first Jira call is in flight.
  jira = await startFakeJira({ latencyMs: 2500 });
});
afterEach(async () => {
  await app?.stop('SIGKILL');
  app = undefined;
  await slack.close();
  await jira.close();
  rmSync(dir, { recursive: true, force: true });
});

function connects(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${url}/healthz`, { agent: false }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

describe('SIGTERM', () => {
  it('stops taking requests, lets the Jira call in flight finish and be recorded, closes the database and exits 0', async () => {
    const databasePath = join(dir, 'notebook.sqlite');
    const configPath = join(dir, 'campaign-notebook.yaml');
    writeFileSync(configPath, 'jira:\n  project: DM\n');
    app = await startAppProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      CAMPAIGN_DB: databasePath,
      CAMPAIGN_CONFIG: configPath,
      ...slack.appEnv(),
      ...jira.appEnv(),
    });
    slack.setAppUrl(app.url);
    const createStarted = new Promise<void>((resolve) => jira.onRequest((r) => r.method === 'POST' && r.path === '/rest/api/2/issue' && resolve()));

    await slack.slashCommand({ text: 'new w07' });
    const submitted = await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, { description: 'shutdown test' });
    expect(submitted.status).toBe(200);
    await createStarted;
    expect(jira.issues).toHaveLength(0);

    const exited = app.stop('SIGTERM');
    // New connections are refused while the Jira call is still running.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await connects(app.url)).toBe(false);
    expect(jira.issues).toHaveLength(0);

    expect(await exited).toBe(0);
    expect(jira.issues).toHaveLength(1);
    // The database was closed cleanly (the last connection folds the WAL back and removes it)...
    expect(existsSync(`${databasePath}-wal`)).toBe(false);
    // ...after the outcome of the call was recorded: nothing is left ambiguous for the next start.
    const db = openDatabase(databasePath);
    try {
      const counts = createOutboxStore(db, 'jira').counts();
      expect(counts.attempting).toBe(0);
      expect(counts.done).toBe(1);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    expect(app.output()).toMatch(/SIGTERM/);
  }, 60_000);
});
