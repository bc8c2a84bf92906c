import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/main.js';
import { slackSignature, startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';

const CONSOLE_REQUESTS: readonly { method: string; path: string }[] = [
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/console/state?user=U0PILOT' },
  { method: 'GET', path: '/console/page/console.js' },
  { method: 'POST', path: '/console/command' },
  { method: 'POST', path: '/api/auth.test' },
  { method: 'POST', path: '/upload/v1/F1' },
  { method: 'GET', path: '/files-pri/T0LOCAL-F1/download/list.csv' },
  { method: 'POST', path: '/response/abc' },
];

describe('local mode', () => {
  let dir: string;
  let app: RunningApp | undefined;
  let slack: FakeSlack | undefined;

  function env(extra: Record<string, string> = {}): Record<string, string> {
    dir = mkdtempSync(join(tmpdir(), 'campaign-local-'));
    const config = join(dir, 'campaign-notebook.yaml');
    writeFileSync(config, '');
    return { PORT: '0', CAMPAIGN_DB: join(dir, 'nested', 'data', 'notebook.sqlite'), CAMPAIGN_CONFIG: config, LOG_LEVEL: 'error', ...extra };
  }

  afterEach(async () => {
    await app?.close();
    await slack?.close();
    app = undefined;
    slack = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves the console and a Slack stand-in when no chat platform is configured', async () => {
    app = await startApp(env());
    expect(app.consoleUrl).toBe(`http://localhost:${new URL(app.url).port}/`);
    expect(new URL(app.url).hostname).toBe('127.0.0.1');
    expect(existsSync(join(dir, 'nested', 'data', 'notebook.sqlite'))).toBe(true);

    const page = await fetch(`${app.url}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/console/page/console.js');

    const state = (await (await fetch(`${app.url}/console/state?user=U0PILOT`)).json()) as { users: { id: string }[]; messages: unknown[] };
    expect(state.users.map((user) => user.id)).toContain('U0PILOT');
    expect(state.messages).toEqual([]);

    // The stand-in's Web API wants the generated bot token, as Slack does.
    const api = (await (await fetch(`${app.url}/api/auth.test`, { method: 'POST' })).json()) as { ok: boolean; error?: string };
    expect(api).toEqual({ ok: false, error: 'not_authed' });
    // And the bot's /slack/events wants the generated signing secret.
    const body = 'command=%2Fcampaign&text=list';
    const timestamp = Math.floor(Date.now() / 1000);
    const forged = await fetch(`${app.url}/slack/events`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': slackSignature('guessed', timestamp, body) },
      body,
    });
    expect(forged.status).toBe(401);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('answers a command through the stand-in: an ephemeral for the user who typed it, nobody else', async () => {
    app = await startApp(env());
    const sent = await fetch(`${app.url}/console/command`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'U0JDOE', channel: 'C0GENERAL', text: '/campaign list' }),
    });
    expect(await sent.json()).toEqual({ status: 200 });
    const read = async (user: string) => (await (await fetch(`${app!.url}/console/state?user=${user}`)).json()) as { ephemerals: { text: string }[] };
    let ephemerals: { text: string }[] = [];
    for (let attempt = 0; attempt < 100 && ephemerals.length === 0; attempt += 1) {
      ephemerals = (await read('U0JDOE')).ephemerals;
      if (ephemerals.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(ephemerals.map((ephemeral) => ephemeral.text).join('\n')).toMatch(/campaign/i);
    expect((await read('U0PILOT')).ephemerals).toEqual([]);

    const unknown = await fetch(`${app.url}/console/command`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ user: 'U0PILOT', channel: 'C0GENERAL', text: '/campain list' }),
    });
    expect(await unknown.json()).toEqual({ status: 404 });
    expect((await read('U0PILOT')).ephemerals.map((ephemeral) => ephemeral.text)).toEqual([expect.stringContaining('/campain is not a valid command')]);

    const stranger = await fetch(`${app.url}/console/state?user=U0NOBODY`);
    expect(stranger.status).toBe(400);
  });

  it('has no console and no stand-in routes when Slack credentials are set', async () => {
    slack = await startFakeSlack();
    app = await startApp(env(slack.appEnv()));
    expect(app.consoleUrl).toBeUndefined();
    for (const request of CONSOLE_REQUESTS) {
      const response = await fetch(`${app.url}${request.path}`, { method: request.method, ...(request.method === 'POST' ? { body: '{}' } : {}) });
      expect({ ...request, status: response.status }).toEqual({ ...request, status: 404 });
    }
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it('has no console when only Mattermost is configured', async () => {
    app = await startApp(
      env({ MATTERMOST_URL: 'http://127.0.0.1:9', MATTERMOST_BOT_TOKEN: 'bot', MATTERMOST_COMMAND_TOKEN: 'command', PUBLIC_URL: 'http://127.0.0.1:9' }),
    );
    expect(app.consoleUrl).toBeUndefined();
    expect((await fetch(`${app.url}/`)).status).toBe(404);
    expect((await fetch(`${app.url}/api/auth.test`, { method: 'POST' })).status).toBe(404);
  });
});
