import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LogLevel, webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifySlackError } from '../../src/slack/classify-slack-error.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';

/** The WebClient as the chat outbox uses it: no retries of its own, 429 handed back. */
function outboxClient(apiUrl: string, token: string, timeout = 2000): webApi.WebClient {
  return new webApi.WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout, logLevel: LogLevel.ERROR });
}

async function failureOf(call: Promise<unknown>) {
  try {
    await call;
  } catch (error) {
    return classifySlackError(error);
  }
  throw new Error('the call succeeded');
}

describe('classifySlackError (errors of a real WebClient against the fake Slack)', () => {
  let slack: FakeSlack;
  let client: webApi.WebClient;
  let broken: Server;
  beforeAll(async () => {
    slack = await startFakeSlack();
    client = outboxClient(slack.apiUrl, slack.botToken);
    broken = createServer((req, res) => res.writeHead(Number(new URL(req.url!, 'http://x').searchParams.get('status') ?? 500)).end('upstream trouble'));
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await slack.close();
    broken.close();
  });

  it('fails an item the channel refuses, telling it is the channel', async () => {
    for (const code of ['channel_not_found', 'not_in_channel', 'is_archived']) {
      slack.failNext('chat.postMessage', code);
      expect(await failureOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }))).toEqual({
        action: 'fail',
        message: `Slack refused the post in its channel (${code})`,
        channel: true,
      });
    }
  });

  it('parks on refused credentials, saying what to fix', async () => {
    const wrongToken = outboxClient(slack.apiUrl, 'xoxb-revoked');
    const parked = await failureOf(wrongToken.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }));
    expect(parked).toMatchObject({ action: 'park' });
    expect(parked.message).toContain('invalid_auth');
    expect(parked.message).toContain('SLACK_BOT_TOKEN');
  });

  it('honours Retry-After of a 429, and never calls it ambiguous', async () => {
    slack.failNext('chat.postMessage', 'ratelimited');
    expect(await failureOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }))).toMatchObject({ action: 'retry', ambiguous: false, retryAfterMs: 1000 });
  });

  it('retries HTTP 500 as ambiguous (the post may exist) and 503 as not', async () => {
    const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/`;
    const at = (status: number) => new webApi.WebClient('xoxb-1', { slackApiUrl: `${url}?status=${status}&x=`, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR });
    expect(await failureOf(at(500).chat.postMessage({ channel: 'C1', text: 'x' }))).toMatchObject({ action: 'retry', ambiguous: true });
    expect(await failureOf(at(503).chat.postMessage({ channel: 'C1', text: 'x' }))).toMatchObject({ action: 'retry', ambiguous: false });
  });

  it('retries a lost answer as ambiguous, a refused connection as not', async () => {
    const release = slack.holdNextAnswer('chat.postMessage');
    const slow = outboxClient(slack.apiUrl, slack.botToken, 200);
    const timedOut = await failureOf(slow.chat.postMessage({ channel: 'C0GENERAL', text: 'made, answer lost' }));
    release();
    expect(timedOut).toMatchObject({ action: 'retry', ambiguous: true });
    expect(timedOut.message).toContain('did not answer in time');

    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const refused = await failureOf(outboxClient(`http://127.0.0.1:${port}/api/`, 'xoxb-1').chat.postMessage({ channel: 'C1', text: 'x' }));
    expect(refused).toMatchObject({ action: 'retry', ambiguous: false });
    expect(refused.message).toContain('ECONNREFUSED');
  });

  it('fails what Slack refuses for good, without blaming the channel', async () => {
    slack.failNext('chat.postMessage', 'msg_blocks_too_long');
    expect(await failureOf(client.chat.postMessage({ channel: 'C0GENERAL', text: 'x' }))).toEqual({ action: 'fail', message: 'Slack refused the call (msg_blocks_too_long)', channel: false });
  });
});
