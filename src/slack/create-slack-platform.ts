import { App, HTTPReceiver, LogLevel, type Logger, type webApi } from '@slack/bolt';
import type { ExtendedErrorHandler } from '@slack/bolt/dist/App.js';
import type { PlatformAccess } from '../chat/chat-deps.js';
import type { ChatPlatform, ChatPlatformDeps } from '../chat/chat-platform.js';
import { FORM_IDS } from '../chat/chat-form.js';
import { VERBS } from '../chat/parse-command.js';
import { isRecordAction, RECORD_ACTIONS_BLOCK } from '../chat/record-actions.js';
import { createReportFailure } from '../chat/report-failure.js';
import { trackInFlight } from '../chat/track-in-flight.js';
import type { Route } from '../http-server.js';
import type { Metrics } from '../metrics.js';
import { explainSlackError } from './explain-slack-error.js';
import { guardSlackRoute } from './guard-slack-route.js';
import { renderMessages } from './render-message.js';
import { replyPrivately } from './run-slack-effects.js';
import { slackChannelTransport } from './slack-channel-transport.js';
import { slackActionListener } from './slack-action-listener.js';
import { slackCommandListener } from './slack-command-listener.js';
import { slackSubmissionListener } from './slack-submission-listener.js';
import { slackHomeListener } from './slack-home-listener.js';
import { ADD_TO_NOTEBOOK, slackShortcutListener } from './slack-shortcut-listener.js';

export interface SlackPlatformOptions extends ChatPlatformDeps {
  readonly botToken: string;
  readonly signingSecret: string;
  /** Socket Mode instead of HTTP when set. */
  readonly appToken?: string;
  /** Web API base URL (default https://slack.com/api/); tests point it at a fake. */
  readonly apiUrl?: string;
  /** Largest list file accepted from a `file_input` (default 10 MB, Slack's own limit). */
  readonly maxUploadBytes?: number;
  /** WebClient retries of a failed call (tests: 0). */
  readonly retries?: number;
  readonly logLevel?: LogLevel;
  /** Where Bolt and its WebClient log (default: Bolt's console logger). */
  readonly logger?: Logger;
  /** Counts requests (by verb and form) and refusals. */
  readonly metrics?: Metrics;
  /** Least time between two channel posts of one campaign (default about Slack's one message a second). */
  readonly channelPaceMs?: number;
}

// Slack's file_input takes at most 10 MB a file.
const DEFAULT_MAX_UPLOAD = 10 * 1024 * 1024;
// Asking Slack for a Socket Mode connection: until it answers, at most every 30 s.
const SOCKET_CONNECTION_RETRIES = { forever: true, factor: 1.3, minTimeout: 500, maxTimeout: 30_000, randomize: true };
// Slash commands and view submissions are small; a full workflow form is under 100 kB.
const EVENT_BODY_LIMIT = 1024 * 1024;

function groupsResolver(client: webApi.WebClient, logger: Logger): PlatformAccess {
  const cache = new Map<string, { users: ReadonlySet<string>; at: number }>();
  return {
    async groupsOf(userId, candidates) {
      const groups = candidates.filter((id) => /^S[A-Z0-9]+$/.test(id));
      const member: string[] = [];
      for (const group of groups) {
        let entry = cache.get(group);
        if (!entry || Date.now() - entry.at > 60_000) {
          try {
            const result = await client.usergroups.users.list({ usergroup: group });
            entry = { users: new Set(result.users ?? []), at: Date.now() };
            cache.set(group, entry);
          } catch (error) {
            logger.warn(`[slack] cannot read the members of user group ${group} (is usergroups:read granted?): ${(error as Error).message}`);
            continue;
          }
        }
        if (entry.users.has(userId)) member.push(group);
      }
      return member;
    },
    messagesOf: (message) => renderMessages(message).length,
  };
}

/** Counts each slash command by verb and each form submission by form, from the body Bolt parsed. */
function countRequests(app: App, metrics: Metrics): void {
  app.use(async ({ body, next }) => {
    const request = body as { command?: string; text?: string; type?: string; view?: { callback_id?: string } };
    if (request.command !== undefined) {
      const word = (request.text ?? '').trim().split(/\s+/)[0]!.toLowerCase() || 'help';
      metrics.count('campaign_commands_total', { platform: 'slack', verb: (VERBS as readonly string[]).includes(word) ? word : 'unknown' });
    } else if (request.type === 'view_submission') {
      metrics.count('campaign_submissions_total', { platform: 'slack', form: request.view?.callback_id ?? 'unknown' });
    } else if (request.type === 'block_actions') {
      const action = (request as { actions?: { action_id?: string }[] }).actions?.[0]?.action_id;
      metrics.count('campaign_clicks_total', { platform: 'slack', action: isRecordAction(action) ? action : 'unknown' });
    }
    await next();
  });
}

/**
 * Slack as a chat platform: a Bolt app with `/campaign` and the two forms, over HTTP (`POST
 * /slack/events` on our own server; Bolt does not own it) or Socket Mode. Calls `auth.test` before
 * returning, so a wrong token fails at start-up.
 */
