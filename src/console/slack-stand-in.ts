/**
 * A stand-in for Slack, used by the tests (test/fakes/fake-slack.ts serves it on its own port) and
 * by the local console (mounted on the app's own server): request handlers that play both sides
 * of the wire. It imports nothing of the bot: it knows it only through HTTP.
 * - Slack's side towards the bot: the Web API methods it calls (JSON answers like Slack's), the
 *   upload URL of files.uploadV2, file downloads at url_private_download (bearer token checked; an
 *   HTML login page otherwise, as Slack does), and response_url posts. Every call is recorded.
 * - The user's side towards the bot: signed requests to the bot's /slack/events exactly as Slack
 *   sends them (form-encoded slash commands; `payload=` JSON for view submissions built from the
 *   view the bot opened, state.values by block_id/action_id).
 * Everything it knows is in `state` (channels, messages and threads, ephemerals, files, views).
 * It plays Slack as it behaves when all is well; a test that wants Slack to fail or be slow says so
 * through `intercept` (test/fakes/fake-slack.ts does).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface StandInMessage {
  readonly channel: string;
  readonly ts: string;
  readonly threadTs?: string;
  text: string;
  blocks: unknown[];
  edited: boolean;
  readonly fileIds: readonly string[];
  /** The bot (`B…`) or the user who posted it. */
  readonly user: string;
  /** The message's `metadata` ({event_type, event_payload}), as chat.postMessage / chat.update gave it. */
  metadata?: Record<string, unknown>;
}

/** A button of an actions block, as the bot sends it. */
interface ButtonElement {
  readonly type?: string;
  readonly action_id?: string;
  readonly text?: { text?: string };
  readonly value?: string;
  readonly style?: string;
  readonly confirm?: { title?: { text?: string }; text?: { text?: string }; confirm?: { text?: string }; deny?: { text?: string } };
}

export interface StandInEphemeral {
  readonly channel: string;
  /** When it was shown, on the same clock as message ts (for ordering). */
  readonly ts: string;
  readonly user: string;
  readonly text: string;
  readonly blocks: unknown[];
  /** `slack`: what Slack itself says (e.g. a slash command that failed); `command_response`: the ack's body. */
  readonly via: 'chat.postEphemeral' | 'response_url' | 'command_response' | 'slack';
}

export interface StandInFile {
  readonly id: string;
  readonly name: string;
  title: string;
  bytes: Buffer;
  readonly uploadedBy: string;
  /** Channels it was shared to (empty for a file only attached to a form). */
  channels: string[];
  readonly urlPrivateDownload: string;
  complete: boolean;
}

export interface StandInView {
  readonly id: string;
  view: Record<string, unknown>;
  hash: string;
  readonly userId: string;
  /** open: shown; closed: the bot closed it (ack without body) or the user cancelled. */
  status: 'open' | 'closed';
  /** Inline errors from the last `response_action: errors`. */
  errors: Record<string, string>;
  /** Every version the view went through (views.open, response_action update, views.update). */
  readonly history: Record<string, unknown>[];
}

export interface StandInApiCall {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
  /** Set once answered: the HTTP status, and Slack's error code when it refused the call. */
  answered?: { readonly status: number; readonly error?: string };
}

/** The whole of what the stand-in knows; the console page renders this. */
export interface StandInState {
  readonly teamId: string;
  readonly channels: Map<string, { id: string; name: string }>;
  readonly users: Map<string, { id: string; name: string }>;
  readonly messages: StandInMessage[];
  readonly ephemerals: StandInEphemeral[];
  readonly files: Map<string, StandInFile>;
  readonly views: Map<string, StandInView>;
  readonly usergroups: Map<string, string[]>;
  /** Channels the bot is not a member of (private ones: Slack answers channel_not_found there). */
  readonly withoutBot: Set<string>;
  /** Each user's App Home tab, as the bot last published it (views.publish). */
  readonly homes: Map<string, Record<string, unknown>>;
}

/** An answer of Slack's side to the bot, before it is sent. */
export interface StandInAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | Buffer;
}

/**
 * Sees each call the bot makes to Slack's side (as recorded in `calls`) and gives its answer:
 * `proceed()` carries the call out as Slack would and returns Slack's answer; an interceptor may
 * instead answer otherwise without proceeding (a failure), or proceed and hold the answer (a slow network).
 */
export type StandInInterceptor = (call: StandInApiCall, proceed: () => Promise<StandInAnswer>) => Promise<StandInAnswer>;

export interface StandInOptions {
  readonly signingSecret?: string;
  readonly botToken?: string;
  readonly teamId?: string;
  /** Channels and users of the workspace (default: #general and one user, U0PILOT "pilot"). */
  readonly channels?: readonly { id: string; name: string }[];
  readonly users?: readonly { id: string; name: string }[];
  /** Slash commands the app registered; others get Slack's "not a valid command" (default: any). */
  readonly commands?: readonly string[];
  /** Every call to Slack's side goes through it (default: carried out as Slack would). */
  readonly intercept?: StandInInterceptor;
}

export interface EventResponse {
  readonly status: number;
  readonly text: string;
  /** The JSON body, when there was one. */
  readonly json?: Record<string, unknown>;
}

/** A value for a field when submitting a view: text, a select's value, user ids, or files. */
export type FieldInput = string | null | readonly string[] | readonly SlackFileObject[];

/** A file as Slack describes it in `files[]` of a file_input value. */
export interface SlackFileObject {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly size: number;
  readonly mimetype: string;
  readonly url_private: string;
  readonly url_private_download: string;
}

