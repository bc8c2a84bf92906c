import type { Dialog } from './render-dialog.js';

/** A post as the REST API v4 returns it (the fields the bot reads). */
export interface MattermostPost {
  readonly id: string;
  readonly channel_id: string;
  readonly root_id: string;
  readonly message: string;
  readonly props?: Record<string, unknown>;
}

/** An error answer of the REST API v4 (`{id, message, detailed_error, request_id, status_code}`), with its status. */
export class MattermostApiError extends Error {
  readonly status: number;
  readonly errorId: string | undefined;
  /** A 429's wait, from `Retry-After` or else `X-Ratelimit-Reset` (seconds), in ms. */
  readonly retryAfterMs: number | undefined;

  constructor(
    method: string,
    path: string,
    status: number,
    body: { id?: string; message?: string; detailed_error?: string } | undefined,
    options?: ErrorOptions & { readonly retryAfterMs?: number },
  ) {
    const detail = [body?.message, body?.detailed_error].filter(Boolean).join(' — ');
    super(`Mattermost ${method} ${path} answered ${status}${body?.id ? ` ${body.id}` : ''}${detail ? `: ${detail}` : ''}`, options);
    this.name = 'MattermostApiError';
    this.status = status;
    this.errorId = body?.id;
    this.retryAfterMs = options?.retryAfterMs;
  }
}

function retryAfterMs(headers: Headers): number | undefined {
  const seconds = Number(headers.get('retry-after') ?? headers.get('x-ratelimit-reset') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

export interface MattermostClient {
  openDialog(triggerId: string, url: string, dialog: Dialog): Promise<void>;
  createPost(post: { channel_id: string; message: string; root_id?: string; file_ids?: readonly string[]; props?: Record<string, unknown> }): Promise<MattermostPost>;
  /** `props`, when given, replaces the post's props (its buttons). */
  patchPost(postId: string, patch: { message: string; props?: Record<string, unknown> }): Promise<MattermostPost>;
  /** A user, for their username (mentions are `@username`). */
  getUser(userId: string): Promise<{ id: string; username: string }>;
  getPost(postId: string): Promise<MattermostPost>;
  createEphemeralPost(userId: string, post: { channel_id: string; message: string; root_id?: string }): Promise<void>;
  uploadFiles(channelId: string, files: readonly { name: string; content: string | Uint8Array }[]): Promise<string[]>;
  /** Answers a slash command later, through its `response_url` (no token needed: the URL is the credential). */
  respond(responseUrl: string, body: { response_type: 'ephemeral' | 'in_channel'; text: string }): Promise<void>;
  createCommand(command: Record<string, unknown>): Promise<{ id: string; token: string; trigger: string; team_id: string }>;
  getTeamByName(name: string): Promise<{ id: string; name: string }>;
  /** The channel's posts created or changed since `since` (epoch ms), newest first. */
  channelPostsSince(channelId: string, since: number): Promise<MattermostPost[]>;
  /** The bot's own user. */
  me(): Promise<{ id: string; username: string }>;
  /** The direct-message channel of two users (made if needed). */
  directChannel(userIds: readonly [string, string]): Promise<{ id: string }>;
  /** A user by username; undefined when the server has none by that name. */
  userByUsername(username: string): Promise<{ id: string; username: string } | undefined>;
}

/**
 * A small REST API v4 client with the bot's token (`Authorization: Bearer`). Every call has a
 * timeout and no retries: the callers decide, and a chat user hears back either way.
 */
export function createMattermostClient(options: {
  readonly url: string;
  readonly token: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}): MattermostClient {
  const base = options.url.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;

  async function call<T>(method: string, path: string, body?: unknown, init: { auth?: boolean; absolute?: boolean } = {}): Promise<T> {
    const isForm = body instanceof FormData;
    let response: Response;
    try {
      response = await doFetch(init.absolute ? path : `${base}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          ...(init.auth === false ? {} : { Authorization: `Bearer ${options.token}` }),
          ...(body !== undefined && !isForm ? { 'Content-Type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: isForm ? body : JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new Error(`Mattermost ${method} ${init.absolute ? new URL(path).pathname : path} failed: ${(error as Error).message}`, { cause: error });
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) {
      const wait = response.status === 429 ? retryAfterMs(response.headers) : undefined;
      throw new MattermostApiError(method, init.absolute ? new URL(path).pathname : path, response.status, parsed as never, wait === undefined ? {} : { retryAfterMs: wait });
    }
    return parsed as T;
  }

  return {
    async openDialog(triggerId, url, dialog) {
      await call('POST', '/api/v4/actions/dialogs/open', { trigger_id: triggerId, url, dialog });
    },
    createPost: (post) => call('POST', '/api/v4/posts', post),
    patchPost: (postId, patch) => call('PUT', `/api/v4/posts/${encodeURIComponent(postId)}/patch`, patch),
    getPost: (postId) => call('GET', `/api/v4/posts/${encodeURIComponent(postId)}`),
    getUser: (userId) => call('GET', `/api/v4/users/${encodeURIComponent(userId)}`),
    async createEphemeralPost(userId, post) {
      await call('POST', '/api/v4/posts/ephemeral', { user_id: userId, post });
    },
    async uploadFiles(channelId, files) {
      const form = new FormData();
      form.append('channel_id', channelId);
      for (const file of files) form.append('files', new Blob([file.content]), file.name);
      const result = await call<{ file_infos?: { id: string }[] }>('POST', '/api/v4/files', form);
      return (result.file_infos ?? []).map((info) => info.id);
    },
    async respond(responseUrl, body) {
      await call('POST', responseUrl, { ...body, skip_slack_parsing: true }, { auth: false, absolute: true });
    },
    createCommand: (command) => call('POST', '/api/v4/commands', command),
    getTeamByName: (name) => call('GET', `/api/v4/teams/name/${encodeURIComponent(name)}`),
    async channelPostsSince(channelId, since) {
      const list = await call<{ order?: string[]; posts?: Record<string, MattermostPost> }>('GET', `/api/v4/channels/${encodeURIComponent(channelId)}/posts?since=${Math.floor(since)}`);
      return (list.order ?? []).flatMap((id) => (list.posts?.[id] ? [list.posts[id]] : []));
    },
    me: () => call('GET', '/api/v4/users/me'),
    directChannel: (userIds) => call('POST', '/api/v4/channels/direct', userIds),
    async userByUsername(username) {
      try {
        return await call<{ id: string; username: string }>('GET', `/api/v4/users/username/${encodeURIComponent(username)}`);
      } catch (error) {
        if (error instanceof MattermostApiError && error.status === 404) return undefined;
        throw error;
      }
    },
  };
}
