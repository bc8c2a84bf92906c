import type { ChatEffect } from '../chat/chat-effect.js';
import type { ChatMessage } from '../chat/chat-message.js';
import { packUploads, type UploadLimits } from '../chat/pack-uploads.js';
import { UserError } from '../campaign/user-error.js';
import { MattermostApiError, type MattermostClient } from './create-mattermost-client.js';
import type { MattermostRouteDeps } from './mattermost-command-route.js';
import { newDialogState, signDialogState } from './dialog-state.js';
import { escapeMarkdown } from './escape-markdown.js';
import { renderDialog } from './render-dialog.js';

/** Mattermost attaches at most 5 files to a post by default (FileSettings.MaxFileAttachments may allow 10). */
export const FILES_PER_POST = 5;

/** Where and for whom effects run: the Mattermost side of one request. */
export interface MattermostEffectContext {
  readonly client: MattermostClient;
  readonly userId: string;
  readonly userName: string;
  readonly teamId?: string;
  /** Tells the user privately (the command's HTTP answer, its response_url, or an ephemeral post). */
  readonly reply: (message: ChatMessage) => Promise<void>;
  /** The slash command's trigger id (dialogs can only open in answer to one, within 30 s: Mattermost's outgoing integration timeout). */
  readonly triggerId?: string;
  /** Where Mattermost sends dialog submissions: `{PUBLIC_URL}/mattermost/dialog`. */
  readonly dialogUrl: string;
  readonly stateKey: Buffer;
  /** What one upload request may carry (FileSettings.MaxFileSize, FILES_PER_POST). */
  readonly uploadLimits: UploadLimits;
}

/** The effect context of one request by `who`, the same for every route (`reply`: how that request tells its user privately). */
export function mattermostEffectContext(
  deps: Pick<MattermostRouteDeps, 'client' | 'dialogUrl' | 'stateKey' | 'uploadLimits'>,
  who: { readonly userId: string; readonly userName: string; readonly teamId?: string | undefined },
  reply: (message: ChatMessage) => Promise<void>,
  triggerId?: string,
): MattermostEffectContext {
  return {
    client: deps.client,
    userId: who.userId,
    userName: who.userName,
    ...(who.teamId ? { teamId: who.teamId } : {}),
    reply,
    ...(triggerId ? { triggerId } : {}),
    dialogUrl: deps.dialogUrl,
    stateKey: deps.stateKey,
    uploadLimits: deps.uploadLimits,
  };
}

/** Carries out a handler's effects in order. */
export async function runMattermostEffects(effects: readonly ChatEffect[], context: MattermostEffectContext): Promise<void> {
  for (const effect of effects) {
    switch (effect.kind) {
      case 'reply':
        await context.reply(effect.message);
        break;
      case 'upload': {
        const channel = effect.channelId;
        let root: string | undefined;
        // One post a request, the first with the comment (and what was gzipped or cut to fit), the others in its thread.
        const packed = await packUploads(effect.files, context.uploadLimits);
        const comment = escapeMarkdown([effect.comment, ...packed.notes].join('\n'));
        for (const [index, files] of packed.requests.entries()) {
          const fileIds = await context.client.uploadFiles(channel, files.map((file) => ({ name: file.name, content: file.bytes })));
          const post = await context.client.createPost({ channel_id: channel, message: index === 0 ? comment : '', file_ids: fileIds, ...(root ? { root_id: root } : {}) });
          root ??= post.id;
        }
        break;
      }
      case 'openForm': {
        if (!context.triggerId) throw new Error('A dialog can only open in answer to a slash command (no trigger_id)');
        const state = newDialogState(effect.state, {
          userId: context.userId,
          userName: context.userName,
          ...(context.teamId ? { teamId: context.teamId } : {}),
        });
        try {
          await context.client.openDialog(context.triggerId, context.dialogUrl, renderDialog(effect.form, signDialogState(state, context.stateKey)));
        } catch (error) {
          if (error instanceof MattermostApiError && error.errorId?.startsWith('interactive_message.decode_trigger_id')) {
            throw new UserError('The form could not open in time (Mattermost allows 30 seconds after the command). Run the command again.', {}, { cause: error });
          }
          throw error;
        }
        break;
      }
    }
  }
}
