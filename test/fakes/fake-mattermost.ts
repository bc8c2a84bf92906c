import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

/**
 * A fake Mattermost server on 127.0.0.1 that speaks the REST API v4 shapes the bot uses, and plays
 * the server's part towards the bot: it sends slash commands (with a trigger id and response URL)
 * and submits dialogs to the URL the bot gave. Every call is recorded.
 */

export interface FakePost {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  file_ids: string[];
  ephemeral_for?: string;
}

export interface FakeFile {
  id: string;
  channelId: string;
  name: string;
  content: Buffer;
}

export interface OpenedDialog {
  triggerId: string;
  userId: string;
  url: string;
  dialog: {
    callback_id: string;
    title: string;
    introduction_text?: string;
    elements: { name: string; type: string; display_name: string; default?: string; optional?: boolean; max_length?: number; options?: { value: string }[] }[];
    submit_label?: string;
    state: string;
  };
}

export interface RecordedCall {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export interface FakeUser {
  id: string;
  username: string;
}

export interface FakeMattermost {
  readonly url: string;
  readonly botToken: string;
  /** The token the fake sends with slash commands (set it as MATTERMOST_COMMAND_TOKEN). */
  readonly commandToken: string;
  readonly botUserId: string;
  /** The user commands come from unless a test says otherwise. */
  readonly user: FakeUser;
  readonly teamId: string;
  readonly teamName: string;
  readonly channelId: string;
  readonly calls: RecordedCall[];
  /** Channel posts (not ephemeral), in order. */
  readonly posts: FakePost[];
  readonly ephemeral: FakePost[];
  /** What the bot sent to response URLs, in order. */
  readonly responses: { commandId: string; body: Record<string, unknown> }[];
  /** What response URLs refused (a sixth post, a post too long), in order. */
  readonly refusedResponses: { commandId: string; body: Record<string, unknown> }[];
  /** Each upload request (`POST /api/v4/files`): its size in bytes, how many files, and whether it was refused as too large. */
  readonly uploadRequests: { bytes: number; files: number; refused: boolean }[];
  /** The most bytes one upload request may carry (FileSettings.MaxFileSize, 100 MiB by default). */
  setMaxUploadRequestBytes(bytes: number): void;
  readonly dialogs: OpenedDialog[];
  readonly files: FakeFile[];
  readonly commands: Record<string, unknown>[];
  /** Direct-message channels the bot opened (POST /api/v4/channels/direct), by id: the two user ids. */
  readonly directChannels: Map<string, readonly [string, string]>;
  /**
   * Make the next calls to `POST /api/v4/posts` answer this status without posting (500 for a
   * while, 429 with Retry-After, 403 as for a channel the bot left); `times` may be Infinity until stopFailing().
   */
  failPostsNext(status: number, times?: number, headers?: Readonly<Record<string, string>>): void;
  /** Make the next `POST /api/v4/posts` create the post, then drop the connection instead of answering. */
  loseNextPostAnswer(): void;
  stopFailing(): void;
  /** How long trigger ids stay valid (default 30 s, Mattermost's outgoing integration timeout); a negative value expires them all. */
  setTriggerTtl(ms: number): void;
  /** Mints a trigger id for a user, as the server does for a slash command (valid 30 s; the fake takes it once). */
  newTriggerId(userId: string): string;
  /** Makes a user known to the server (users who send a command are known from then on). */
  addUser(user: FakeUser): void;
  /** Sends `/campaign <text>` to the bot as Mattermost does. */
  sendCommand(
    botUrl: string,
    text: string,
    options?: { user?: FakeUser; channelId?: string; teamId?: string; token?: string | null },
  ): Promise<{ status: number; contentType: string; body: Record<string, unknown> | undefined; triggerId: string }>;
  /** Resolves when `probe` returns a value (polled), or rejects after `timeoutMs`. */
  waitFor<T>(probe: () => T | undefined | false | null, timeoutMs?: number): Promise<T>;
  /**
   * Submits an opened dialog to the URL it named, as Mattermost does: elements not given keep
   * their default (as in the client); `null` clears one.
   */
  submitDialog(
    dialog: OpenedDialog,
    submission: Record<string, unknown>,
    options?: { user?: FakeUser; state?: string; channelId?: string; cancelled?: boolean; keepDefaults?: boolean },
  ): Promise<{ status: number; body: Record<string, unknown> | undefined }>;
  /**
   * A user clicks a button of a post, as Mattermost does: POSTs the action's integration URL with
   * its context (or `context`, to tamper with it); an `ephemeral_text` answer is shown to the user
   * and an `update` applied to the post. Action ids other than letters and digits do not route (404).
   */
  clickButton(
    postId: string,
    actionId: string,
    options?: { user?: FakeUser; context?: unknown },
  ): Promise<{ status: number; body: Record<string, unknown> | undefined; triggerId: string }>;
  close(): Promise<void>;
}

/** A post's buttons: its attachments' actions. */
export function postActions(post: FakePost): { id: string; name: string; style?: string; integration: { url: string; context: Record<string, unknown> } }[] {
  const attachments = (post.props.attachments ?? []) as { actions?: ReturnType<typeof postActions> }[];
  return attachments.flatMap((attachment) => attachment.actions ?? []);
}

// A real server's limits (model/post.go, app/command.go, FileSettings.MaxFileSize).
const MAX_POST_RUNES = 16_383;
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_LIFETIME_MS = 30 * 60 * 1000;
const MAX_UPLOAD_REQUEST_BYTES = 100 * 1024 * 1024;

const newId = () => {
  const alphabet = 'abcdefghijkmnopqrstuwxyz13456789';
  return Array.from(randomBytes(26), (byte) => alphabet[byte % alphabet.length]).join('');
};

function appError(res: ServerResponse, status: number, id: string, message: string, detailed = ''): void {
  send(res, status, { id, message, detailed_error: detailed, request_id: newId(), status_code: status });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const bytes = (value: string | undefined) => Buffer.byteLength(value ?? '');

/** The server's Dialog.IsValid, as far as the bot can get it wrong. */
function dialogProblems(dialog: OpenedDialog['dialog'] | undefined): string[] {
  if (!dialog || typeof dialog !== 'object') return ['missing dialog'];
  const problems: string[] = [];
  if (!dialog.title || bytes(dialog.title) > 24) problems.push(`invalid dialog title "${dialog.title}"`);
  const names = new Set<string>();
  for (const element of (dialog.elements ?? []) as (OpenedDialog['dialog']['elements'][number] & Record<string, unknown>)[]) {
    if (names.has(element.name)) problems.push(`duplicate dialog element "${element.name}"`);
    names.add(element.name);
    if (!element.display_name || bytes(element.display_name) > 24) problems.push(`"${element.name}": DisplayName cannot be empty or longer than 24`);
    if (!element.name || bytes(element.name) > 300) problems.push('Name cannot be empty or longer than 300');
    if (bytes(element.help_text as string | undefined) > 150) problems.push(`"${element.name}": HelpText cannot be longer than 150 characters`);
    const min = Number(element.min_length ?? 0);
    const max = Number(element.max_length ?? 0);
    if (min < 0 || min > max) problems.push(`"${element.name}": min length should be less then max length`);
    const limit = element.type === 'text' ? 150 : element.type === 'textarea' || element.type === 'select' ? 3000 : undefined;
    if (limit === undefined) problems.push(`invalid element type: "${element.type}"`);
    else {
      if (bytes(element.default) > limit) problems.push(`"${element.name}": Default cannot be longer than ${limit} characters`);
      if (bytes(element.placeholder as string | undefined) > limit) problems.push(`"${element.name}": Placeholder cannot be longer than ${limit} characters`);
    }
    if (element.type === 'select' && !element.data_source && element.default && !(element.options ?? []).some((o) => o.value === element.default))
      problems.push(`"${element.name}": default value "${element.default}" doesn't exist in options`);
  }
  return problems;
}

export async function startFakeMattermost(
  options: { botToken?: string; commandToken?: string; triggerTtlMs?: number; maxUploadRequestBytes?: number } = {},
): Promise<FakeMattermost> {
  const botToken = options.botToken ?? `bot-${newId()}`;
  const commandTokenOfServer = options.commandToken ?? newId();
  const botUserId = newId();
  const teamId = newId();
  const teamName = 'observatory';
  const channelId = newId();
  let triggerTtl = options.triggerTtlMs ?? 30_000;
  const triggers = new Map<string, { userId: string; issuedAt: number; used: boolean }>();
  const calls: RecordedCall[] = [];
  const posts: FakePost[] = [];
  const ephemeral: FakePost[] = [];
  const responses: FakeMattermost['responses'] = [];
  const refusedResponses: FakeMattermost['responses'] = [];
  const responseUrls = new Map<string, { uses: number; at: number }>();
  let maxUploadRequestBytes = options.maxUploadRequestBytes ?? MAX_UPLOAD_REQUEST_BYTES;
  const uploadRequests: { bytes: number; files: number; refused: boolean }[] = [];
  const dialogs: OpenedDialog[] = [];
  const files: FakeFile[] = [];
  const commands: Record<string, unknown>[] = [];
  const defaultUser: FakeUser = { id: newId(), username: 'jdoe' };
  const directChannels = new Map<string, readonly [string, string]>();
  let postFailure: { status: number; times: number; headers: Readonly<Record<string, string>> } | undefined;
  let lostPostAnswers = 0;
  const users = new Map<string, FakeUser>([[defaultUser.username, defaultUser]]);

  const newPost = (fields: Partial<FakePost> & { channel_id: string; message: string }): FakePost => {
    const now = Date.now();
    return { id: newId(), create_at: now, update_at: now, edit_at: 0, delete_at: 0, user_id: botUserId, root_id: '', type: '', props: {}, file_ids: [], ...fields };
  };

  const authorized = (req: IncomingMessage) => req.headers.authorization === `Bearer ${botToken}`;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const raw = await readRaw(req);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = raw.toString('utf8');
    if (/application\/json/.test(contentType)) {
      try {
        body = raw.length > 0 ? JSON.parse(raw.toString('utf8')) : {};
      } catch {
        appError(res, 400, 'api.context.invalid_body_param.app_error', 'Invalid or missing body in request body.');
        return;
      }
    }
    calls.push({ method, path, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}), body: /multipart/.test(contentType) ? '(multipart)' : body });

