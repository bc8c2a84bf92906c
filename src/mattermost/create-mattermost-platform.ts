import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { Route } from '../http-server.js';
import { createMattermostClient, type MattermostClient } from './create-mattermost-client.js';
import { createMattermostNotifier } from './create-mattermost-notifier.js';
import { deriveStateKey } from './dialog-state.js';
import { mattermostCommandRoute } from './mattermost-command-route.js';
import { mattermostDialogRoute } from './mattermost-dialog-route.js';

export interface MattermostAdapterOptions {
  /** The server's base URL (MATTERMOST_URL). */
  readonly url: string;
  readonly botToken: string;
  readonly commandToken: string;
  /** Where the Mattermost server reaches the bot (PUBLIC_URL); dialogs submit to `<it>/mattermost/dialog`. */
  readonly publicUrl: string;
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  /** Failures (default: stderr). */
  readonly log?: (line: string) => void;
  /** Refused requests, worth a look but not failures (default: `log`). */
  readonly warn?: (line: string) => void;
  readonly fetch?: typeof fetch;
  /** Resolves when no chat request waits for its answer; posts after an answer wait for it (dialogs do not). */
  readonly afterAnswers?: () => Promise<void>;
}

export interface MattermostAdapter {
  /** `POST /mattermost/command` and `POST /mattermost/dialog`, for the one HTTP server. */
  readonly routes: readonly Route[];
  readonly notifier: ChatNotifier;
  readonly client: MattermostClient;
  /** Waits (up to `timeoutMs`) for posts still being made after an answer, so the database can close. */
  drain(timeoutMs?: number): Promise<void>;
}

// Access by user id only: Mattermost user groups are not resolved (list user ids in access.writers).
const noGroups: PlatformAccess = { groupsOf: async () => [] };

/**
 * The Mattermost adapter: the same chat layer as Slack behind a custom slash command and
 * interactive dialogs, with posts, edits, ephemeral replies and files through the REST API v4.
 */
export function createMattermostAdapter(options: MattermostAdapterOptions): MattermostAdapter {
  const log = options.log ?? ((line: string) => console.error(line));
  const client = createMattermostClient({ url: options.url, token: options.botToken, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const chat = options.chat;
  const running = new Set<Promise<void>>();
  const background = (work: () => Promise<void>) => {
    const promise = work().catch((error: unknown) => log(`[mattermost] background work failed: ${(error as Error)?.stack ?? String(error)}`));
    running.add(promise);
    void promise.finally(() => running.delete(promise));
  };
  const deps = {
    client,
    chat,
    chatPosts: options.chatPosts,
    platform: noGroups,
    commandToken: options.commandToken,
    stateKey: deriveStateKey(options.botToken, options.commandToken),
    dialogUrl: `${options.publicUrl.replace(/\/+$/, '')}/mattermost/dialog`,
    log,
    warn: options.warn ?? log,
    background,
    afterAnswers: options.afterAnswers ?? (() => Promise.resolve()),
  };
  return {
    routes: [mattermostCommandRoute(deps), mattermostDialogRoute(deps)],
    notifier: createMattermostNotifier({ client, chatPosts: options.chatPosts, chat, log }),
    client,
    async drain(timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (running.size > 0 && Date.now() < deadline) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([Promise.allSettled([...running]), new Promise((resolve) => (timer = setTimeout(resolve, deadline - Date.now())))]);
        clearTimeout(timer);
      }
    },
  };
}
