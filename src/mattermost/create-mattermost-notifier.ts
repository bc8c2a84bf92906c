import type { ChatDeps } from '../chat/chat-deps.js';
import type { ChatMessage, MessageLink } from '../chat/chat-message.js';
import { trackerLinkedMessage, type ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { recordCardMessage } from '../chat/record-cards.js';
import { renderPost, type MattermostRender } from './render-post.js';
import { postMessage } from './run-mattermost-effects.js';

/** The Mattermost side of ChatNotifier: edits a record's post to show its tracker link, posts in its thread or channel. */
export function createMattermostNotifier(deps: {
  readonly client: MattermostClient;
  readonly chatPosts: ChatPosts;
  readonly chat: ChatDeps;
  readonly log: (line: string) => void;
  readonly render: MattermostRender;
}): ChatNotifier {
  // Edits the record's card in place, if it is on Mattermost; the record stands either way, so a failure is logged.
  const redraw = async (recordId: string, what: string, message: () => ChatMessage) => {
    const post = deps.chatPosts.findPost(recordId, 'mattermost');
    if (!post) return;
    try {
      // A message too long for one post was split when posted; its first part (with the buttons) is the one to edit.
      const { parts, props } = await renderPost(message(), deps.render);
      await deps.client.patchPost(post.messageId, { message: parts[0] ?? '', props: props ?? {} });
    } catch (error) {
      deps.log(`[mattermost] could not ${what} of ${recordId}: ${(error as Error).message}`);
    }
  };
  return {
    platforms: ['mattermost'],
    trackerLinked: (recordId: string, link: MessageLink) => redraw(recordId, 'show the tracker link in the card', () => trackerLinkedMessage(deps.chat, recordId, link)),
    redrawCard: (recordId: string) => redraw(recordId, 'redraw the card', () => recordCardMessage(deps.chat, recordId)),
    async postInThread(recordId: string, message: ChatMessage) {
      const post = deps.chatPosts.findPost(recordId, 'mattermost');
      if (!post) return;
      try {
        await postMessage(deps.client, deps.chatPosts, { channelId: post.channel, message, threadOf: recordId }, deps.render);
      } catch (error) {
        deps.log(`[mattermost] could not post in the thread of ${recordId}: ${(error as Error).message}`);
      }
    },
    async postInChannel(channel, post) {
      if (channel.platform !== 'mattermost') return;
      await postMessage(deps.client, deps.chatPosts, { ...post, channelId: channel.id }, deps.render);
    },
  };
}
