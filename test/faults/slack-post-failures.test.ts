import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/main.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';

// A proxy in front of the fake Slack's Web API that answers some calls itself (5xx), as Slack's edge does.
async function startFaultyProxy(target: FakeSlack, failures: Map<string, number>): Promise<{ url: string; server: Server }> {
  const upstream = new URL(target.apiUrl);
  const server = createServer((req, res) => {
    const method = (req.url ?? '').split('/').pop()!.split('?')[0]!;
    const left = failures.get(method) ?? 0;
    if (left !== 0) {
      failures.set(method, left - 1);
      req.resume();
      res.writeHead(503, { 'Content-Type': 'text/html' }).end('<html>Service Unavailable</html>');
      return;
    }
    const forward = request(
      { host: upstream.hostname, port: upstream.port, path: `${upstream.pathname.replace(/\/$/, '')}/${method}`, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server };
}

interface ProxiedApp {
  readonly slack: FakeSlack;
  readonly app: RunningApp;
  readonly databasePath: string;
  close(): Promise<void>;
}

let t: TestApp | ProxiedApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** The real app whose Web API calls go through a proxy that fails some of them with 503. */
async function startBehindProxy(failures: Map<string, number>, retries: string): Promise<ProxiedApp> {
  const slack = await startFakeSlack();
  const proxy = await startFaultyProxy(slack, failures);
  const dir = mkdtempSync(join(tmpdir(), 'cn-post-'));
  const databasePath = join(dir, 'notebook.sqlite');
  const app = await startApp({
    PORT: '0',
    HOST: '127.0.0.1',
    CAMPAIGN_DB: databasePath,
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: proxy.url,
    SLACK_API_RETRIES: retries,
    LOG_LEVEL: 'error',
  });
  slack.setAppUrl(app.url);
  return {
    slack,
    app,
    databasePath,
    async close() {
      await app.close();
      proxy.server.close();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function campaignRecorded(): boolean {
  const { notebook, close } = openNotebook(t!.databasePath);
  try {
    return notebook.listCampaigns().length === 1;
  } finally {
    close();
  }
}

async function defineCampaign(slack: FakeSlack): Promise<void> {
  await slack.slashCommand({ text: 'new w07' });
  const view = await slack.waitFor(() => slack.lastOpenView());
  const answer = await slack.submitView(view.id, { description: 'post failures' });
  expect(answer.status).toBe(200);
}

describe('Slack Web API failures when posting', () => {
  it('retries a 429 after Retry-After and posts once; the user sees no error', async () => {
    const app = await startTestApp({}, { SLACK_API_RETRIES: '2' });
    t = app;
    app.slack.failNext('chat.postMessage', 'ratelimited', 1);
    await defineCampaign(app.slack);
    await app.slack.waitFor(() => app.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')), 10_000);
    expect(app.slack.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(2);
    expect(app.slack.state.ephemerals.filter((e) => /went wrong/i.test(app.slack.messageText(e)))).toEqual([]);
    expect(campaignRecorded()).toBe(true);
  });

  it('retries 5xx answers and posts once', async () => {
    const failures = new Map([['chat.postMessage', 2]]);
    const app = await startBehindProxy(failures, '3');
    t = app;
    await defineCampaign(app.slack);
    await app.slack.waitFor(() => app.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')), 15_000);
    expect(failures.get('chat.postMessage')).toBe(0);
    expect(app.slack.channelMessages('C0GENERAL').filter((m) => m.text.includes('CMP-1'))).toHaveLength(1);
    expect(campaignRecorded()).toBe(true);
  }, 30_000);

  it('keeps the record and tells the user, with an error id, when the post keeps failing', async () => {
    const app = await startBehindProxy(new Map([['chat.postMessage', 1000]]), '1');
    t = app;
    await defineCampaign(app.slack);
    const told = await app.slack.waitFor(() => app.slack.state.ephemerals.find((e) => /went wrong/i.test(app.slack.messageText(e))), 15_000);
    expect(app.slack.messageText(told)).toMatch(/[0-9a-f]{6}/);
    expect(app.slack.channelMessages('C0GENERAL')).toEqual([]);
    expect(campaignRecorded()).toBe(true);
  }, 30_000);
});
