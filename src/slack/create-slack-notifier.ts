import type { webApi, Logger } from '@slack/bolt';
import type { ChatDeps } from '../chat/chat-deps.js';
import type { ChatMessage, MessageLink } from '../chat/chat-message.js';
import { trackerLinkedMessage, type ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import { postMessage } from './run-effects.js';
import { renderMessage } from './render-message.js';

/** The Slack side of ChatNotifier: edits a record's message to show its tracker link, posts in its thread or channel. */
export function createSlackNotifier(deps: {
  readonly client: webApi.WebClient;
  readonly chatPosts: ChatPosts;
  readonly chat: ChatDeps;
  readonly logger: Logger;
}): ChatNotifier {
  // The tracker can be faster than Slack: when the record's message is not posted yet, look again later.
  const RETRY_MS = [500, 2000, 8000];
  const notifier: ChatNotifier = {
    platforms: ['slack'],
    async trackerLinked(recordId: string, link: MessageLink, attempt = 0) {
      const post = deps.chatPosts.findPost(recordId, 'slack');
      if (!post) {
        const delay = RETRY_MS[attempt];
        if (delay !== undefined)
          setTimeout(() => {
            // A late retry may find the database closed (shutdown): log it, never an unhandled rejection.
            (notifier.trackerLinked as (r: string, l: MessageLink, a: number) => Promise<void>)(recordId, link, attempt + 1).catch((error: unknown) =>
              deps.logger.warn(`[slack] gave up showing the tracker link of ${recordId}: ${(error as Error).message}`),
            );
          }, delay).unref();
        return;
      }
      try {
        const { text, blocks } = renderMessage(trackerLinkedMessage(deps.chat, recordId, link));
        await deps.client.chat.update({ channel: post.channel, ts: post.messageId, text, blocks });
      } catch (error) {
        deps.logger.error(`[slack] could not show the tracker link of ${recordId} in its message: ${(error as Error).message}`);
      }
    },
    async postInThread(recordId: string, message: ChatMessage) {
      const post = deps.chatPosts.findPost(recordId, 'slack');
      if (!post) return;
      try {
        await postMessage(deps.client, deps.chatPosts, { channelId: post.channel, message, threadOf: recordId });
      } catch (error) {
        deps.logger.error(`[slack] could not post in the thread of ${recordId}: ${(error as Error).message}`);
      }
    },
    async postInChannel(channel, post) {
      if (channel.platform !== 'slack') return;
      await postMessage(deps.client, deps.chatPosts, { ...post, channelId: channel.id });
    },
  };
  return notifier;
}
