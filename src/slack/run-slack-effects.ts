import type { webApi } from '@slack/bolt';
import type { ChatEffect } from '../chat/chat-effect.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { packUploads, type UploadLimits } from '../chat/pack-uploads.js';
import { tellPrivately, type ResponseUrl } from '../chat/response-url.js';
import { slackErrorCode } from './explain-slack-error.js';
import { renderMessages, type SlackMessage } from './render-message.js';
import { renderModal } from './render-modal.js';

type WebClient = webApi.WebClient;

// Slack takes files of up to 1 GB, and shows at most 10 with one message. Files over 100 MiB are
// gzipped all the same: the WebClient copies each file twice on the event loop before sending it
// (a 312 MB export blocked it for seconds), and 12 MB arrive sooner than 312 MB.
const SLACK_UPLOAD_LIMITS: UploadLimits = { maxRequestBytes: 100 * 1024 * 1024, maxFilesPerRequest: 10 };

/** Where and for whom effects run: the Slack side of one request. */
export interface SlackEffectContext {
  readonly client: WebClient;
  readonly userId: string;
  readonly channelId: string;
  readonly triggerId?: string;
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

/** Carries out a handler's effects in order. */
export async function runSlackEffects(effects: readonly ChatEffect[], context: SlackEffectContext): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'reply':
        await replyPrivately(context, effect.message);
        break;
      case 'upload': {
        const packed = await packUploads(effect.files, SLACK_UPLOAD_LIMITS);
        const comment = [effect.comment, ...packed.notes].join('\n');
        for (const [index, files] of packed.requests.entries()) {
          await context.client.filesUploadV2({
            channel_id: effect.channelId,
            initial_comment: index === 0 ? comment : `${effect.comment} (continued, ${index + 1} of ${packed.requests.length})`,
            file_uploads: files.map((file) => ({ file: Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength), filename: file.name, title: file.name })),
          } as Parameters<WebClient['filesUploadV2']>[0]);
        }
        break;
      }
      case 'openForm':
        if (!context.triggerId) throw new Error('A form can only open in answer to a command (no trigger_id)');
        await context.client.views.open({ trigger_id: context.triggerId, view: renderModal(effect.form, effect.state) });
        break;
    }
  }
}
