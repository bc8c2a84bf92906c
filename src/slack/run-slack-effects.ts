import type { webApi } from '@slack/bolt';
import type { ChatEffect } from '../chat/chat-effect.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { postOnOtherPlatform, type ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import { slackErrorCode } from './explain-slack-error.js';
import { renderMessage } from './render-message.js';
import { renderModal } from './render-modal.js';

type WebClient = webApi.WebClient;

/** Where and for whom effects run: the Slack side of one request. */
export interface SlackEffectContext {
  readonly client: WebClient;
  readonly chatPosts: ChatPosts;
  readonly userId: string;
  readonly channelId: string;
  readonly triggerId?: string;
  /** Every platform's notifier (ChatDeps.notifier), for posts in a campaign's channel on Mattermost and card redraws (none without it). */
  readonly notifier?: ChatNotifier;
  /** The slash command's response_url responder, when there is one. */
  readonly respond?: (message: { response_type: 'ephemeral'; text: string; blocks: unknown[] }) => Promise<unknown>;
}

/** Tells one user something privately: via response_url, else an ephemeral message, else a DM. */
export async function replyPrivately(context: SlackEffectContext, message: ChatMessage): Promise<void> {
  const { text, blocks } = renderMessage(message);
  if (context.respond) {
    await context.respond({ response_type: 'ephemeral', text, blocks });
    return;
  }
  try {
    await context.client.chat.postEphemeral({ channel: context.channelId, user: context.userId, text, blocks });
  } catch (error) {
    // Not in the channel (private channel, DM): a direct message from the bot still reaches the user.
    const code = slackErrorCode(error);
    if (code !== 'channel_not_found' && code !== 'not_in_channel') throw error;
    await context.client.chat.postMessage({ channel: context.userId, text, blocks });
  }
}

/** Posts a record's message, or a follow-up in the thread of one, remembering the post. */
export async function postMessage(
  client: WebClient,
  chatPosts: ChatPosts,
  post: { channelId: string; message: ChatMessage; recordId?: string; threadOf?: string },
): Promise<string | undefined> {
  const { text, blocks } = renderMessage(post.message);
  const parent = post.threadOf ? chatPosts.findPost(post.threadOf, 'slack') : undefined;
  const inThread = parent !== undefined;
  const result = await client.chat.postMessage({
    channel: inThread ? parent.channel : post.channelId,
    text,
    blocks,
    unfurl_links: false,
    ...(inThread ? { thread_ts: parent.messageId } : {}),
  });
  if (post.recordId && result.ts) {
    chatPosts.rememberPost({ recordId: post.recordId, platform: 'slack', channel: result.channel ?? post.channelId, messageId: result.ts });
  }
  return result.ts;
}

/** Carries out a handler's effects in order. */
export async function runSlackEffects(effects: readonly ChatEffect[], context: SlackEffectContext): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'reply':
        await replyPrivately(context, effect.message);
        break;
      case 'post':
        if (effect.platform && effect.platform !== 'slack') await postOnOtherPlatform(context.notifier, { ...effect, platform: effect.platform });
        else await postMessage(context.client, context.chatPosts, effect);
        break;
      case 'upload': {
        const parent = effect.threadOf ? context.chatPosts.findPost(effect.threadOf, 'slack') : undefined;
        await context.client.filesUploadV2({
          channel_id: parent?.channel ?? effect.channelId,
          ...(parent ? { thread_ts: parent.messageId } : {}),
          initial_comment: effect.comment,
          file_uploads: effect.files.map((file) => ({ content: file.content, filename: file.name, title: file.name })),
        } as Parameters<WebClient['filesUploadV2']>[0]);
        break;
      }
      case 'redraw':
        // Through every platform's notifier: the card may be on another platform than the click.
        await context.notifier?.redrawCard(effect.recordId);
        break;
      case 'openForm':
        if (!context.triggerId) throw new Error('A form can only open in answer to a command (no trigger_id)');
        await context.client.views.open({ trigger_id: context.triggerId, view: renderModal(effect.form, effect.state) });
        break;
    }
  }
}
