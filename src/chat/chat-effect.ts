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
  /**
   * A channel message. `threadOf` puts it in the thread of that record's message (at the root when
   * there is none yet); `recordId` remembers it as that record's message (ChatPosts). `platform`,
   * when set, is the channel's platform and not the request's: the adapter posts through
   * `ChatDeps.notifier` (a campaign's channel is on the platform it was defined on).
   */
  | {
      readonly kind: 'post';
      readonly channelId: string;
      readonly platform?: 'slack' | 'mattermost';
      readonly message: ChatMessage;
      readonly recordId?: string;
      readonly threadOf?: string;
    }
  /** Files uploaded to a channel, with a comment. */
  | {
      readonly kind: 'upload';
      readonly channelId: string;
      readonly files: readonly ChatFile[];
      readonly comment: string;
      readonly threadOf?: string;
    }
  /** Redraw the record's card (its announcing message) as the record is now, on whichever platform holds it. */
  | { readonly kind: 'redraw'; readonly recordId: string }
  /** Open a form (Slack modal, Mattermost dialog); its submission carries `state` back. */
  | { readonly kind: 'openForm'; readonly form: FormDefinition; readonly state: FormState };
