/**
 * The fake Slack of the tests: the console's Slack stand-in (src/console/slack-stand-in.ts, the
 * same code the local console runs) served alone by a node:http server on 127.0.0.1, on an
 * ephemeral port. Everything it knows is in `state`; see SlackStandIn for what it plays. On top of
 * it, what only tests need: Slack failing or slow (through the stand-in's `intercept`), forged
 * requests, and helpers to wait for and read what the bot did.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackStandIn,
  LOGIN_PAGE,
  postToBot,
  signedHeaders,
  type EventResponse,
  type SlackStandIn,
  type StandInAnswer,
  type StandInEphemeral,
  type StandInInterceptor,
  type StandInMessage,
  type StandInOptions,
  type StandInView,
} from '../../src/console/slack-stand-in.js';
import { attachSocketMode, type FakeSocketMode } from './fake-socket-mode.js';

export { LOGIN_PAGE, slackSignature } from '../../src/console/slack-stand-in.js';
export type { EventResponse, FieldInput } from '../../src/console/slack-stand-in.js';
export type FakeEphemeral = StandInEphemeral;
export type FakeView = StandInView;
export interface FakeSlackOptions extends Omit<StandInOptions, 'intercept'> {
  /** Reach the bot over Socket Mode (appEnv() gives it SLACK_APP_TOKEN) instead of HTTP. */
  readonly socketMode?: boolean;
}

export interface FakeSlack extends SlackStandIn {
  /** Make the next calls of a method fail with this Slack error code (e.g. 'ratelimited', 'channel_not_found'). */
  failNext(method: string, error: string, times?: number): void;
  /** Carry out the next call of a method at once but hold its answer until `release()` (a slow network back to the bot). */
  holdNextAnswer(method: string): () => void;
  /** Serve every file download as the HTML login page (as when the bot lacks files:read). */
  denyFileDownloads: boolean;
  /** Sends a raw body to /slack/events with optional signature overrides (forgery tests). */
  sendRaw(body: string, options?: { timestamp?: number; signature?: string; contentType?: string }): Promise<EventResponse>;
  /** Sends a payload (interactivity) signed, as Slack would, or with the given timestamp or signature. */
  sendPayload(payload: unknown, options?: { timestamp?: number; signature?: string }): Promise<EventResponse>;
  /** The most recently opened view (optionally for one user) that is still open. */
  lastOpenView(userId?: string): StandInView | undefined;
  /** Channel messages (not in a thread), oldest first. */
  channelMessages(channel: string): StandInMessage[];
  /** Replies in the thread of a message. */
  threadReplies(channel: string, ts: string): StandInMessage[];
  /** Plain text of a message: its blocks' text (or fallback text), for assertions. */
  messageText(message: { text: string; blocks: unknown[] }): string;
  /** Resolves when `probe` returns a value (checked on every change), or rejects after timeoutMs. */
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /** The app's Slack settings (environment variables) that point it at this fake, with no retries. */
  appEnv(): Record<string, string>;
  /** The Socket Mode endpoint, when started with `socketMode`. */
  readonly socketMode?: FakeSocketMode;
  close(): Promise<void>;
}

function slackError(error: string): StandInAnswer {
  // Slack answers a rate limit with 429 and Retry-After; any other error with 200 and ok: false.
  const status = error === 'ratelimited' ? 429 : 200;
  const headers = { 'Content-Type': 'application/json; charset=utf-8', ...(error === 'ratelimited' ? { 'Retry-After': '1' } : {}) };
  return { status, headers, body: JSON.stringify({ ok: false, error }) };
}

function messageText(message: { text: string; blocks: unknown[] }): string {
  const parts: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (typeof record.text === 'string') parts.push(record.text);
      for (const [key, value] of Object.entries(record)) if (key !== 'text' || typeof value !== 'string') visit(value);
    }
  };
  visit(message.blocks);
  return parts.length > 0 ? parts.join('\n') : message.text;
}