    // The response URL of a slash command: no session, the URL is the credential. The server
    // (app/command.go) takes 5 posts within 30 minutes to one, then answers 400; each is a post.
    const hook = /^\/hooks\/commands\/([a-z0-9]+)$/.exec(path);
    if (method === 'POST' && hook) {
      const issued = responseUrls.get(hook[1]!);
      if (!issued || issued.uses >= RESPONSE_URL_USES || Date.now() - issued.at > RESPONSE_URL_LIFETIME_MS) {
        refusedResponses.push({ commandId: hook[1]!, body: body as Record<string, unknown> });
        appError(res, 400, 'app.command_webhook.try_use.invalid', 'Invalid webhook.');
        return;
      }
      issued.uses += 1;
      if ([...String((body as { text?: unknown }).text ?? '')].length > MAX_POST_RUNES) {
        refusedResponses.push({ commandId: hook[1]!, body: body as Record<string, unknown> });
        appError(res, 400, 'model.post.is_valid.message_length.app_error', 'Post Message property is longer than the maximum permitted length.');
        return;
      }
      responses.push({ commandId: hook[1]!, body: body as Record<string, unknown> });
      send(res, 200, {});
      return;
    }

    if (method === 'POST' && path === '/api/v4/actions/dialogs/open') {
      // No session needed: the trigger id is the credential.
      const request = body as { trigger_id?: string; url?: string; dialog?: OpenedDialog['dialog'] };
      const problems = [...(request.url ? [] : ['empty URL']), ...(request.trigger_id ? [] : ['empty trigger id']), ...dialogProblems(request.dialog)];
      if (problems.length > 0) {
        appError(res, 400, 'api.dialog.open.app_error', 'Invalid dialog.', problems.join(', '));
        return;
      }
      const trigger = triggers.get(request.trigger_id!);
      if (!trigger) {
        appError(res, 400, 'interactive_message.decode_trigger_id.base64_decode_failed', 'Failed to decode base64 for trigger ID for interactive dialog.');
        return;
      }
      if (trigger.used || Date.now() - trigger.issuedAt > triggerTtl) {
        appError(res, 400, 'interactive_message.decode_trigger_id.expired', `Trigger ID for interactive dialog is expired. Maximum time for Trigger ID is ${Math.max(triggerTtl, 0) / 1000}s.`);
        return;
      }
      trigger.used = true;
      dialogs.push({ triggerId: request.trigger_id!, userId: trigger.userId, url: request.url!, dialog: request.dialog! });
      send(res, 200, { status: 'OK' });
      return;
    }

