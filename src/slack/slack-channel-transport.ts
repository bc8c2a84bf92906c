import { webApi, type Logger, type LogLevel } from '@slack/bolt';
import { markOfSlackMessage, sameMark, slackRecordMetadata } from '../chat/channel-outbox.js';
import type { ChannelTransport } from '../chat/channel-sink.js';
import { classifySlackError } from './classify-slack-error.js';
import { renderMessage } from './render-message.js';

// Slack takes about one message a second per channel (chat.postMessage), more in bursts.
const SLACK_LANE_GAP_MS = 1000;
// A look for an earlier post reads at most this many pages of history (200 messages each).
const MAX_PAGES = 10;

interface HistoryPage {
  messages?: { ts?: string; metadata?: { event_type?: string; event_payload?: unknown } }[];
  response_metadata?: { next_cursor?: string };
}

/**
 * Slack's side of its channel sink: a WebClient of its own that neither retries nor waits out rate
 * limits (`rejectRateLimitedCalls`), since the outbox does both durably; every post and edit
 * carries the record's metadata, found again through conversations.history/replies.
 */
export function slackChannelTransport(options: {
  readonly botToken: string;
  readonly apiUrl?: string;
  readonly laneGapMs?: number;
  readonly timeoutMs?: number;
  readonly logger?: Logger;
  readonly logLevel?: LogLevel;
}): ChannelTransport {
  const client = new webApi.WebClient(options.botToken, {
    ...(options.apiUrl ? { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/` } : {}),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: 0 },
    timeout: options.timeoutMs ?? 10_000,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.logLevel ? { logLevel: options.logLevel } : {}),
  });
  return {
    platform: 'slack',
    laneGapMs: options.laneGapMs ?? SLACK_LANE_GAP_MS,
    async post(target, message, mark) {
      const result = await client.chat.postMessage({
        channel: target.channel,
        ...renderMessage(message),
        unfurl_links: false,
        ...(target.threadOf ? { thread_ts: target.threadOf } : {}),
        ...(mark ? { metadata: slackRecordMetadata(mark) } : {}),
      });
      return { channel: result.channel ?? target.channel, messageId: String(result.ts) };
    },
    async redraw(post, message, mark) {
      await client.chat.update({ channel: post.channel, ts: post.messageId, ...renderMessage(message), metadata: slackRecordMetadata(mark) });
    },
    async findPost(target, mark, sinceMs) {
      const oldest = (sinceMs / 1000).toFixed(6);
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const common = { channel: target.channel, oldest, include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) };
        const answer = (target.threadOf
          ? await client.conversations.replies({ ...common, ts: target.threadOf })
          : await client.conversations.history(common)) as HistoryPage;
        const found = (answer.messages ?? []).find((message) => {
          const seen = markOfSlackMessage(message);
          return seen !== undefined && sameMark(seen, mark);
        });
        if (found?.ts) return { channel: target.channel, messageId: found.ts };
        cursor = answer.response_metadata?.next_cursor || undefined;
        if (!cursor) return undefined;
      }
      return undefined;
    },
    async tellUser(userId, message) {
      await client.chat.postMessage({ channel: userId, ...renderMessage(message) });
    },
    async probe() {
      await client.auth.test();
    },
    classify: classifySlackError,
  };
}