/** Starts a fake Slack on 127.0.0.1, on an ephemeral port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const failures = new Map<string, { error: string; times: number }>();
  const heldAnswers = new Map<string, Promise<void>>();
  let denyFileDownloads = false;
  const intercept: StandInInterceptor = async (call, proceed) => {
    const failure = failures.get(call.method);
    if (failure && failure.times > 0) {
      failure.times -= 1;
      return slackError(failure.error);
    }
    if (call.method === 'download' && denyFileDownloads) return { status: 200, headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: LOGIN_PAGE };
    const answer = await proceed();
    const held = heldAnswers.get(call.method);
    heldAnswers.delete(call.method);
    if (held) await held;
    return answer;
  };

  // Nobody knows the port before listen() resolves, so no request arrives before `standIn` exists.
  const server = createServer((req, res) => {
    if (socketMode?.handleApi(req, res) || standIn.handle(req, res)) return;
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: false, error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn = createSlackStandIn({ ...options, intercept, baseUrl });
  const socketMode = options.socketMode ? attachSocketMode(server, { baseUrl, botToken: standIn.botToken }) : undefined;
  if (socketMode) standIn.setAppConnection((body) => socketMode.deliver(body));
  let appUrl = '';
  const setAppUrl = standIn.setAppUrl;

  const sendRaw: FakeSlack['sendRaw'] = (body, overrides = {}) => {
    if (!appUrl) throw new Error('setAppUrl first: where is the bot?');
    return postToBot(`${appUrl}/slack/events`, body, {
      ...signedHeaders(standIn.signingSecret, body, overrides.timestamp),
      ...(overrides.contentType !== undefined ? { 'Content-Type': overrides.contentType } : {}),
      ...(overrides.signature !== undefined ? { 'X-Slack-Signature': overrides.signature } : {}),
    });
  };

  const fake: Omit<FakeSlack, keyof SlackStandIn | 'denyFileDownloads'> & Pick<SlackStandIn, 'setAppUrl'> = {
    ...(socketMode ? { socketMode } : {}),
    failNext(method, error, times = 1) {
      failures.set(method, { error, times });
    },
    holdNextAnswer(method) {
      let release = () => {};
      heldAnswers.set(method, new Promise<void>((resolve) => (release = resolve)));
      return () => release();
    },
    setAppUrl(url) {
      appUrl = url.replace(/\/+$/, '');
      setAppUrl(url);
    },
    sendRaw,
    sendPayload: (payload, overrides) => sendRaw(`payload=${encodeURIComponent(JSON.stringify(payload))}`, overrides),
    lastOpenView(userId) {
      const views = [...standIn.state.views.values()].filter((view) => view.status === 'open' && (userId === undefined || view.userId === userId));
      return views.at(-1);
    },
    channelMessages(channel) {
      return standIn.state.messages.filter((message) => message.channel === channel && !message.threadTs);
    },
    threadReplies(channel, ts) {
      return standIn.state.messages.filter((message) => message.channel === channel && message.threadTs === ts);
    },
    messageText,
    waitFor(probe, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const value = probe();
          if (value !== undefined && value !== false && value !== null) {
            standIn.events.off('change', check);
            clearTimeout(timer);
            resolve(value as never);
          }
        };
        const timer = setTimeout(() => {
          standIn.events.off('change', check);
          reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms; last calls: ${standIn.calls.slice(-5).map((call) => call.method).join(', ')}`));
        }, timeoutMs);
        standIn.events.on('change', check);
        check();
      });
    },
    appEnv() {
      return {
        SLACK_BOT_TOKEN: standIn.botToken,
        ...(socketMode ? { SLACK_APP_TOKEN: socketMode.appToken } : { SLACK_SIGNING_SECRET: standIn.signingSecret }),
        SLACK_API_URL: standIn.apiUrl,
        SLACK_API_RETRIES: '0',
      };
    },
    close() {
      socketMode?.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  // Object.assign keeps the stand-in's own accessors (version) working; denyFileDownloads is one of ours.
  return Object.defineProperty(Object.assign(standIn, fake), 'denyFileDownloads', {
    get: () => denyFileDownloads,
    set: (value: boolean) => {
      denyFileDownloads = value;
    },
    enumerable: true,
  }) as FakeSlack;
}