export const LOGIN_PAGE = '<!DOCTYPE html><html><head><title>Slack</title></head><body>Sign in to Slack</body></html>';

// Fields of Web API calls that the WebClient sends JSON-encoded inside a form body.
const JSON_FIELDS = new Set(['blocks', 'view', 'attachments', 'files', 'metadata']);

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Signs a body as Slack does: `v0=` + HMAC-SHA256(secret, `v0:{timestamp}:{body}`). */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The headers Slack sends with an event: the form content type and a signature over the body at `timestamp` (default now). */
export function signedHeaders(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): Record<string, string> {
  return {
    // Exactly what Slack sends: Bolt refuses `; charset=utf-8`.
    'Content-Type': 'application/x-www-form-urlencoded',
    'X-Slack-Request-Timestamp': String(timestamp),
    'X-Slack-Signature': slackSignature(secret, timestamp, body),
  };
}

/** POSTs an event body to the bot with these headers, and reads its answer. */
export async function postToBot(url: string, body: string, headers: Readonly<Record<string, string>>): Promise<EventResponse> {
  const response = await fetch(url, { method: 'POST', headers, body });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, ...(json ? { json } : {}) };
}

export class SlackApiError extends Error {}

export interface SlashCommandInput {
  readonly text: string;
  readonly userId?: string;
  readonly userName?: string;
  readonly channelId?: string;
  readonly teamId?: string;
  readonly command?: string;
}

/** Who clicks which button (its element as the bot drew it), on which message or view. */
export interface ButtonClickInput {
  readonly userId: string;
  readonly action: Record<string, unknown>;
  readonly blockId?: string;
  readonly channelId?: string;
  readonly messageTs?: string;
  readonly viewId?: string;
}

export interface SlackStandIn {
  /** Base URL the stand-in is served at, e.g. http://127.0.0.1:40123 */
  readonly url: string;
  /** For SLACK_API_URL. */
  readonly apiUrl: string;
  readonly signingSecret: string;
  readonly botToken: string;
  readonly botUserId: string;
  readonly state: StandInState;
  readonly calls: StandInApiCall[];
  /** Changes emitted on every call and state change ('change'). */
  readonly events: EventEmitter;
  /** Grows by one on every change (the console's pages poll or stream it). */
  readonly version: number;
  /**
   * Serves Slack's side of the wire: `POST /api/<method>`, `POST /upload/v1/<file>`,
   * `GET /files-pri/<team>-<file>/download/<name>`, `POST /response/<token>`. Returns false (and
   * leaves the request alone) for any other path.
   */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Where the bot is: its base URL (events go to `${appUrl}/slack/events`). */
  setAppUrl(appUrl: string): void;
  /**
   * Socket Mode: the bot is reached through `deliver` (the body Slack would have POSTed; resolves
   * with the bot's ack) instead of HTTP, and nothing is signed.
   */
  setAppConnection(deliver: ((body: string) => Promise<EventResponse>) | undefined): void;
  /** A user types `/campaign <text>` in a channel. */
  slashCommand(input: SlashCommandInput): Promise<EventResponse>;
  /** The form body slashCommand would send (its trigger id and response URL registered), for sending later. */
  commandBody(input: SlashCommandInput): string;
  /**
   * A user submits an open view: fields not given keep the view's initial values (as in Slack).
   * Applies the bot's response_action (errors keep it open, update replaces it, none closes it).
   */
  submitView(viewId: string, fields: Readonly<Record<string, FieldInput>>, input?: { userId?: string; teamId?: string }): Promise<EventResponse>;
  /** The payload submitView would send (for sending later, or twice). */
  buildViewSubmission(viewId: string, fields: Readonly<Record<string, FieldInput>>, input?: { userId?: string; teamId?: string }): Record<string, unknown>;
  /** A user attaches a file in a file_input (stored, not shared to a channel); returns Slack's file object. */
  attachFile(name: string, bytes: Buffer | string, userId?: string): SlackFileObject;
  /** Slack's file object for a stored file (as in a file_input value), undefined when unknown. */
  fileObject(fileId: string): SlackFileObject | undefined;
  /** The user closes a view with its close button (Slack sends view_closed only when the view asks). */
  closeView(viewId: string): Promise<void>;
  /** A user posts a plain message (not a command) in a channel or a thread. */
  userMessage(input: { channelId: string; userId: string; text: string; threadTs?: string }): StandInMessage;
  /** A user opens the app's Home tab: a signed `app_home_opened` event (Events API, JSON). */
  openHome(userId: string): Promise<EventResponse>;
  /** A user picks a message shortcut in a message's ⋯ menu: a signed `message_action` payload. */
  messageShortcut(input: { userId: string; channelId: string; messageTs: string; callbackId: string }): Promise<EventResponse>;
  /** A user clicks a button of a message or a view: a signed block_actions payload. */
  clickButton(input: ButtonClickInput): Promise<EventResponse>;
  /** The block_actions payload clickButton would send (its trigger id and response URL registered), for sending later. */
  buildButtonClick(input: ButtonClickInput): Record<string, unknown>;
}

