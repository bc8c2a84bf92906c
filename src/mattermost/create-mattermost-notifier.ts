import type { ChatDeps } from '../chat/chat-deps.js';
import type { ChatMessage, MessageLink } from '../chat/chat-message.js';
import { trackerLinkedMessage, type ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { renderMarkdown, splitMarkdown } from './render-markdown.js';
import { postMessage } from './run-mattermost-effects.js';

/** The Mattermost side of ChatNotifier: edits a record's post to show its tracker link, posts in its thread or channel. */
export function createMattermostNotifier(deps: {
  readonly client: MattermostClient;
  readonly chatPosts: ChatPosts;
  readonly chat: ChatDeps;
  readonly log: (line: string) => void;
}): ChatNotifier {
  return {
    platforms: ['mattermost'],
    async trackerLinked(recordId: string, link: MessageLink) {
      const post = deps.chatPosts.findPost(recordId, 'mattermost');
      if (!post) return;
      try {
        // A message too long for one post was split when posted; its first part is the one to edit.
        const [first] = splitMarkdown(renderMarkdown(trackerLinkedMessage(deps.chat, recordId, link)));
        await deps.client.patchPost(post.messageId, { message: first ?? '' });
      } catch (error) {
        deps.log(`[mattermost] could not show the tracker link of ${recordId} in its post: ${(error as Error).message}`);
      }
    },
    async postInThread(recordId: string, message: ChatMessage) {
      const post = deps.chatPosts.findPost(recordId, 'mattermost');
      if (!post) return;
      try {
        await postMessage(deps.client, deps.chatPosts, { channelId: post.channel, message, threadOf: recordId });
      } catch (error) {
        deps.log(`[mattermost] could not post in the thread of ${recordId}: ${(error as Error).message}`);
      }
    },
    async postInChannel(channel, post) {
      if (channel.platform !== 'mattermost') return;
      await postMessage(deps.client, deps.chatPosts, { ...post, channelId: channel.id });
    },
  };
}
