import type { webApi } from '@slack/bolt';
import type { ChatEffect } from '../chat/chat-effect.js';
import type { ChatMessage } from '../chat/chat-message.js';
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

/** Carries out a handler's effects in order. */
export async function runSlackEffects(effects: readonly ChatEffect[], context: SlackEffectContext): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'reply':
        await replyPrivately(context, effect.message);
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
      case 'openForm':
        if (!context.triggerId) throw new Error('A form can only open in answer to a command (no trigger_id)');
        await context.client.views.open({ trigger_id: context.triggerId, view: renderModal(effect.form, effect.state) });
        break;
    }
  }
}
