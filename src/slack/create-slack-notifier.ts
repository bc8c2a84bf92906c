import type { webApi, Logger } from '@slack/bolt';
import type { ChatDeps } from '../chat/chat-deps.js';
import type { ChatMessage, MessageLink } from '../chat/chat-message.js';
import type { ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import { campaignDefinedMessage, workflowStartedMessage } from '../chat/record-messages.js';
import { postMessage } from './run-effects.js';
import { renderMessage } from './render-message.js';

/** The Slack side of ChatNotifier: edits a record's message to show its tracker link, posts in its thread. */
export function createSlackNotifier(deps: {
  readonly client: webApi.WebClient;
  readonly chatPosts: ChatPosts;
  readonly chat: ChatDeps;
  readonly logger: Logger;
}): ChatNotifier {
  return {
    async trackerLinked(recordId: string, link: MessageLink) {
      const post = deps.chatPosts.findPost(recordId, 'slack');
      if (!post) return;
      try {
        const view = deps.chat.notebook.show(recordId);
        const message =
          view.type === 'campaign'
            ? campaignDefinedMessage(view.campaign, link)
            : workflowStartedMessage(view.campaign, view.workflow, deps.chat.statusLinks(view.campaign, view.workflow), link);
        const { text, blocks } = renderMessage(message);
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
  };
}
