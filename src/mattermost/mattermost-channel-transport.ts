import { markOfMattermostPost, mattermostRecordProps, sameMark, type RecordMark } from '../chat/channel-outbox.js';
import type { ChannelTransport } from '../chat/channel-sink.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { classifyMattermostError } from './classify-mattermost-error.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { renderPost, type MattermostRender } from './render-post.js';

/**
 * Mattermost's side of its channel sink, over the bot's REST client (a timeout, no retries: the
 * outbox retries). Posts carry the record's mark in `props` (beside a card's buttons), found again
 * in the channel's posts since the row was made. A message too long for one post goes on in its thread.
 */
export function mattermostChannelTransport(client: MattermostClient, render: MattermostRender, options: { readonly laneGapMs?: number } = {}): ChannelTransport {
  let botUserId: string | undefined;
  const rendered = async (message: ChatMessage, mark: RecordMark | undefined) => {
    const { parts, props } = await renderPost(message, render);
    return { parts, props: { ...props, ...(mark ? mattermostRecordProps(mark) : {}) } };
  };
  return {
    platform: 'mattermost',
    laneGapMs: options.laneGapMs ?? 0,
    async post(target, message, mark) {
      const { parts, props } = await rendered(message, mark);
      const [first, ...rest] = parts;
      const root = target.threadOf;
      const created = await client.createPost({ channel_id: target.channel, message: first ?? '', props, ...(root ? { root_id: root } : {}) });
      for (const part of rest) await client.createPost({ channel_id: target.channel, message: part, root_id: root ?? created.id });
      return { channel: target.channel, messageId: created.id };
    },
    async redraw(post, message, mark) {
      // A message too long for one post was split when posted; its first part (with the buttons) is the card.
      const { parts, props } = await rendered(message, mark);
      await client.patchPost(post.messageId, { message: parts[0] ?? '', props });
    },
    async findPost(target, mark, sinceMs) {
      const posts = await client.channelPostsSince(target.channel, sinceMs);
      const found = posts.find((post) => (post.root_id || undefined) === target.threadOf && sameMark(markOfMattermostPost(post) ?? { record: '', event: -1 }, mark));
      return found ? { channel: target.channel, messageId: found.id } : undefined;
    },
    async tellUser(userId, message) {
      botUserId ??= (await client.me()).id;
      const direct = await client.directChannel([botUserId, userId]);
      for (const part of (await renderPost(message, render)).parts) await client.createPost({ channel_id: direct.id, message: part });
    },
    async probe() {
      await client.me();
    },
    classify: classifyMattermostError,
  };
}
