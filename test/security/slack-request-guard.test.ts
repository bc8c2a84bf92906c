import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startHttpServer, type HttpServer } from '../../src/http-server.js';
import { createMetrics, NOTEBOOK_METRICS, type Metrics } from '../../src/metrics.js';
import { guardSlackRoute, slackSignatureMatches } from '../../src/slack/guard-slack-route.js';
import { slackSignature } from '../fakes/fake-slack.js';

const SECRET = 'guard-test-signing-secret';
const NOW = 1_764_000_000_000;

let server: HttpServer | undefined;
let seen: { rawBody?: string }[];
let metrics: Metrics;

async function startGuarded(limit = 1024): Promise<void> {
  seen = [];
  metrics = createMetrics(NOTEBOOK_METRICS);
  const route = guardSlackRoute(
    {
      method: 'POST',
      path: '/slack/events',
      handle(req, res) {
        seen.push({ rawBody: (req as { rawBody?: Buffer }).rawBody?.toString() });
        res.writeHead(200).end('handled');
      },
    },
    { signingSecret: SECRET, metrics, bodyLimit: limit, now: () => NOW },
  );
  server = await startHttpServer({ port: 0, host: '127.0.0.1', routes: [route] });
}

function post(body: string | Buffer[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${server!.url}/slack/events`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'ECONNRESET' || (error as NodeJS.ErrnoException).code === 'EPIPE' ? resolve(413) : reject(error)));
    if (typeof body === 'string') req.end(body);
    else {
      for (const chunk of body) req.write(chunk);
      req.end();
    }
  });
}

function signed(body: string, timestamp: number, secret = SECRET): Record<string, string> {
  return { 'X-Slack-Request-Timestamp': String(timestamp), 'X-Slack-Signature': slackSignature(secret, timestamp, body) };
}

const COMMAND = 'command=%2Fcampaign&text=note+CMP-1+hello&user_id=U0PILOT&team_id=T0FAKE';
const nowSeconds = NOW / 1000;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('Slack request guard (before Bolt)', () => {
  it('passes a correctly signed request with its raw body, refusing nothing', async () => {
    await startGuarded();
    expect(await post(COMMAND, signed(COMMAND, nowSeconds))).toBe(200);
    expect(seen).toEqual([{ rawBody: COMMAND }]);
    expect(await metrics.render()).not.toContain('campaign_rejected_requests_total{');
  });

  it.each([
    ['six minutes old', -360],
    ['six minutes in the future', 360],
    ['a day in the future', 86_400],
  ])('refuses a correctly signed request with a timestamp %s', async (_name, offset) => {
    await startGuarded();
    expect(await post(COMMAND, signed(COMMAND, nowSeconds + offset))).toBe(401);
    expect(seen).toEqual([]);
    expect(await metrics.render()).toContain('campaign_rejected_requests_total{platform="slack",reason="timestamp"} 1');
  });

  it('accepts clock skew of up to five minutes either way', async () => {
    await startGuarded();
    expect(await post(COMMAND, signed(COMMAND, nowSeconds - 290))).toBe(200);
    expect(await post(COMMAND, signed(COMMAND, nowSeconds + 290))).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it('refuses a forged, truncated, missing or non-numeric signature or timestamp', async () => {
    await startGuarded();
    const good = signed(COMMAND, nowSeconds);
    const cases: Record<string, string>[] = [
      signed(COMMAND, nowSeconds, 'another-secret'),
      { ...good, 'X-Slack-Signature': good['X-Slack-Signature']!.slice(0, -1) },
      { ...good, 'X-Slack-Signature': `${good['X-Slack-Signature']}0` },
      { 'X-Slack-Request-Timestamp': good['X-Slack-Request-Timestamp']! },
      { 'X-Slack-Signature': good['X-Slack-Signature']! },
      { ...good, 'X-Slack-Request-Timestamp': `${nowSeconds}.0` },
      // the signature of another body
      signed(`${COMMAND}&extra=1`, nowSeconds),
    ];
    for (const headers of cases) expect(await post(COMMAND, headers)).toBe(401);
    expect(seen).toEqual([]);
  });

  it('refuses a body over the limit before reading it, declared or streamed', async () => {
    await startGuarded(1024);
    const big = `text=${'x'.repeat(2000)}`;
    expect(await post(big, signed(big, nowSeconds))).toBe(413);
    // no Content-Length: chunked, counted while it streams
    expect(await post([Buffer.from(big.slice(0, 1000)), Buffer.from(big.slice(1000))], { ...signed(big, nowSeconds), 'Transfer-Encoding': 'chunked' })).toBe(413);
    expect(seen).toEqual([]);
  });

  it('compares signatures of any length without throwing', () => {
    const body = Buffer.from('a=1');
    expect(slackSignatureMatches(SECRET, '1', body, '')).toBe(false);
    expect(slackSignatureMatches(SECRET, '1', body, 'v0=')).toBe(false);
    expect(slackSignatureMatches(SECRET, '1', body, slackSignature(SECRET, 1, 'a=1'))).toBe(true);
  });
});
