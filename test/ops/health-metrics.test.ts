import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from '../slack/start-test-app.js';
import { startAppProcess, type AppProcess } from './app-process.js';

let t: TestApp | undefined;
let jira: FakeJira | undefined;
afterEach(async () => {
  await t?.close();
  await jira?.close();
  t = undefined;
  jira = undefined;
});

async function startWithJira(): Promise<TestApp> {
  jira = await startFakeJira();
  return startTestApp({ jira: { project: 'DM' } }, jira.appEnv());
}

async function get(path: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${t!.app.url}${path}`);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function defineCampaign(name: string): Promise<void> {
  const before = t!.slack.state.views.size;
  await t!.slack.slashCommand({ text: `new ${name}` });
  await t!.slack.waitFor(() => t!.slack.state.views.size > before);
  await t!.slack.submitView([...t!.slack.state.views.keys()].at(-1)!, { description: 'ops' });
}

describe('GET /healthz', () => {
  it('reports a writable database, the outbox backlog and the age of its oldest item', async () => {
    t = await startWithJira();
    await jira!.refuseConnections();
    await defineCampaign('w07');
    const waiting = JSON.parse((await get('/healthz')).text) as { ok: boolean; database: string; outbox: { backlog: number; oldest_pending_seconds: number } };
    expect(waiting).toMatchObject({ ok: true, database: 'ok', writable: true });
    expect(waiting.outbox.backlog).toBeGreaterThanOrEqual(1);
    expect(waiting.outbox.oldest_pending_seconds).toBeGreaterThanOrEqual(0);
    await jira!.acceptConnections();
    const drained = await waitForJson('/healthz', (body) => (body.outbox as { backlog: number }).backlog === 0);
    expect(drained).toMatchObject({ ok: true, outbox: { backlog: 0, parked: 0, failed: 0, oldest_pending_seconds: 0 } });
  });

  it('answers 503 while the database cannot take a write', async () => {
    t = await startTestApp();
    const other = openDatabase(t.databasePath);
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const locked = await get('/healthz');
      expect(locked.status).toBe(503);
      expect(JSON.parse(locked.text)).toMatchObject({ ok: false, database: 'not writable' });
      other.prepare('ROLLBACK').run();
      expect((await get('/healthz')).status).toBe(200);
    } finally {
      other.close();
    }
  }, 20_000);
});

async function waitForJson(path: string, done: (body: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 100; i++) {
    const body = JSON.parse((await get(path)).text) as Record<string, unknown>;
    if (done(body)) return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${path} never reached the expected state`);
}

describe('GET /metrics', () => {
  it('counts commands by verb, submissions, refusals and errors, and shows the outbox and Jira latency', async () => {
    t = await startWithJira();
    await t.slack.slashCommand({ text: 'list' });
    await t.slack.slashCommand({ text: 'list mine' });
    await t.slack.slashCommand({ text: 'frobnicate' });
    await defineCampaign('w07');
    await t.slack.sendRaw('command=%2Fcampaign&text=list', { signature: 'v0=forged' });
    await t.slack.sendRaw('command=%2Fcampaign&text=list', { timestamp: Math.floor(Date.now() / 1000) + 3600 });
    t.slack.failNext('chat.postMessage', 'channel_not_found', 1);
    await defineCampaign('w08');
    await t.slack.waitFor(() => t!.slack.state.ephemerals.find((e) => /went wrong/i.test(t!.slack.messageText(e))));
    await waitForJson('/healthz', (body) => (body.outbox as { backlog: number }).backlog === 0);

    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain; version=0.0.4');
    const lines = metrics.text.split('\n');
    expect(lines).toContain('campaign_commands_total{platform="slack",verb="list"} 2');
    expect(lines).toContain('campaign_commands_total{platform="slack",verb="unknown"} 1');
    expect(lines).toContain('campaign_commands_total{platform="slack",verb="new"} 2');
    expect(lines).toContain('campaign_submissions_total{platform="slack",form="campaign_new"} 2');
    expect(lines).toContain('campaign_rejected_requests_total{platform="slack",reason="signature"} 1');
    expect(lines).toContain('campaign_rejected_requests_total{platform="slack",reason="timestamp"} 1');
    expect(lines).toContain('campaign_outbox_items{state="pending"} 0');
    expect(lines).toContain('campaign_outbox_items{state="failed"} 0');
    expect(lines).toContain('campaign_outbox_oldest_pending_seconds 0');
    expect(metrics.text).toMatch(/^campaign_errors_total [1-9]/m);
    expect(metrics.text).toMatch(/^campaign_jira_request_duration_seconds_count\{operation="createIssue",outcome="ok"\} 2$/m);
    // Node's process metrics too: CPU, memory, heap, event-loop lag, open handles.
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'nodejs_eventloop_lag_p99_seconds', 'nodejs_active_handles_total']) {
      expect(metrics.text).toMatch(new RegExp(`^${name} [0-9.e+-]+$`, 'm'));
    }
    // Every sample line is `name{labels} value`, as Prometheus parses it (a name is [a-zA-Z_:][a-zA-Z0-9_:]*).
    for (const line of lines.filter((l) => l && !l.startsWith('#'))) expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[^}]*\})? [-+0-9.eInfNa]+$/);
  });
});

describe('structured logs', () => {
  let app: AppProcess | undefined;
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    app = undefined;
  });

  it('writes one JSON object a line, and the error id a user is shown is in the line that logs the failure', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cn-logs-'));
    slack = await startFakeSlack();
    writeFileSync(join(dir, 'campaign-notebook.yaml'), '{}\n');
    app = await startAppProcess({
      PORT: '0',
      HOST: '127.0.0.1',
      CAMPAIGN_DB: join(dir, 'notebook.sqlite'),
      CAMPAIGN_CONFIG: join(dir, 'campaign-notebook.yaml'),
      ...slack.appEnv(),
    });
    slack.setAppUrl(app.url);
    slack.failNext('chat.postMessage', 'channel_not_found', 1);
    await slack.slashCommand({ text: 'new w07' });
    await slack.submitView((await slack.waitFor(() => slack!.lastOpenView())).id, { description: 'logs' });
    const told = await slack.waitFor(() => slack!.state.ephemerals.find((e) => /went wrong/i.test(slack!.messageText(e))));
    const errorId = /\b([0-9a-f]{6})\b/.exec(slack.messageText(told))?.[1];
    expect(errorId).toBeDefined();
    expect(await app.stop('SIGTERM')).toBe(0);

    const lines = app.output().split('\n').filter(Boolean);
    const entries = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON log line: ${line}`);
      }
    });
    for (const entry of entries) {
      expect(typeof entry.time).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(entry.level);
      expect(typeof entry.msg).toBe('string');
    }
    const failure = entries.find((entry) => entry.error_id === errorId);
    expect(failure).toMatchObject({ level: 'error' });
    expect(String(failure!.msg)).toContain('CMP-1');
  }, 60_000);
});
