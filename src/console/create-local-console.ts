import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { readBody, type Route } from '../http-server.js';
import { createSlackStandIn, type FieldInput, type SlackStandIn, type StandInMessage } from './slack-stand-in.js';

/** The local console: a Slack stand-in on the app's own server, and the web page that drives it. */
export interface LocalConsole {
  readonly standIn: SlackStandIn;
  /** What the bot is given instead of real Slack credentials. */
  readonly slack: { readonly botToken: string; readonly signingSecret: string; readonly apiUrl: string };
  /** Routes to mount: `/` (the page), `/console/*` (its JSON and events), and Slack's side (`/api/*`, …). */
  readonly routes: readonly Route[];
  /** Ends the live-update streams (so the server can close at once). */
  close(): void;
}

const PAGE_DIR = fileURLToPath(new URL('./page/', import.meta.url));
const PAGE_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'console.css': 'text/css; charset=utf-8',
  'console.js': 'text/javascript; charset=utf-8',
};
// The page builds its DOM with textContent only; this keeps it from loading anything else.
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
const UPLOAD_LIMIT = 10 * 1024 * 1024; // Slack's file_input limit
const BOT_UPLOAD_LIMIT = 200 * 1024 * 1024;

const LOCAL_CHANNELS = [
  { id: 'C0GENERAL', name: 'general' },
  { id: 'C0PROMPT', name: 'prompt-processing' },
];
// The app's message shortcuts, as its manifest.json declares them: Slack lists them in each message's ⋯ menu.
const LOCAL_SHORTCUTS = [{ name: 'Add to campaign notebook', callbackId: 'add_to_notebook' }];
const LOCAL_USERS = [
  { id: 'U0PILOT', name: 'pilot' },
  { id: 'U0JDOE', name: 'jdoe' },
  { id: 'U0OPS', name: 'ops' },
];

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
  res.end(text);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = (await readBody(req)).toString('utf8');
  try {
    const value = JSON.parse(raw || '{}') as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw Object.assign(new Error('The console expects a JSON object'), { status: 400 });
}

/** Runs a handler; a request the console cannot serve (status < 500) is answered, not logged as a failure. */
function answering(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      await handler(req, res);
    } catch (error) {
      const status = (error as { status?: number }).status ?? 500;
      if (status >= 500 || res.headersSent) throw error;
      sendJson(res, status, { ok: false, error: (error as Error).message });
    }
  };
}

/** The direct-message channel between a user and the bot, as the stand-in names it. */
function directChannel(userId: string): string {
  return `D${userId.slice(1)}`;
}

/**
 * Builds the local console for an app served at `baseUrl`: a Slack stand-in with generated
 * credentials (the bot gets them as if they were real), a few users and channels, and the page.
 */