    if (path.startsWith('/api/v4/') && !authorized(req)) {
      appError(res, 401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.', 'token=invalid');
      return;
    }

    if (method === 'POST' && path === '/api/v4/posts' && postFailure && postFailure.times > 0) {
      postFailure.times -= 1;
      res.writeHead(postFailure.status, { 'Content-Type': 'application/json', ...postFailure.headers });
      res.end(JSON.stringify({ id: 'fake.failure', message: `failing with ${postFailure.status}`, status_code: postFailure.status }));
      return;
    }

    if (method === 'POST' && path === '/api/v4/posts') {
      const request = body as { channel_id?: string; message?: string; root_id?: string; file_ids?: string[]; props?: Record<string, unknown> };
      if (!request.channel_id) {
        appError(res, 400, 'api.context.invalid_body_param.app_error', 'Invalid or missing channel_id in request body.');
        return;
      }
      if ([...(request.message ?? '')].length > MAX_POST_RUNES) {
        appError(res, 400, 'model.post.is_valid.message_length.app_error', 'Post Message property is longer than the maximum permitted length.');
        return;
      }
      if (request.root_id) {
        const root = posts.find((post) => post.id === request.root_id);
        if (!root || root.channel_id !== request.channel_id || root.root_id) {
          appError(res, 400, 'api.post.create_post.root_id.app_error', 'Invalid RootId parameter.');
          return;
        }
      }
      const unknownFile = (request.file_ids ?? []).find((id) => !files.some((file) => file.id === id && file.channelId === request.channel_id));
      if (unknownFile || (request.file_ids ?? []).length > 10) {
        appError(res, 400, 'api.post.create_post.file_ids.app_error', 'Invalid file ids.');
        return;
      }
      const post = newPost({
        channel_id: request.channel_id,
        message: request.message ?? '',
        root_id: request.root_id ?? '',
        file_ids: request.file_ids ?? [],
        props: request.props ?? {},
      });
      posts.push(post);
      if (lostPostAnswers > 0) {
        lostPostAnswers -= 1;
        res.socket?.destroy();
        return;
      }
      send(res, 201, post);
      return;
    }

    // The channel's posts changed since a time (ms), as GET /api/v4/channels/{id}/posts?since= answers: {order, posts}.
    const channelPosts = /^\/api\/v4\/channels\/([a-z0-9]+)\/posts$/.exec(path);
    if (method === 'GET' && channelPosts) {
      const since = Number(new URL(req.url ?? '/', 'http://localhost').searchParams.get('since') ?? 0);
      const found = posts.filter((post) => post.channel_id === channelPosts[1] && post.update_at >= since).reverse();
      send(res, 200, { order: found.map((post) => post.id), posts: Object.fromEntries(found.map((post) => [post.id, post])), next_post_id: '', prev_post_id: '' });
      return;
    }

    if (method === 'GET' && path === '/api/v4/users/me') {
      send(res, 200, { id: botUserId, username: 'campaign-notebook', is_bot: true });
      return;
    }

    if (method === 'POST' && path === '/api/v4/channels/direct') {
      const ids = body as string[];
      if (!Array.isArray(ids) || ids.length !== 2 || !ids.includes(botUserId)) {
        appError(res, 400, 'api.context.invalid_body_param.app_error', 'Invalid or missing user_ids in request body.');
        return;
      }
      const existing = [...directChannels].find(([, users]) => users.includes(ids[0]!) && users.includes(ids[1]!));
      const id = existing?.[0] ?? newId();
      directChannels.set(id, [ids[0]!, ids[1]!]);
      send(res, existing ? 200 : 201, { id, type: 'D', name: `${ids[0]}__${ids[1]}` });
      return;
    }

    if (method === 'POST' && path === '/api/v4/posts/ephemeral') {
      const request = body as { user_id?: string; post?: { channel_id?: string; message?: string } };
      if (!request.user_id || !request.post?.channel_id) {
        appError(res, 400, 'api.context.invalid_body_param.app_error', 'Invalid or missing post in request body.');
        return;
      }
      const post = newPost({ channel_id: request.post.channel_id, message: request.post.message ?? '', ephemeral_for: request.user_id });
      ephemeral.push(post);
      send(res, 201, post);
      return;
    }

    const postMatch = /^\/api\/v4\/posts\/([a-z0-9]+)(\/patch)?$/.exec(path);
    if (postMatch) {
      const post = posts.find((candidate) => candidate.id === postMatch[1]);
      if (!post) {
        appError(res, 404, 'app.post.get.app_error', 'Unable to get the post.');
        return;
      }
      if (method === 'GET' && !postMatch[2]) {
        send(res, 200, post);
        return;
      }
      if ((method === 'PUT' || method === 'POST') && postMatch[2]) {
        const patch = body as { message?: string; props?: Record<string, unknown> };
        if (patch.props !== undefined) post.props = patch.props;
        if (patch.message !== undefined) {
          if ([...patch.message].length > MAX_POST_RUNES) {
            appError(res, 400, 'model.post.is_valid.message_length.app_error', 'Post Message property is longer than the maximum permitted length.');
            return;
          }
          post.message = patch.message;
        }
        post.edit_at = post.update_at = Date.now();
        send(res, 200, post);
        return;
      }
    }

    const userMatch = /^\/api\/v4\/users\/([a-z0-9]+)$/.exec(path);
    if (method === 'GET' && userMatch) {
      const user = [...users.values()].find((known) => known.id === userMatch[1]);
      if (!user) appError(res, 404, 'app.user.missing_account.const', 'Unable to find the user.');
      else send(res, 200, { id: user.id, username: user.username, first_name: '', last_name: '', nickname: '', roles: 'system_user', delete_at: 0 });
      return;
    }

    if (method === 'POST' && path === '/api/v4/files') {
      // The server reads at most MaxFileSize bytes of an upload request (all its files together).
      if (raw.length > maxUploadRequestBytes) {
        uploadRequests.push({ bytes: raw.length, files: 0, refused: true });
        appError(res, 413, 'api.file.upload_file.too_large_detailed.app_error', 'Unable to upload file. File is too large.');
        return;
      }
      let form: FormData;
      try {
        form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
      } catch {
        appError(res, 400, 'api.file.upload_file.read_request.app_error', 'Unable to read the request.');
        return;
      }
      const channel = form.get('channel_id');
      const uploaded = form.getAll('files').filter((item) => typeof item !== 'string') as unknown as (Blob & { name: string })[];
      if (typeof channel !== 'string' || !channel || uploaded.length === 0) {
        appError(res, 400, 'api.file.upload_file.incorrect_number_of_files.app_error', 'Unable to upload files. Incorrect number of files specified.');
        return;
      }
      uploadRequests.push({ bytes: raw.length, files: uploaded.length, refused: false });
      const infos = [];
      for (const file of uploaded) {
        const info = { id: newId(), channelId: channel, name: file.name, content: Buffer.from(await file.arrayBuffer()) };
        files.push(info);
        infos.push({ id: info.id, name: info.name, size: info.content.length, extension: info.name.split('.').pop() ?? '', mime_type: file.type, user_id: botUserId, create_at: Date.now() });
      }
      send(res, 201, { file_infos: infos, client_ids: [] });
      return;
    }

    const byUsername = /^\/api\/v4\/users\/username\/([^/]+)$/.exec(path);
    if (method === 'GET' && byUsername) {
      if (!authorized(req)) {
        appError(res, 401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
        return;
      }
      const user = users.get(decodeURIComponent(byUsername[1]!).toLowerCase());
      if (user) send(res, 200, { id: user.id, username: user.username, delete_at: 0 });
      else appError(res, 404, 'app.user.missing_account.const', 'Unable to find the user.');
      return;
    }

    if (method === 'GET' && path === `/api/v4/teams/name/${teamName}`) {
      send(res, 200, { id: teamId, name: teamName, display_name: 'Observatory' });
      return;
    }
    if (method === 'GET' && path.startsWith('/api/v4/teams/name/')) {
      appError(res, 404, 'app.team.get_by_name.missing.app_error', 'Unable to find the existing team.');
      return;
    }

    if (method === 'POST' && path === '/api/v4/commands') {
      const request = body as Record<string, unknown>;
      if (request.team_id !== teamId) {
        appError(res, 403, 'api.context.permissions.app_error', 'You do not have the appropriate permissions.');
        return;
      }
      if (!request.trigger || !request.url || !['P', 'G'].includes(String(request.method))) {
        appError(res, 400, 'model.command.is_valid.app_error', 'Invalid command.');
        return;
      }
      if (commands.some((existing) => existing.team_id === request.team_id && existing.trigger === String(request.trigger).toLowerCase())) {
        appError(res, 400, 'api.command.duplicate_trigger.app_error', 'This trigger word is already in use. Please choose another word.');
        return;
      }
      const command = { ...request, trigger: String(request.trigger).toLowerCase(), id: newId(), token: newId(), creator_id: botUserId, create_at: Date.now(), update_at: Date.now(), delete_at: 0 };
      commands.push(command);
      send(res, 201, command);
      return;
    }

    appError(res, 404, 'api.context.404.app_error', 'Sorry, we could not find the page.');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => appError(res, 500, 'fake.internal', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const newTriggerId = (userId: string) => {
    const id = Buffer.from(`${newId()}:${userId}:${Date.now()}:sig`).toString('base64');
    triggers.set(id, { userId, issuedAt: Date.now(), used: false });
    return id;
  };

  return {
    url,
    botToken,
    commandToken: commandTokenOfServer,
    botUserId,
    user: defaultUser,
    teamId,
    teamName,
    channelId,
    calls,
    posts,
    directChannels,
    failPostsNext(status, times = 1, headers = {}) {
      postFailure = { status, times, headers };
    },
    loseNextPostAnswer() {
      lostPostAnswers += 1;
    },
    stopFailing() {
      postFailure = undefined;
    },
    ephemeral,
    responses,
    refusedResponses,
    uploadRequests,
    setMaxUploadRequestBytes(bytes) {
      maxUploadRequestBytes = bytes;
    },
    dialogs,
    files,
    commands,
    newTriggerId,
    addUser(user) {
      users.set(user.username.toLowerCase(), user);
    },
    setTriggerTtl(ms) {
      triggerTtl = ms;
    },
    async clickButton(postId, actionId, clickOptions = {}) {
      const user = clickOptions.user ?? defaultUser;
      users.set(user.username.toLowerCase(), user);
      const post = posts.find((candidate) => candidate.id === postId);
      const action = post ? postActions(post).find((candidate) => candidate.id === actionId) : undefined;
      if (!post || !action) throw new Error(`fake Mattermost: post ${postId} has no action ${actionId}`);
      if (!/^[A-Za-z0-9]+$/.test(actionId)) return { status: 404, body: undefined, triggerId: '' };
      const triggerId = newTriggerId(user.id);
      const response = await fetch(action.integration.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          user_id: user.id,
          user_name: user.username,
          channel_id: post.channel_id,
          channel_name: 'town-square',
          team_id: teamId,
          team_domain: teamName,
          post_id: post.id,
          trigger_id: triggerId,
          type: 'button',
          data_source: '',
          context: clickOptions.context === undefined ? action.integration.context : clickOptions.context,
        }),
      });
      const raw = await response.text();
      const answer = raw ? (JSON.parse(raw) as { ephemeral_text?: string; update?: { message?: string; props?: Record<string, unknown> } }) : undefined;
      if (answer?.ephemeral_text) ephemeral.push(newPost({ channel_id: post.channel_id, message: answer.ephemeral_text, ephemeral_for: user.id }));
      if (answer?.update) Object.assign(post, { ...(answer.update.message === undefined ? {} : { message: answer.update.message }), ...(answer.update.props ? { props: answer.update.props } : {}) });
      return { status: response.status, body: answer as Record<string, unknown> | undefined, triggerId };
    },
    async sendCommand(botUrl, text, commandOptions = {}) {
      const user = commandOptions.user ?? defaultUser;
      users.set(user.username.toLowerCase(), user);
      const triggerId = newTriggerId(user.id);
      const responseId = newId();
      const commandToken = commandOptions.token === undefined ? commandTokenOfServer : commandOptions.token;
      const form = new URLSearchParams({
        channel_id: commandOptions.channelId ?? channelId,
        channel_name: 'town-square',
        command: '/campaign',
        response_url: `${url}/hooks/commands/${responseId}`,
        team_domain: teamName,
        team_id: commandOptions.teamId ?? teamId,
        text,
        ...(commandOptions.token === null ? {} : { token: commandToken ?? '' }),
        trigger_id: triggerId,
        user_id: user.id,
        user_name: user.username,
      });
      responseUrls.set(responseId, { uses: 0, at: Date.now() });
      const response = await fetch(`${botUrl}/mattermost/command`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
          ...(commandToken === null ? {} : { Authorization: `Token ${commandToken}` }),
        },
        body: form.toString(),
      });
      const contentType = response.headers.get('content-type') ?? '';
      const raw = await response.text();
      return { status: response.status, contentType, body: /json/.test(contentType) && raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined, triggerId };
    },
    async waitFor(probe, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false && value !== null) return value;
        if (Date.now() > deadline) throw new Error('fake Mattermost: waited in vain');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async submitDialog(dialog, given, submitOptions = {}) {
      const user = submitOptions.user ?? { id: dialog.userId, username: 'unknown' };
      const submission: Record<string, unknown> = {};
      if (submitOptions.keepDefaults !== false) {
        for (const element of dialog.dialog.elements) if (element.default) submission[element.name] = element.default;
      }
      for (const [name, value] of Object.entries(given)) {
        if (value === null) delete submission[name];
        else submission[name] = value;
      }
      const response = await fetch(dialog.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          type: 'dialog_submission',
          url: dialog.url,
          callback_id: dialog.dialog.callback_id,
          state: submitOptions.state ?? dialog.dialog.state,
          user_id: user.id,
          channel_id: submitOptions.channelId ?? channelId,
          team_id: teamId,
          submission: submitOptions.cancelled ? {} : submission,
          cancelled: submitOptions.cancelled ?? false,
        }),
      });
      const raw = await response.text();
      return { status: response.status, body: raw ? (JSON.parse(raw) as Record<string, unknown>) : undefined };
    },
    close() {
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/** A user of the fake server, for tests that need more than one. */
export function fakeUser(username: string): FakeUser {
  return { id: newId(), username };
}
