import type { webApi } from '@slack/bolt';
import type { ChatEffect } from '../chat/chat-effect.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { postOnOtherPlatform, type ChatNotifier } from '../chat/chat-notifier.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import { packUploads, type UploadLimits } from '../chat/pack-uploads.js';
import { tellPrivately, type ResponseUrl } from '../chat/response-url.js';
import { slackErrorCode } from './explain-slack-error.js';
import { renderMessage, renderMessages, type SlackMessage } from './render-message.js';
import { renderModal } from './render-modal.js';

type WebClient = webApi.WebClient;

// Slack takes files of up to 1 GB, and shows at most 10 with one message. Files over 100 MiB are
// gzipped all the same: the WebClient copies each file twice on the event loop before sending it
// (a 312 MB export blocked it for seconds), and 12 MB arrive sooner than 312 MB.
const SLACK_UPLOAD_LIMITS: UploadLimits = { maxRequestBytes: 100 * 1024 * 1024, maxFilesPerRequest: 10 };

/** Where and for whom effects run: the Slack side of one request. */
export interface SlackEffectContext {
  readonly client: WebClient;
  readonly chatPosts: ChatPosts;
  readonly userId: string;
  readonly channelId: string;
  readonly triggerId?: string;
  /** Every platform's notifier (ChatDeps.notifier), for posts in a campaign's channel on Mattermost and card redraws (none without it). */
  readonly notifier?: ChatNotifier;
  /** The slash command's response_url, when there is one (its uses counted: Slack takes 5). */
  readonly responseUrl?: ResponseUrl<SlackMessage>;
}

/**
 * Tells one user something privately, whole: via the command's response_url while it lasts (fitted
 * to the uses left), else ephemeral messages, else (the bot not in the channel) direct messages.
 */
export async function replyPrivately(context: SlackEffectContext, message: ChatMessage): Promise<void> {
  await tellPrivately(message, renderMessages, context.responseUrl, (part) => postEphemeral(context, part));
}

async function postEphemeral(context: SlackEffectContext, { text, blocks }: SlackMessage): Promise<void> {
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
        const packed = await packUploads(effect.files, SLACK_UPLOAD_LIMITS);
        const comment = [effect.comment, ...packed.notes].join('\n');
        for (const [index, files] of packed.requests.entries()) {
          await context.client.filesUploadV2({
            channel_id: parent?.channel ?? effect.channelId,
            ...(parent ? { thread_ts: parent.messageId } : {}),
            initial_comment: index === 0 ? comment : `${effect.comment} (continued, ${index + 1} of ${packed.requests.length})`,
            file_uploads: files.map((file) => ({ file: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), filename: file.name, title: file.name })),
          } as Parameters<WebClient['filesUploadV2']>[0]);
        }
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
