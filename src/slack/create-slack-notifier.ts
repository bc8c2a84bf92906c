import type { webApi, Logger } from '@slack/bolt';
import type { ChatDeps } from '../chat/chat-deps.js';
import type { ChatMessage, MessageLink } from '../chat/chat-message.js';
import { trackerLinkedMessage, type ChatNotifier } from '../chat/chat-notifier.js';
import { recordCardMessage } from '../chat/record-cards.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import { postMessage } from './run-slack-effects.js';
import { renderMessage } from './render-message.js';

/** The Slack side of ChatNotifier: edits a record's message to show its tracker link, posts in its thread or channel. */
export function createSlackNotifier(deps: {
  readonly client: webApi.WebClient;
  readonly chatPosts: ChatPosts;
  readonly chat: ChatDeps;
  readonly logger: Logger;
}): ChatNotifier {
  // Edits the record's card in place, if it is on Slack; the record stands either way, so a failure is logged.
  const redraw = async (recordId: string, what: string, message: () => ChatMessage) => {
    const post = deps.chatPosts.findPost(recordId, 'slack');
    if (!post) return;
    try {
      const { text, blocks } = renderMessage(message());
      await deps.client.chat.update({ channel: post.channel, ts: post.messageId, text, blocks });
    } catch (error) {
      deps.logger.error(`[slack] could not ${what} of ${recordId}: ${(error as Error).message}`);
    }
  };
  const notifier: ChatNotifier = {
    platforms: ['slack'],
    // A link that comes before the message is stored is applied when it is (trackerLinkAfterPost).
    trackerLinked: (recordId: string, link: MessageLink) => redraw(recordId, 'show the tracker link in the card', () => trackerLinkedMessage(deps.chat, recordId, link)),
    redrawCard: (recordId: string) => redraw(recordId, 'redraw the card', () => recordCardMessage(deps.chat, recordId)),
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
