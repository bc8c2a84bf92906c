import type { ChatMessage } from './chat-message.js';
import type { FormDefinition, FormState } from './chat-form.js';

/** A file to upload: text, or bytes (an export built in a worker thread). */
export interface ChatFile {
  readonly name: string;
  readonly content: string | Uint8Array;
}

/**
 * What a verb handler asks its platform adapter to do. Handlers stay platform-neutral; the adapter
 * (Slack, Mattermost) carries these out in order and tells the user when one fails.
 */
export type ChatEffect =
  /** An ephemeral reply to the person who asked. */
  | { readonly kind: 'reply'; readonly message: ChatMessage }
  /** Files uploaded to a channel, with a comment. */
  | {
      readonly kind: 'upload';
      readonly channelId: string;
      readonly files: readonly ChatFile[];
      readonly comment: string;
    }
  /** Open a form (Slack modal, Mattermost dialog); its submission carries `state` back. */
  | { readonly kind: 'openForm'; readonly form: FormDefinition; readonly state: FormState };
