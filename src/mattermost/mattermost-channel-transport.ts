import { markOfMattermostPost, mattermostRecordProps, sameMark } from '../chat/channel-outbox.js';
import type { ChannelTransport } from '../chat/channel-sink.js';
import { classifyMattermostError } from './classify-mattermost-error.js';
import type { MattermostClient } from './create-mattermost-client.js';
import { renderMarkdown, splitMarkdown } from './render-markdown.js';

/**
 * Mattermost's side of its channel sink, over the bot's REST client (a timeout, no retries: the
 * outbox retries). Posts carry the record's mark in `props`, found again in the channel's posts
 * since the row was made. A message too long for one post goes on in its thread.
 */
export function mattermostChannelTransport(client: MattermostClient, options: { readonly laneGapMs?: number } = {}): ChannelTransport {
  let botUserId: string | undefined;
  return {
    platform: 'mattermost',
    laneGapMs: options.laneGapMs ?? 0,
    async post(target, message, mark) {
      const [first, ...rest] = splitMarkdown(renderMarkdown(message));
      const root = target.threadOf;
      const created = await client.createPost({ channel_id: target.channel, message: first ?? '', ...(mark ? { props: mattermostRecordProps(mark) } : {}), ...(root ? { root_id: root } : {}) });
      for (const part of rest) await client.createPost({ channel_id: target.channel, message: part, root_id: root ?? created.id });
      return { channel: target.channel, messageId: created.id };
    },
    async redraw(post, message) {
      // A message too long for one post was split when posted; its first part is the card.
      const [first] = splitMarkdown(renderMarkdown(message));
      await client.patchPost(post.messageId, { message: first ?? '' });
    },
    async findPost(target, mark, sinceMs) {
      const posts = await client.channelPostsSince(target.channel, sinceMs);
      const found = posts.find((post) => (post.root_id || undefined) === target.threadOf && sameMark(markOfMattermostPost(post) ?? { record: '', event: -1 }, mark));
      return found ? { channel: target.channel, messageId: found.id } : undefined;
    },
    async tellUser(userId, message) {
      botUserId ??= (await client.me()).id;
      const direct = await client.directChannel([botUserId, userId]);
      for (const part of splitMarkdown(renderMarkdown(message))) await client.createPost({ channel_id: direct.id, message: part });
    },
    async probe() {
      await client.me();
    },
    classify: classifyMattermostError,
  };
}
