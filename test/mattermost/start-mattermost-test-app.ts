import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { Clock } from '../../src/clock.js';
import { startApp, type RunningApp } from '../../src/main.js';
import { startFakeMattermost, type FakeMattermost } from '../fakes/fake-mattermost.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';

export interface MattermostTestApp {
  readonly mm: FakeMattermost;
  /** Present when the app was started with Slack on too. */
  readonly slack?: FakeSlack;
  readonly app: RunningApp;
  readonly databasePath: string;
  close(): Promise<void>;
}

// PUBLIC_URL must be known before the app starts (dialogs carry it): take a free port first.
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The real app (startApp) against a fake Mattermost (and a fake Slack too with `slack: true`), a temp database and config. */
export async function startMattermostTestApp(options: { config?: Record<string, unknown>; slack?: boolean; clock?: Clock } = {}): Promise<MattermostTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-mattermost-'));
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, stringify(options.config ?? {}));
  const mm = await startFakeMattermost();
  const slack = options.slack ? await startFakeSlack() : undefined;
  const databasePath = join(dir, 'notebook.sqlite');
  const port = await freePort();
  const app = await startApp({
    PORT: String(port),
    HOST: '127.0.0.1',
    CAMPAIGN_DB: databasePath,
    CAMPAIGN_CONFIG: configPath,
    MATTERMOST_URL: mm.url,
    MATTERMOST_BOT_TOKEN: mm.botToken,
    MATTERMOST_COMMAND_TOKEN: mm.commandToken,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'error',
    ...slack?.appEnv(),
  }, options.clock ? { clock: options.clock } : {});
  slack?.setAppUrl(app.url);
  return {
    mm,
    ...(slack ? { slack } : {}),
    app,
    databasePath,
    async close() {
      await app.close();
      await mm.close();
      await slack?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