export async function createSlackPlatform(options: SlackPlatformOptions): Promise<ChatPlatform> {
  const logLevel = options.logLevel ?? LogLevel.INFO;
  const clientOptions = {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    // The WebClient default retries for ~30 min; a chat user should hear back within a minute.
    retryConfig: { retries: options.retries ?? 4, factor: 2, minTimeout: 500, maxTimeout: 10_000, randomize: true },
    // No call may hang a listener forever (the default is no timeout).
    timeout: 30_000,
  };
  let receiver: HTTPReceiver | undefined;
  let app: App;
  // convoStore: false: we keep no conversation state in Bolt (its memory store costs every request a lookup).
  if (options.appToken) {
    app = new App({
      token: options.botToken,
      appToken: options.appToken,
      socketMode: true,
      clientOptions,
      // The Socket Mode client asks apps.connections.open for each (re)connection. With our
      // WebClient retries it gave up after a few failures, leaving the bot deaf for good (an
      // unhandled rejection inside @slack/socket-mode 3's reconnect): it keeps asking instead.
      installerOptions: { clientOptions: { ...clientOptions, retryConfig: SOCKET_CONNECTION_RETRIES } },
      convoStore: false,
      logLevel,
      extendedErrorHandler: true,
      deferInitialization: true,
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: options.signingSecret,
      // guardSlackRoute verifies every request before Bolt sees it (both directions of clock skew,
      // size first): once is enough.
      signatureVerification: false,
      // Keep false: with true, every slow call would count against Slack's 3 s.
      processBeforeResponse: false,
      bodyLimit: EVENT_BODY_LIMIT,
      logLevel,
      ...(options.logger ? { logger: options.logger } : {}),
    });
    app = new App({ token: options.botToken, receiver, clientOptions, logLevel, extendedErrorHandler: true, deferInitialization: true, convoStore: false, ...(options.logger ? { logger: options.logger } : {}) });
  }
  try {
    await app.init();
  } catch (error) {
    throw new Error(
      `Slack refused the bot token at start-up (auth.test): ${(error as { data?: { error?: string } }).data?.error ?? (error as Error).message}. Check SLACK_BOT_TOKEN${options.apiUrl ? ` and SLACK_API_URL (${options.apiUrl})` : ''}.`,
      { cause: error },
    );
  }
  const logger = app.logger;
  const allowedFileOrigin = options.apiUrl ? new URL(options.apiUrl).origin : 'https://files.slack.com';
  const inFlight = trackInFlight();
  const report = createReportFailure({ platform: 'slack', log: (line) => logger.error(line), explain: explainSlackError });
  const deps = {
    chat: options.chat,
    chatPosts: options.chatPosts,
    platform: groupsResolver(app.client, logger),
    inFlight,
    afterAnswers: options.afterAnswers ?? (() => Promise.resolve()),
    report,
    warn: (line: string) => logger.warn(`[slack] ${line}`),
  };

  if (options.metrics) countRequests(app, options.metrics);
  app.command('/campaign', slackCommandListener(deps));
  app.action({ block_id: RECORD_ACTIONS_BLOCK, type: 'block_actions' }, slackActionListener(deps) as never);
  app.view(
    { callback_id: new RegExp(`^(${FORM_IDS.join('|')})$`), type: 'view_submission' },
    slackSubmissionListener({
      ...deps,
      download: { botToken: options.botToken, maxBytes: options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD, allowedOrigin: allowedFileOrigin },
    }),
  );

  app.shortcut({ callback_id: ADD_TO_NOTEBOOK, type: 'message_action' }, slackShortcutListener(deps));
  app.event('app_home_opened', slackHomeListener(deps));

  // The net under the listeners (they report their own failures): nothing fails silently.
  const onError: ExtendedErrorHandler = async ({ error, body }) => {
    const raw = (body ?? {}) as { user_id?: string; channel_id?: string; user?: { id?: string }; channel?: { id?: string } };
    const userId = raw.user_id ?? raw.user?.id;
    const channelId = raw.channel_id ?? raw.channel?.id;
    await report('Your request', error, async (message) => {
      if (userId && channelId) await replyPrivately({ client: app.client, userId, channelId }, message);
      else if (userId) await app.client.chat.postMessage({ channel: userId, text: 'campaign-notebook: your request failed; see the error id in the operators log.' });
    });
  };
  app.error(onError);

  const channelTransport = slackChannelTransport({
    botToken: options.botToken,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    ...(options.channelPaceMs !== undefined ? { laneGapMs: options.channelPaceMs } : {}),
    logger,
    logLevel,
  });
  // Signature (constant time, ±5 min both ways) and size checked before Bolt parses anything.
  const route: Route | undefined = receiver
    ? guardSlackRoute(
        { method: 'POST', path: '/slack/events', bodyLimit: EVENT_BODY_LIMIT, handle: (req, res) => receiver.requestListener(req, res) },
        { signingSecret: options.signingSecret, ...(options.metrics ? { metrics: options.metrics } : {}) },
      )
    : undefined;
  return {
    name: 'slack',
    routes: route ? [route] : [],
    channelTransport,
    async start() {
      if (options.appToken) await app.start();
    },
    async stop() {
      if (options.appToken) await app.stop();
      // Work after the ack (posts, downloads) finishes before the database closes.
      await inFlight.drain(10_000);
    },
  };
}
