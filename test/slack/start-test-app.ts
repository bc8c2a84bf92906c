import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Notebook } from '../../src/campaign/notebook.js';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { startApp, type RunningApp } from '../../src/main.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/fake-slack.js';

export interface TestApp {
  readonly slack: FakeSlack;
  readonly app: RunningApp;
  readonly dir: string;
  readonly databasePath: string;
  close(): Promise<void>;
}

/** The real app (startApp) against a fresh fake Slack, a temp database and the given YAML config. */
export async function startTestApp(
  config: Record<string, unknown> = {},
  extraEnv: Record<string, string> = {},
  slackOptions: FakeSlackOptions = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-slack-'));
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, stringify(config));
  const slack = await startFakeSlack(slackOptions);
  const databasePath = join(dir, 'notebook.sqlite');
  const app = await startApp({
    PORT: '0',
    HOST: '127.0.0.1',
    CAMPAIGN_DB: databasePath,
    CAMPAIGN_CONFIG: configPath,
    ...slack.appEnv(),
    LOG_LEVEL: 'error',
    ...extraEnv,
  });
  slack.setAppUrl(app.url);
  return {
    slack,
    app,
    dir,
    databasePath,
    async close() {
      await app.close();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A second connection to the app's database, to check what was recorded. */
export function openNotebook(databasePath: string): { notebook: Notebook; close(): void } {
  const db = openDatabase(databasePath);
  const notebook = createNotebook({ store: createSqliteStore(db) });
  return { notebook, close: () => db.close() };
}
