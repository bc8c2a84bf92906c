import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyMattermostError } from '../../src/mattermost/classify-mattermost-error.js';
import { createMattermostClient } from '../../src/mattermost/create-mattermost-client.js';

/** A server answering every request with what the test set: Mattermost's error shape, or silence. */
let answer: { status: number; id?: string; headers?: Record<string, string> } | 'silence' = { status: 500 };
let server: Server;
let url: string;

async function failureOf(timeoutMs = 2000) {
  const client = createMattermostClient({ url, token: 'bot-token', timeoutMs });
  try {
    await client.createPost({ channel_id: 'ch1', message: 'x' });
  } catch (error) {
    return classifyMattermostError(error);
  }
  throw new Error('the call succeeded');
}

describe('classifyMattermostError (errors of the real client over HTTP)', () => {
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (answer === 'silence') return;
      const { status, id, headers } = answer;
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers }).end(JSON.stringify({ id: id ?? 'some.error', message: 'said the server', status_code: status }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.closeAllConnections();
    server.close();
  });

  it('parks on a refused token and says which variable to check', async () => {
    answer = { status: 401, id: 'api.context.session_expired.app_error' };
    const failure = await failureOf();
    expect(failure).toMatchObject({ action: 'park' });
    expect(failure.message).toContain('MATTERMOST_BOT_TOKEN');
  });

  it('fails an item the channel refuses (not a member, archived, gone)', async () => {
    answer = { status: 403, id: 'api.context.permissions.app_error' };
    expect(await failureOf()).toEqual({ action: 'fail', message: 'Mattermost refused the post in its channel (403 api.context.permissions.app_error)', channel: true });
    answer = { status: 404, id: 'app.channel.get.existing.app_error' };
    expect(await failureOf()).toMatchObject({ action: 'fail', channel: true });
  });

  it('waits a 429 out by Retry-After, or else X-Ratelimit-Reset', async () => {
    answer = { status: 429, headers: { 'Retry-After': '2' } };
    expect(await failureOf()).toMatchObject({ action: 'retry', ambiguous: false, retryAfterMs: 2000 });
    answer = { status: 429, headers: { 'X-Ratelimit-Reset': '1' } };
    expect(await failureOf()).toMatchObject({ action: 'retry', retryAfterMs: 1000 });
  });

  it('retries 500 as ambiguous, 503 as not, and fails a 400', async () => {
    answer = { status: 500 };
    expect(await failureOf()).toMatchObject({ action: 'retry', ambiguous: true });
    answer = { status: 503 };
    expect(await failureOf()).toMatchObject({ action: 'retry', ambiguous: false });
    answer = { status: 400, id: 'api.post.create_post.message_length.app_error' };
    expect(await failureOf()).toMatchObject({ action: 'fail', channel: false });
  });

  it('retries a lost answer as ambiguous, a refused connection as not', async () => {
    answer = 'silence';
    const timedOut = await failureOf(150);
    expect(timedOut).toMatchObject({ action: 'retry', ambiguous: true });
    expect(timedOut.message).toContain('did not answer in time');
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const client = createMattermostClient({ url: `http://127.0.0.1:${port}`, token: 'bot-token' });
    const refused = classifyMattermostError(await client.createPost({ channel_id: 'ch1', message: 'x' }).then(() => undefined, (error: unknown) => error));
    expect(refused).toMatchObject({ action: 'retry', ambiguous: false });
    expect(refused.message).toContain('ECONNREFUSED');
  });
});
