import type { PlatformAccess } from '../chat/chat-deps.js';
import type { ChatPlatform, ChatPlatformDeps } from '../chat/chat-platform.js';
import { createReportFailure } from '../chat/report-failure.js';
import { trackInFlight } from '../chat/track-in-flight.js';
import type { Route } from '../http-server.js';
import { createMattermostClient } from './create-mattermost-client.js';
import { deriveStateKey } from './dialog-state.js';
import { mattermostChannelTransport } from './mattermost-channel-transport.js';
import { mattermostCommandRoute } from './mattermost-command-route.js';
import { mattermostActionRoute } from './mattermost-action-route.js';
import { mattermostSubmissionRoute } from './mattermost-submission-route.js';
import { deriveActionKey, lookUpUsernames, type MattermostRender } from './render-post.js';
import { FILES_PER_POST } from './run-mattermost-effects.js';
import { renderPosts } from './render-markdown.js';

export interface MattermostPlatformOptions extends ChatPlatformDeps {
  /** The server's base URL (MATTERMOST_URL). */
  readonly url: string;
  readonly botToken: string;
  readonly commandToken: string;
  /** Where the Mattermost server reaches the bot (PUBLIC_URL); dialogs submit to `<it>/mattermost/dialog`. */
  readonly publicUrl: string;
  /** The most one upload request may carry: the server's FileSettings.MaxFileSize (default 100 MiB). */
  readonly maxUploadRequestBytes?: number;
  /** Failures (default: stderr). */
  readonly log?: (line: string) => void;
  /** Refused requests, worth a look but not failures (default: `log`). */
  readonly warn?: (line: string) => void;
  readonly fetch?: typeof fetch;
}

// Mattermost's FileSettings.MaxFileSize by default: 100 MiB a request, all its files together.
const DEFAULT_MAX_FILE_SIZE = 100 * 1024 * 1024;

/**
 * Mattermost as a chat platform: the same chat layer as Slack behind a custom slash command and
 * interactive dialogs, with posts, edits, ephemeral replies and files through the REST API v4.
 */
export function createMattermostPlatform(options: MattermostPlatformOptions): ChatPlatform {
  const log = options.log ?? ((line: string) => console.error(line));
  const warn = options.warn ?? log;
  const client = createMattermostClient({ url: options.url, token: options.botToken, ...(options.fetch ? { fetch: options.fetch } : {}) });
  const inFlight = trackInFlight();
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const render: MattermostRender = {
    actionUrl: `${publicUrl}/mattermost/action`,
    actionKey: deriveActionKey(options.botToken, options.commandToken),
    usernameOf: lookUpUsernames(client, warn),
  };
  const platform: PlatformAccess = {
    // Access by user id only: Mattermost user groups are not resolved (list user ids in access.writers).
    groupsOf: async () => [],
    userIdOf: async (username) => (await client.userByUsername(username))?.id,
    messagesOf: (message) => renderPosts(message).length,
  };
  const deps = {
    client,
    chat: options.chat,
    chatPosts: options.chatPosts,
    platform,
    commandToken: options.commandToken,
    stateKey: deriveStateKey(options.botToken, options.commandToken),
    dialogUrl: `${publicUrl}/mattermost/dialog`,
    render,
    uploadLimits: { maxRequestBytes: options.maxUploadRequestBytes ?? DEFAULT_MAX_FILE_SIZE, maxFilesPerRequest: FILES_PER_POST },
    log,
    warn: (line: string) => warn(`[mattermost] ${line}`),
    afterAnswers: options.afterAnswers ?? (() => Promise.resolve()),
    report: createReportFailure({ platform: 'mattermost', log }),
  };
  // A request's work after its answer (posts, dialogs) runs inside its handler: tracked, so stop() can wait for it.
  const tracked = (route: Route): Route => ({ ...route, handle: (req, res) => inFlight.run(async () => route.handle(req, res)) });
  return {
    name: 'mattermost',
    routes: [mattermostCommandRoute(deps), mattermostSubmissionRoute(deps), mattermostActionRoute(deps)].map(tracked),
    channelTransport: mattermostChannelTransport(client, render),
    async start() {},
    async stop() {
      await inFlight.drain(5_000);
    },
  };
}