export function createLocalConsole(options: { readonly baseUrl: string }): LocalConsole {
  if (!existsSync(`${PAGE_DIR}index.html`)) {
    throw new Error(`The local console page is missing from ${PAGE_DIR}: run from the source tree (npm start), or copy src/console/page there.`);
  }
  const botToken = `xoxb-local-${randomBytes(12).toString('hex')}`;
  const signingSecret = randomBytes(24).toString('hex');
  const standIn = createSlackStandIn({
    baseUrl: options.baseUrl,
    botToken,
    signingSecret,
    teamId: 'T0LOCAL',
    channels: LOCAL_CHANNELS,
    users: LOCAL_USERS,
    commands: ['/campaign'],
  });
  standIn.setAppUrl(options.baseUrl);
  const streams = new Set<ServerResponse>();

  const userOf = (value: unknown): string => {
    const id = String(value ?? '');
    if (!standIn.state.users.has(id)) throw Object.assign(new Error(`Unknown user "${id}"`), { status: 400 });
    return id;
  };

  function describeMessage(message: StandInMessage) {
    return {
      channel: message.channel,
      ts: message.ts,
      ...(message.threadTs ? { threadTs: message.threadTs } : {}),
      user: message.user,
      text: message.text,
      blocks: message.blocks,
      edited: message.edited,
      files: message.fileIds.flatMap((id) => {
        const file = standIn.state.files.get(id);
        return file ? [{ id, name: file.name, title: file.title, size: file.bytes.length, url: `/console/files/${id}/${encodeURIComponent(file.name)}` }] : [];
      }),
    };
  }

  /** Everything one user sees: channels, messages, their ephemerals and their open views. */
  function stateFor(userId: string) {
    const { state } = standIn;
    return {
      version: standIn.version,
      teamId: state.teamId,
      botUserId: standIn.botUserId,
      me: userId,
      users: [...state.users.values()],
      channels: [...state.channels.values()].map((channel) => ({ ...channel, kind: 'channel' })),
      directChannel: directChannel(userId),
      messages: state.messages.filter((message) => !message.channel.startsWith('D') || message.channel === directChannel(userId)).map(describeMessage),
      ephemerals: state.ephemerals.filter((ephemeral) => ephemeral.user === userId),
      shortcuts: LOCAL_SHORTCUTS,
      // The Home tab as the bot last published it for this user (views.publish), or null.
      home: state.homes.get(userId) ?? null,
      views: [...state.views.values()]
        .filter((view) => view.status === 'open' && view.userId === userId)
        .map((view) => ({ id: view.id, hash: view.hash, view: view.view, errors: view.errors })),
    };
  }

  async function servePage(name: string, res: ServerResponse): Promise<void> {
    const type = PAGE_FILES[name];
    if (!type) {
      sendJson(res, 404, { ok: false, error: 'not found' });
      return;
    }
    const body = await readFile(`${PAGE_DIR}${name}`);
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': body.length, 'Cache-Control': 'no-cache', 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  }

  function serveEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    res.write(`retry: 1000\ndata: ${standIn.version}\n\n`);
    let pending: NodeJS.Timeout | undefined;
    const onChange = () => {
      // Several changes in a burst (one command = a few API calls) make one event.
      pending ??= setTimeout(() => {
        pending = undefined;
        res.write(`data: ${standIn.version}\n\n`);
      }, 30);
    };
    const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 25_000);
    const stop = () => {
      standIn.events.off('change', onChange);
      clearInterval(keepAlive);
      clearTimeout(pending);
      streams.delete(res);
    };
    standIn.events.on('change', onChange);
    streams.add(res);
    req.on('close', stop);
  }

  function serveFile(id: string, res: ServerResponse): void {
    const file = standIn.state.files.get(id);
    if (!file) {
      sendJson(res, 404, { ok: false, error: 'no such file' });
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': file.bytes.length,
      'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      'X-Content-Type-Options': 'nosniff',
    });
    res.end(file.bytes);
  }

  async function getConsole(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (path === '/console/state') sendJson(res, 200, stateFor(userOf(url.searchParams.get('user'))));
    else if (path === '/console/events') serveEvents(req, res);
    else if ((match = /^\/console\/page\/([\w.-]+)$/.exec(path))) await servePage(match[1]!, res);
    else if ((match = /^\/console\/files\/(\w+)(\/[^/]*)?$/.exec(path))) serveFile(match[1]!, res);
    else sendJson(res, 404, { ok: false, error: 'not found' });
  }

  async function postConsole(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    let match: RegExpExecArray | null;
    if (path === '/console/command') {
      const body = await readJson(req);
      const typed = String(body.text ?? '').trim();
      const parsed = /^(\/\S+)\s*([\s\S]*)$/.exec(typed);
      if (!parsed) throw Object.assign(new Error('A command starts with /'), { status: 400 });
      const response = await standIn.slashCommand({ command: parsed[1]!, text: parsed[2]!, userId: userOf(body.user), channelId: String(body.channel ?? 'C0GENERAL') });
      sendJson(res, 200, { status: response.status });
    } else if (path === '/console/home') {
      // The user opens the app's Home tab: Slack sends app_home_opened; the bot answers with views.publish.
      const body = await readJson(req);
      const response = await standIn.openHome(userOf(body.user));
      sendJson(res, 200, { status: response.status });
    } else if (path === '/console/shortcut') {
      const body = await readJson(req);
      const callbackId = String(body.callbackId ?? '');
      if (!LOCAL_SHORTCUTS.some((shortcut) => shortcut.callbackId === callbackId)) throw Object.assign(new Error(`Unknown shortcut "${callbackId}"`), { status: 400 });
      const channelId = String(body.channel ?? '');
      const messageTs = String(body.messageTs ?? '');
      if (!standIn.state.messages.some((message) => message.channel === channelId && message.ts === messageTs)) throw Object.assign(new Error('No such message'), { status: 404 });
      const response = await standIn.messageShortcut({ userId: userOf(body.user), channelId, messageTs, callbackId });
      sendJson(res, 200, { status: response.status });
    } else if (path === '/console/message') {
      const body = await readJson(req);
      const message = standIn.userMessage({
        channelId: String(body.channel ?? ''),
        userId: userOf(body.user),
        text: String(body.text ?? ''),
        ...(body.threadTs ? { threadTs: String(body.threadTs) } : {}),
      });
      sendJson(res, 200, { ts: message.ts });
    } else if (path === '/console/files') {
      const bytes = await readBody(req, UPLOAD_LIMIT);
      const name = (url.searchParams.get('name') ?? 'file').replace(/[/\\]/g, '_').slice(0, 200) || 'file';
      const file = standIn.attachFile(name, bytes, userOf(url.searchParams.get('user')));
      sendJson(res, 200, { id: file.id, name: file.name, size: file.size });
    } else if ((match = /^\/console\/views\/(\w+)\/(submit|close)$/.exec(path))) {
      const body = await readJson(req);
      const view = standIn.state.views.get(match[1]!);
      const userId = userOf(body.user);
      if (!view || view.userId !== userId) throw Object.assign(new Error('No such view for this user'), { status: 404 });
      if (match[2] === 'close') {
        await standIn.closeView(view.id);
        sendJson(res, 200, { ok: true });
        return;
      }
      const fields: Record<string, FieldInput> = {};
      for (const [blockId, value] of Object.entries((body.values ?? {}) as Record<string, unknown>)) {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          // A file_input: the page sends the ids of the files it uploaded to /console/files.
          const ids = ((value as { fileIds?: unknown }).fileIds ?? []) as unknown[];
          fields[blockId] = ids.flatMap((id) => standIn.fileObject(String(id)) ?? []);
        } else if (Array.isArray(value)) fields[blockId] = value.map(String);
        else fields[blockId] = value === null || value === undefined ? null : String(value);
      }
      const response = await standIn.submitView(view.id, fields, { userId });
      sendJson(res, 200, { status: response.status, response_action: response.json?.response_action ?? null, errors: response.json?.errors ?? null });
    } else if (path === '/console/actions') {
      const body = await readJson(req);
      const response = await standIn.clickButton({
        userId: userOf(body.user),
        action: (body.action ?? {}) as Record<string, unknown>,
        ...(body.blockId ? { blockId: String(body.blockId) } : {}),
        ...(body.channel ? { channelId: String(body.channel) } : {}),
        ...(body.messageTs ? { messageTs: String(body.messageTs) } : {}),
        ...(body.viewId ? { viewId: String(body.viewId) } : {}),
      });
      sendJson(res, 200, { status: response.status });
    } else sendJson(res, 404, { ok: false, error: 'not found' });
  }

  const slackSide = (req: IncomingMessage, res: ServerResponse) => {
    if (!standIn.handle(req, res)) sendJson(res, 404, { ok: false, error: 'not_found' });
  };

  return {
    standIn,
    slack: { botToken, signingSecret, apiUrl: standIn.apiUrl },
    routes: [
      { method: 'GET', path: '/', handle: (_req, res) => servePage('index.html', res) },
      { method: 'GET', path: '/console', prefix: true, handle: answering(getConsole) },
      { method: 'POST', path: '/console/files', bodyLimit: UPLOAD_LIMIT, handle: answering(postConsole) },
      { method: 'POST', path: '/console', prefix: true, handle: answering(postConsole) },
      // Slack's side of the wire, for the bot: Web API, file upload and download, response_url.
      { method: 'POST', path: '/api', prefix: true, bodyLimit: UPLOAD_LIMIT, handle: slackSide },
      { method: 'POST', path: '/upload/v1', prefix: true, bodyLimit: BOT_UPLOAD_LIMIT, handle: slackSide },
      { method: 'GET', path: '/files-pri', prefix: true, handle: slackSide },
      { method: 'POST', path: '/response', prefix: true, handle: slackSide },
    ],
    close() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