/** A Slack stand-in served at `baseUrl` (whoever owns the HTTP server routes requests to `handle`). */
export function createSlackStandIn(options: StandInOptions & { readonly baseUrl: string }): SlackStandIn {
  const signingSecret = options.signingSecret ?? 'fake-signing-secret';
  const botToken = options.botToken ?? 'xoxb-fake-bot-token';
  const teamId = options.teamId ?? 'T0FAKE';
  const botUserId = 'U0BOT';
  const botId = 'B0BOT';
  const state: StandInState = {
    teamId,
    channels: new Map((options.channels ?? [{ id: 'C0GENERAL', name: 'general' }]).map((channel) => [channel.id, { ...channel }])),
    users: new Map((options.users ?? [{ id: 'U0PILOT', name: 'pilot' }]).map((user) => [user.id, { ...user }])),
    messages: [],
    ephemerals: [],
    files: new Map(),
    views: new Map(),
    usergroups: new Map(),
    withoutBot: new Set(),
    homes: new Map(),
  };
  const calls: StandInApiCall[] = [];
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const triggers = new Map<string, { userId: string; at: number; used: boolean }>();
  const responseUrls = new Map<string, { channel: string; user: string; uses: number; at: number }>();
  let appUrl = '';
  let appConnection: ((body: string) => Promise<EventResponse>) | undefined;
  let counter = 0;
  let version = 0;
  const base = options.baseUrl.replace(/\/+$/, '');
  const changed = () => {
    version += 1;
    events.emit('change');
  };
  const nextId = (prefix: string) => `${prefix}${(++counter).toString(36).toUpperCase().padStart(8, '0')}`;
  // Real seconds, as Slack's ts; the counter keeps them unique and ordered within a second.
  const nextTs = () => `${Math.floor(Date.now() / 1000)}.${String(++counter).padStart(6, '0')}`;

  function viewPayload(view: StandInView): Record<string, unknown> {
    return { ...view.view, id: view.id, hash: view.hash, team_id: teamId, app_id: 'A0APP', bot_id: botId, root_view_id: view.id, previous_view_id: null };
  }

  function setView(view: StandInView, next: Record<string, unknown>): void {
    view.view = next;
    view.hash = `${Date.now()}.${randomBytes(4).toString('hex')}`;
    view.history.push(next);
    view.errors = {};
    view.status = 'open';
  }

  function postMessage(params: Record<string, unknown>, user: string, fileIds: string[] = []): StandInMessage {
    let channel = String(params.channel ?? params.channel_id ?? '');
    if (/^U/.test(channel)) channel = `D${channel.slice(1)}`;
    if (user === botUserId && state.withoutBot.has(channel)) throw new SlackApiError('channel_not_found');
    const threadTs = params.thread_ts ? String(params.thread_ts) : undefined;
    if (threadTs && !state.messages.some((message) => message.channel === channel && message.ts === threadTs)) {
      throw new SlackApiError('thread_not_found');
    }
    const message: StandInMessage = {
      channel,
      ts: nextTs(),
      ...(threadTs ? { threadTs } : {}),
      text: String(params.text ?? params.initial_comment ?? ''),
      blocks: (params.blocks as unknown[]) ?? [],
      edited: false,
      fileIds,
      user,
      ...(params.metadata && typeof params.metadata === 'object' ? { metadata: params.metadata as Record<string, unknown> } : {}),
    };
    checkMessageLimits(message);
    state.messages.push(message);
    return message;
  }

  function checkMessageLimits(message: { text: string; blocks: unknown[] }): void {
    if (message.blocks.length > 50) throw new SlackApiError('invalid_blocks');
    if (JSON.stringify(message.blocks).length > 13_000) throw new SlackApiError('msg_blocks_too_long');
    for (const block of message.blocks as { type?: string; text?: { text?: string }; fields?: { text?: string }[] }[]) {
      if ((block.text?.text?.length ?? 0) > 3000) throw new SlackApiError('invalid_blocks');
      if ((block.fields?.length ?? 0) > 10) throw new SlackApiError('invalid_blocks');
      if (block.type === 'header' && (block.text?.text?.length ?? 0) > 150) throw new SlackApiError('invalid_blocks');
    }
    for (const block of message.blocks as { type?: string; elements?: ButtonElement[] }[]) if (block.type === 'actions') checkActions(block.elements ?? []);
    if (!message.text && message.blocks.length === 0) throw new SlackApiError('no_text');
  }

  // Slack's limits on an actions block of buttons (Block Kit reference): what it refuses with invalid_blocks.
  function checkActions(elements: readonly ButtonElement[]): void {
    // action_id is optional (Slack makes one up) but unique among those given.
    const ids = elements.flatMap((element) => (element.action_id === undefined ? [] : [element.action_id]));
    const tooLong = (value: { text?: string } | string | undefined, max: number) => (typeof value === 'string' ? value : (value?.text ?? '')).length > max;
    if (elements.length === 0 || elements.length > 25 || new Set(ids).size !== ids.length) throw new SlackApiError('invalid_blocks');
    for (const element of elements) {
      if (element.type !== 'button' || (element.action_id ?? '').length > 255 || tooLong(element.text, 75) || tooLong(element.value, 2000)) throw new SlackApiError('invalid_blocks');
      if (element.style !== undefined && element.style !== 'primary' && element.style !== 'danger') throw new SlackApiError('invalid_blocks');
      const confirm = element.confirm;
      if (confirm && (tooLong(confirm.title, 100) || tooLong(confirm.text, 300) || tooLong(confirm.confirm, 30) || tooLong(confirm.deny, 30))) throw new SlackApiError('invalid_blocks');
    }
  }

  function messageLimitsRefusal(message: { text: string; blocks: unknown[] }): string | undefined {
    try {
      checkMessageLimits(message);
      return undefined;
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      return error.message;
    }
  }

  function checkView(view: Record<string, unknown>): void {
    const title = (view.title as { text?: string } | undefined)?.text ?? '';
    if (title.length > 24) throw new SlackApiError('invalid_arguments');
    if (((view.blocks as unknown[]) ?? []).length > 100) throw new SlackApiError('invalid_arguments');
    if (String(view.private_metadata ?? '').length > 3000) throw new SlackApiError('invalid_arguments');
  }

  const methods: Record<string, (params: Record<string, unknown>) => Record<string, unknown>> = {
    'auth.test': () => ({ url: `${base}/`, team: 'Fake Workspace', user: 'campaign-notebook', team_id: teamId, user_id: botUserId, bot_id: botId }),
    'views.open': (params) => {
      const trigger = triggers.get(String(params.trigger_id));
      if (!trigger) throw new SlackApiError('invalid_trigger_id');
      if (trigger.used || Date.now() - trigger.at > 3000) throw new SlackApiError('expired_trigger_id');
      trigger.used = true;
      const next = params.view as Record<string, unknown>;
      checkView(next);
      const view: StandInView = { id: nextId('V'), view: next, hash: '', userId: trigger.userId, status: 'open', errors: {}, history: [] };
      setView(view, next);
      state.views.set(view.id, view);
      return { view: viewPayload(view) };
    },
    'views.update': (params) => {
      const view = state.views.get(String(params.view_id));
      if (!view || view.status === 'closed') throw new SlackApiError('not_found');
      if (params.hash && params.hash !== view.hash) throw new SlackApiError('hash_conflict');
      const next = params.view as Record<string, unknown>;
      checkView(next);
      setView(view, next);
      return { view: viewPayload(view) };
    },
    'views.push': (params) => {
      const trigger = triggers.get(String(params.trigger_id));
      if (!trigger || trigger.used) throw new SlackApiError('invalid_trigger_id');
      trigger.used = true;
      const next = params.view as Record<string, unknown>;
      const view: StandInView = { id: nextId('V'), view: next, hash: '', userId: trigger.userId, status: 'open', errors: {}, history: [] };
      setView(view, next);
      state.views.set(view.id, view);
      return { view: viewPayload(view) };
    },
    'chat.postMessage': (params) => {
      const message = postMessage(params, botUserId);
      return { channel: message.channel, ts: message.ts, message: { text: message.text, ts: message.ts, bot_id: botId } };
    },
    'views.publish': (params) => {
      const userId = String(params.user_id ?? '');
      if (!state.users.has(userId)) throw new SlackApiError('user_not_found');
      const view = params.view as Record<string, unknown>;
      if (view?.type !== 'home' || ((view.blocks as unknown[]) ?? []).length > 100) throw new SlackApiError('invalid_arguments');
      state.homes.set(userId, view);
      return { view: { ...view, id: `VHOME${userId}` } };
    },
    'chat.getPermalink': (params) => {
      const message = state.messages.find((item) => item.channel === params.channel && item.ts === params.message_ts);
      if (!message) throw new SlackApiError(state.channels.has(String(params.channel)) ? 'message_not_found' : 'channel_not_found');
      const thread = message.threadTs ? `?thread_ts=${message.threadTs}&cid=${message.channel}` : '';
      return { channel: message.channel, permalink: `${base}/archives/${message.channel}/p${message.ts.replace('.', '')}${thread}` };
    },
    'chat.update': (params) => {
      if (state.withoutBot.has(String(params.channel))) throw new SlackApiError('channel_not_found');
      const message = state.messages.find((item) => item.channel === params.channel && item.ts === params.ts);
      if (!message) throw new SlackApiError('message_not_found');
      const next = { text: String(params.text ?? message.text), blocks: (params.blocks as unknown[]) ?? message.blocks };
      checkMessageLimits(next);
      message.text = next.text;
      message.blocks = next.blocks;
      message.edited = true;
      if (params.metadata && typeof params.metadata === 'object') message.metadata = params.metadata as Record<string, unknown>;
      return { channel: message.channel, ts: message.ts };
    },
    // Newest first, paged by cursor; metadata only with include_all_metadata (as Slack).
    'conversations.history': (params) => history(params, (message) => !message.threadTs),
    'conversations.replies': (params) => history(params, (message) => message.ts === params.ts || message.threadTs === params.ts),
    'chat.postEphemeral': (params) => {
      const channel = String(params.channel ?? '');
      if (!state.channels.has(channel)) throw new SlackApiError('channel_not_found');
      const ephemeral: StandInEphemeral = {
        channel,
        ts: nextTs(),
        user: String(params.user ?? ''),
        text: String(params.text ?? ''),
        blocks: (params.blocks as unknown[]) ?? [],
        via: 'chat.postEphemeral',
      };
      checkMessageLimits(ephemeral);
      state.ephemerals.push(ephemeral);
      return { message_ts: nextTs() };
    },
    'files.getUploadURLExternal': (params) => {
      const id = nextId('F');
      const name = String(params.filename ?? 'file');
      state.files.set(id, {
        id,
        name,
        title: name,
        bytes: Buffer.alloc(0),
        uploadedBy: botUserId,
        channels: [],
        urlPrivateDownload: `${base}/files-pri/${teamId}-${id}/download/${encodeURIComponent(name)}`,
        complete: false,
      });
      return { upload_url: `${base}/upload/v1/${id}`, file_id: id };
    },
    'files.completeUploadExternal': (params) => {
      const list = (params.files as { id: string; title?: string }[]) ?? [];
      const files = list.map((item) => {
        const file = state.files.get(item.id);
        if (!file) throw new SlackApiError('file_not_found');
        file.title = item.title ?? file.title;
        file.complete = true;
        return file;
      });
      const channel = params.channel_id ? String(params.channel_id) : undefined;
      if (channel) {
        for (const file of files) file.channels.push(channel);
        postMessage({ channel, text: params.initial_comment ?? '', thread_ts: params.thread_ts }, botUserId, files.map((file) => file.id));
      }
      return { files: files.map((file) => ({ id: file.id, name: file.name, title: file.title, size: file.bytes.length })) };
    },
    'usergroups.users.list': (params) => {
      const users = state.usergroups.get(String(params.usergroup));
      if (!users) throw new SlackApiError('no_such_subteam');
      return { users };
    },
  };

  function history(params: Record<string, unknown>, inView: (message: StandInMessage) => boolean): Record<string, unknown> {
    const channel = String(params.channel ?? '');
    if (state.withoutBot.has(channel)) throw new SlackApiError('channel_not_found');
    const oldest = Number(params.oldest ?? 0);
    const limit = Math.min(Number(params.limit ?? 100) || 100, 1000);
    const start = Number(params.cursor ?? 0) || 0;
    const all = state.messages.filter((message) => message.channel === channel && inView(message) && Number(message.ts) >= oldest).reverse();
    const page = all.slice(start, start + limit);
    const withMetadata = params.include_all_metadata === true || params.include_all_metadata === 'true';
    return {
      messages: page.map((message) => ({
        type: 'message',
        ts: message.ts,
        ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        text: message.text,
        ...(message.user === botUserId ? { bot_id: botId } : { user: message.user }),
        ...(withMetadata && message.metadata ? { metadata: message.metadata } : {}),
      })),
      has_more: start + limit < all.length,
      response_metadata: { next_cursor: start + limit < all.length ? String(start + limit) : '' },
    };
  }

  const json = (body: unknown, status = 200, headers: Record<string, string> = {}): StandInAnswer => ({
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  });
  const plain = (body: string | Buffer, status = 200, contentType = 'text/plain'): StandInAnswer => ({ status, headers: { 'Content-Type': contentType }, body });

  /** Slack's error code in an answer: `{ok: false, error}` from the Web API, the plain text of a refused response_url post. */
  function refusalOf(answer: StandInAnswer): { error?: string } {
    const body = answer.body.toString();
    if (answer.status >= 400 && !body.startsWith('{')) return { error: body };
    const error = body.startsWith('{"ok":false') ? (JSON.parse(body) as { error?: string }).error : undefined;
    return error === undefined ? {} : { error };
  }

  /** Records a call, lets `intercept` see it, and sends the answer; what the call did is visible (a change) before its answer is. */
  async function answerCall(call: StandInApiCall, res: ServerResponse, carryOut: () => StandInAnswer | Promise<StandInAnswer>): Promise<void> {
    calls.push(call);
    const proceed = async () => {
      const answer = await carryOut();
      changed();
      return answer;
    };
    const answer = options.intercept ? await options.intercept(call, proceed) : await proceed();
    call.answered = { status: answer.status, ...refusalOf(answer) };
    res.writeHead(answer.status, { ...answer.headers, 'Content-Length': Buffer.byteLength(answer.body) }).end(answer.body);
    changed();
  }

  function webApiAnswer(method: string, params: Record<string, unknown>, auth: string): StandInAnswer {
    try {
      if (auth !== `Bearer ${botToken}`) throw new SlackApiError(auth ? 'invalid_auth' : 'not_authed');
      const handler = methods[method];
      if (!handler) throw new SlackApiError('unknown_method');
      return json({ ok: true, ...handler(params) });
    } catch (error) {
      if (!(error instanceof SlackApiError)) throw error;
      return json({ ok: false, error: error.message });
    }
  }

  async function handleApi(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readAll(req)).toString('utf8');
    const type = req.headers['content-type'] ?? '';
    let params: Record<string, unknown> = {};
    if (type.startsWith('application/json')) params = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    else {
      for (const [key, value] of new URLSearchParams(raw)) {
        params[key] = JSON_FIELDS.has(key) ? JSON.parse(value) : value;
      }
    }
    const auth = req.headers.authorization ?? (params.token ? `Bearer ${String(params.token)}` : '');
    await answerCall({ method, params, at: Date.now() }, res, () => webApiAnswer(method, params, auth));
  }

  async function handleUpload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAll(req);
    const type = req.headers['content-type'] ?? '';
    const bytes = type.startsWith('multipart/form-data') ? await multipartFile(body, type) : body;
    await answerCall({ method: 'upload', params: { file_id: id, bytes: bytes.length }, at: Date.now() }, res, () => {
      const file = state.files.get(id);
      if (!file) return plain('', 404);
      file.bytes = bytes;
      return plain(`OK - ${file.bytes.length}`);
    });
  }

  async function multipartFile(body: Buffer, type: string): Promise<Buffer> {
    const form = await new Request('http://upload/', { method: 'POST', headers: { 'content-type': type }, body }).formData();
    const part = [...form.values()].find((value) => typeof value !== 'string') as Blob | undefined;
    return part ? Buffer.from(await part.arrayBuffer()) : Buffer.alloc(0);
  }

  async function handleDownload(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const authorized = req.headers.authorization === `Bearer ${botToken}`;
    await answerCall({ method: 'download', params: { file_id: id, authorized }, at: Date.now() }, res, () => {
      const file = state.files.get(id);
      // What Slack does without a valid token: a 200 with its sign-in page.
      if (!file || !authorized) return plain(LOGIN_PAGE, 200, 'text/html; charset=utf-8');
      return plain(file.bytes, 200, 'application/octet-stream');
    });
  }

  async function handleResponseUrl(token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = (await readAll(req)).toString('utf8');
    const body = JSON.parse(raw || '{}') as { text?: string; blocks?: unknown[]; response_type?: string };
    await answerCall({ method: 'response_url', params: body as Record<string, unknown>, at: Date.now() }, res, () => {
      // Slack takes 5 posts to a response_url within 30 minutes; each is a message with a message's limits.
      const entry = responseUrls.get(token);
      if (!entry || Date.now() - entry.at > 30 * 60 * 1000) return plain('expired_url', 404);
      if (entry.uses >= 5) return plain('used_url', 404);
      entry.uses += 1;
      const refusal = messageLimitsRefusal({ text: body.text ?? '', blocks: body.blocks ?? [] });
      if (refusal) return plain(refusal, 400);
      if (body.response_type === 'in_channel') {
        postMessage({ channel: entry.channel, text: body.text, blocks: body.blocks }, botUserId);
      } else {
        state.ephemerals.push({ channel: entry.channel, ts: nextTs(), user: entry.user, text: body.text ?? '', blocks: body.blocks ?? [], via: 'response_url' });
      }
      return plain('ok');
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse): boolean {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const fail = (error: unknown) => {
      if (!res.headersSent) sendJson(res, { ok: false, error: `fake_slack_crash: ${(error as Error).message}` }, 500);
    };
    let match: RegExpExecArray | null;
    if (req.method === 'POST' && (match = /^\/api\/([\w.]+)$/.exec(path))) handleApi(match[1]!, req, res).catch(fail);
    else if (req.method === 'POST' && (match = /^\/upload\/v1\/(\w+)$/.exec(path))) handleUpload(match[1]!, req, res).catch(fail);
    else if ((req.method === 'GET' || req.method === 'HEAD') && (match = /^\/files-pri\/\w+-(\w+)\/download\//.exec(path))) handleDownload(match[1]!, req, res).catch(fail);
    else if (req.method === 'POST' && (match = /^\/response\/(\w+)$/.exec(path))) handleResponseUrl(match[1]!, req, res).catch(fail);
    else return false;
    return true;
  }

  /** Sends a body to the bot as Slack would: to its /slack/events signed, or over its Socket Mode connection. */
  function sendEvent(body: string): Promise<EventResponse> {
    if (appConnection) return appConnection(body);
    if (!appUrl) throw new Error('setAppUrl first: where is the bot?');
    return postToBot(`${appUrl}/slack/events`, body, signedHeaders(signingSecret, body));
  }

  /** An Events API request: JSON, signed like the rest. */
  function sendEventCallback(event: Record<string, unknown>): Promise<EventResponse> {
    const body = JSON.stringify({
      token: 'deprecated-verification-token',
      team_id: teamId,
      api_app_id: 'A0APP',
      event: { ...event, event_ts: nextTs() },
      type: 'event_callback',
      event_id: nextId('Ev'),
      event_time: Math.floor(Date.now() / 1000),
    });
    if (appConnection) return appConnection(body);
    if (!appUrl) throw new Error('setAppUrl first: where is the bot?');
    return postToBot(`${appUrl}/slack/events`, body, { ...signedHeaders(signingSecret, body), 'Content-Type': 'application/json' });
  }

  function sendPayload(payload: unknown): Promise<EventResponse> {
    return sendEvent(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  }

  function initialState(view: Record<string, unknown>, fields: Readonly<Record<string, FieldInput>>): Record<string, Record<string, unknown>> {
    const values: Record<string, Record<string, unknown>> = {};
    for (const block of (view.blocks as Record<string, unknown>[]) ?? []) {
      if (block.type !== 'input') continue;
      const blockId = String(block.block_id);
      const element = block.element as Record<string, unknown>;
      const actionId = String(element.action_id);
      const given = Object.hasOwn(fields, blockId) ? fields[blockId] : undefined;
      const has = Object.hasOwn(fields, blockId);
      let value: Record<string, unknown>;
      switch (element.type) {
        case 'plain_text_input':
          value = { type: 'plain_text_input', value: has ? ((given as string | null) === '' ? null : (given as string | null)) : ((element.initial_value as string | undefined) ?? null) };
          break;
        case 'static_select': {
          const options = (element.options as { value: string; text: unknown }[]) ?? [];
          const chosen = has ? options.find((option) => option.value === given) : (element.initial_option as { value: string } | undefined);
          if (has && given && !chosen) throw new Error(`${blockId}: "${String(given)}" is not an option of the select`);
          value = { type: 'static_select', selected_option: chosen ?? null };
          break;
        }
        case 'multi_static_select': {
          const options = (element.options as { value: string; text: unknown }[]) ?? [];
          const chosen = has ? options.filter((option) => ((given as string[] | null) ?? []).includes(option.value)) : ((element.initial_options as unknown[]) ?? []);
          value = { type: 'multi_static_select', selected_options: chosen };
          break;
        }
        case 'users_select':
          value = { type: 'users_select', selected_user: has ? ((given as string | null) || null) : ((element.initial_user as string | undefined) ?? null) };
          break;
        case 'multi_users_select':
          value = { type: 'multi_users_select', selected_users: has ? (given ?? []) : ((element.initial_users as string[]) ?? []) };
          break;
        case 'file_input':
          value = { type: 'file_input', files: has ? (given ?? []) : [] };
          break;
        default:
          value = { type: element.type, value: given ?? null };
      }
      values[blockId] = { [actionId]: value };
    }
    for (const key of Object.keys(fields)) {
      if (!values[key]) throw new Error(`The view has no input block "${key}"`);
    }
    return values;
  }

  function buildViewSubmission(viewId: string, fields: Readonly<Record<string, FieldInput>>, input: { userId?: string; teamId?: string } = {}) {
    const view = state.views.get(viewId);
    if (!view) throw new Error(`No view ${viewId}`);
    const userId = input.userId ?? view.userId;
    return {
      type: 'view_submission',
      team: { id: input.teamId ?? teamId, domain: 'fake' },
      user: { id: userId, username: state.users.get(userId)?.name ?? userId, name: state.users.get(userId)?.name ?? userId, team_id: input.teamId ?? teamId },
      api_app_id: 'A0APP',
      token: 'deprecated-verification-token',
      trigger_id: `${Date.now()}.${randomBytes(4).toString('hex')}`,
      view: { ...viewPayload(view), state: { values: initialState(view.view, fields) } },
      response_urls: [],
      is_enterprise_install: false,
      enterprise: null,
    };
  }

  /** Who types a command, where, and which command, when the input does not say. */
  function commandDefaults(input: SlashCommandInput): { userId: string; channelId: string; command: string } {
    return { userId: input.userId ?? 'U0PILOT', channelId: input.channelId ?? 'C0GENERAL', command: input.command ?? '/campaign' };
  }

  /**
   * The text as Slack sends it with escaping on (manifest.json's `should_escape: true`): `&`, `<`,
   * `>` escaped, and a mention of a workspace user (`@jdoe`) as `<@U0JDOE|jdoe>`.
   */
  function escapeCommandText(text: string): string {
    const byName = new Map([...state.users.values()].map((user) => [user.name, user.id]));
    return text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/(^|\s)@([\w.-]+)/g, (whole, space: string, name: string) => (byName.has(name) ? `${space}<@${byName.get(name)}|${name}>` : whole));
  }

  function commandBody(input: SlashCommandInput): string {
    const { userId, channelId, command } = commandDefaults(input);
    const triggerId = `${Date.now()}.${(++counter).toString()}.${randomBytes(8).toString('hex')}`;
    triggers.set(triggerId, { userId, at: Date.now(), used: false });
    const responseToken = randomBytes(12).toString('hex');
    responseUrls.set(responseToken, { channel: channelId, user: userId, uses: 0, at: Date.now() });
    return new URLSearchParams({
      token: 'deprecated-verification-token',
      team_id: input.teamId ?? teamId,
      team_domain: 'fake',
      channel_id: channelId,
      channel_name: state.channels.get(channelId)?.name ?? 'channel',
      user_id: userId,
      user_name: input.userName ?? state.users.get(userId)?.name ?? userId,
      command,
      text: escapeCommandText(input.text),
      api_app_id: 'A0APP',
      is_enterprise_install: 'false',
      response_url: `${base}/response/${responseToken}`,
      trigger_id: triggerId,
    }).toString();
  }

  function fileObject(fileId: string): SlackFileObject | undefined {
    const file = state.files.get(fileId);
    if (!file) return undefined;
    return {
      id: file.id,
      name: file.name,
      title: file.title,
      size: file.bytes.length,
      mimetype: file.name.endsWith('.gz') ? 'application/gzip' : 'text/plain',
      url_private: file.urlPrivateDownload.replace('/download/', '/'),
      url_private_download: file.urlPrivateDownload,
    };
  }

  // What Slack shows the user after a slash command: the ack's body, or its own error line.
  function showCommandOutcome(response: EventResponse, channel: string, user: string, command: string): void {
    if (response.status !== 200) {
      const text = `${command} failed with the error "${response.status === 404 ? 'dispatch_failed' : 'http_service_error'}" (HTTP ${response.status})`;
      state.ephemerals.push({ channel, ts: nextTs(), user, text, blocks: [], via: 'slack' });
    } else if (response.json && (response.json.text || response.json.blocks)) {
      const { text, blocks } = response.json as { text?: string; blocks?: unknown[] };
      // The ack's body is a message like any other: Slack shows its own error instead of one past the limits.
      const refusal = messageLimitsRefusal({ text: text ?? '', blocks: blocks ?? [] });
      if (refusal) state.ephemerals.push({ channel, ts: nextTs(), user, text: `${command} failed with the error "${refusal}"`, blocks: [], via: 'slack' });
      else if (response.json.response_type === 'in_channel') postMessage({ channel, text, blocks }, botUserId);
      else state.ephemerals.push({ channel, ts: nextTs(), user, text: text ?? '', blocks: blocks ?? [], via: 'command_response' });
    } else if (!response.json && response.text.trim()) {
      state.ephemerals.push({ channel, ts: nextTs(), user, text: response.text, blocks: [], via: 'command_response' });
    } else return;
    changed();
  }

  function buildButtonClick(input: ButtonClickInput): Record<string, unknown> {
    const triggerId = `${Date.now()}.${(++counter).toString()}.${randomBytes(8).toString('hex')}`;
    triggers.set(triggerId, { userId: input.userId, at: Date.now(), used: false });
    const view = input.viewId ? state.views.get(input.viewId) : undefined;
    const message = input.messageTs ? state.messages.find((item) => item.channel === input.channelId && item.ts === input.messageTs) : undefined;
    let responseUrl: string | undefined;
    if (input.channelId) {
      const responseToken = randomBytes(12).toString('hex');
      responseUrls.set(responseToken, { channel: input.channelId, user: input.userId, uses: 0, at: Date.now() });
      responseUrl = `${base}/response/${responseToken}`;
    }
    return {
      type: 'block_actions',
      team: { id: teamId, domain: 'fake' },
      user: { id: input.userId, username: state.users.get(input.userId)?.name ?? input.userId, team_id: teamId },
      api_app_id: 'A0APP',
      token: 'deprecated-verification-token',
      trigger_id: triggerId,
      container: view ? { type: 'view', view_id: view.id } : { type: 'message', message_ts: input.messageTs, channel_id: input.channelId, is_ephemeral: !message },
      ...(view ? { view: viewPayload(view) } : {}),
      ...(input.channelId ? { channel: { id: input.channelId, name: state.channels.get(input.channelId)?.name ?? 'channel' } } : {}),
      ...(message ? { message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, user: message.user } } : {}),
      ...(responseUrl ? { response_url: responseUrl } : {}),
      actions: [{ ...input.action, block_id: input.blockId ?? input.action.block_id, action_ts: `${Date.now() / 1000}` }],
    };
  }

  const standIn: SlackStandIn = {
    url: base,
    apiUrl: `${base}/api/`,
    signingSecret,
    botToken,
    botUserId,
    state,
    calls,
    events,
    get version() {
      return version;
    },
    handle,
    setAppUrl(url) {
      appUrl = url.replace(/\/+$/, '');
    },
    setAppConnection(deliver) {
      appConnection = deliver;
    },
    async slashCommand(input) {
      const { userId, channelId, command } = commandDefaults(input);
      if (options.commands && !options.commands.includes(command)) {
        const text = `${command} is not a valid command. In Slack, all messages that start with "/" are interpreted as commands.`;
        state.ephemerals.push({ channel: channelId, ts: nextTs(), user: userId, text, blocks: [], via: 'slack' });
        changed();
        return { status: 404, text };
      }
      const response = await sendEvent(commandBody(input));
      showCommandOutcome(response, channelId, userId, command);
      return response;
    },
    async submitView(viewId, fields, input = {}) {
      const view = state.views.get(viewId);
      if (!view) throw new Error(`No view ${viewId}`);
      const response = await sendPayload(buildViewSubmission(viewId, fields, input));
      const action = response.json?.response_action;
      if (response.status === 200) {
        if (action === 'errors') view.errors = (response.json?.errors as Record<string, string>) ?? {};
        else if (action === 'update') setView(view, response.json?.view as Record<string, unknown>);
        else if (action === 'push') {
          const pushed: StandInView = { id: nextId('V'), view: {}, hash: '', userId: view.userId, status: 'open', errors: {}, history: [] };
          setView(pushed, response.json?.view as Record<string, unknown>);
          state.views.set(pushed.id, pushed);
        } else view.status = 'closed';
      }
      changed();
      return response;
    },
    buildViewSubmission,
    commandBody,
    attachFile(name, bytes, userId = 'U0PILOT') {
      const id = nextId('F');
      const buffer = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
      const file: StandInFile = {
        id,
        name,
        title: name,
        bytes: buffer,
        uploadedBy: userId,
        channels: [],
        urlPrivateDownload: `${base}/files-pri/${teamId}-${id}/download/${encodeURIComponent(name)}`,
        complete: true,
      };
      state.files.set(id, file);
      changed();
      return fileObject(id)!;
    },
    fileObject,
    async closeView(viewId) {
      const view = state.views.get(viewId);
      if (!view || view.status === 'closed') return;
      view.status = 'closed';
      changed();
      if (view.view.notify_on_close) {
        await sendPayload({ type: 'view_closed', team: { id: teamId, domain: 'fake' }, user: { id: view.userId }, api_app_id: 'A0APP', view: viewPayload(view), is_cleared: false });
      }
    },
    userMessage(input) {
      const message = postMessage({ channel: input.channelId, text: input.text, ...(input.threadTs ? { thread_ts: input.threadTs } : {}) }, input.userId);
      changed();
      return message;
    },
    openHome(userId) {
      return sendEventCallback({ type: 'app_home_opened', user: userId, channel: `D${userId.slice(1)}`, tab: 'home', ...(state.homes.has(userId) ? { view: state.homes.get(userId) } : {}) });
    },
    messageShortcut(input) {
      const message = state.messages.find((item) => item.channel === input.channelId && item.ts === input.messageTs);
      if (!message) throw new Error(`No message ${input.messageTs} in ${input.channelId}`);
      const triggerId = `${Date.now()}.${(++counter).toString()}.${randomBytes(8).toString('hex')}`;
      triggers.set(triggerId, { userId: input.userId, at: Date.now(), used: false });
      const responseToken = randomBytes(12).toString('hex');
      responseUrls.set(responseToken, { channel: input.channelId, user: input.userId, uses: 0, at: Date.now() });
      const user = state.users.get(input.userId);
      return sendPayload({
        type: 'message_action',
        token: 'deprecated-verification-token',
        action_ts: `${Date.now() / 1000}`,
        team: { id: teamId, domain: 'fake' },
        user: { id: input.userId, name: user?.name ?? input.userId, username: user?.name ?? input.userId, team_id: teamId },
        channel: { id: input.channelId, name: state.channels.get(input.channelId)?.name ?? 'channel' },
        is_enterprise_install: false,
        enterprise: null,
        callback_id: input.callbackId,
        trigger_id: triggerId,
        response_url: `${base}/response/${responseToken}`,
        message_ts: message.ts,
        message: {
          type: 'message',
          ts: message.ts,
          text: message.text,
          user: message.user,
          ...(message.user === botUserId ? { bot_id: botId } : {}),
          ...(message.threadTs ? { thread_ts: message.threadTs } : {}),
        },
      });
    },
    buildButtonClick,
    clickButton(input) {
      return sendPayload(buildButtonClick(input));
    },
  };
  return standIn;
}
