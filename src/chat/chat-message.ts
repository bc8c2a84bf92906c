/**
 * The platform-neutral message model: Slack renders it as Block Kit + a text fallback,
 * Mattermost as Markdown. Text typed by users is marked `user` so each platform escapes it.
 */
export type Inline =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'user'; readonly text: string }
  | { readonly kind: 'bold'; readonly text: string }
  | { readonly kind: 'code'; readonly text: string }
  | { readonly kind: 'link'; readonly url: string; readonly text: string }
  /**
   * A user, rendered as a mention on their own platform (`<@U123>` in Slack, `@name` in Mattermost)
   * and as their name elsewhere. `userId` is the notebook's id (`slack:U0123`, `mattermost:<id>`,
   * `cli:<login>`; a bare platform id in records made before ids carried their platform).
   */
  | { readonly kind: 'mention'; readonly userId: string; readonly name?: string };

export interface MessageLink {
  readonly label: string;
  /** A web page; else `command` is shown as a command to copy. */
  readonly url?: string;
  readonly command?: string;
}

/** A button under a message: on Slack in the actions block `record_actions`, on Mattermost an attachment action. */
export interface ChatButton {
  /** What the click asks for (`status_running`, `note`, …: RECORD_ACTIONS in record-actions.ts). */
  readonly action: string;
  readonly label: string;
  /** The record and the latest event the message shows: `CMP-1/2@17`. */
  readonly value: string;
  readonly style?: 'primary' | 'danger';
  /** Asked before the click counts, for what cannot be undone. */
  readonly confirm?: { readonly title: string; readonly text: string; readonly confirm: string; readonly deny: string };
}

export type MessageBlock =
  | { readonly kind: 'paragraph'; readonly parts: readonly Inline[] }
  | { readonly kind: 'fields'; readonly fields: readonly { readonly label: string; readonly value: readonly Inline[] }[] }
  | { readonly kind: 'links'; readonly links: readonly MessageLink[] }
  /** Pre-formatted text (a code block); `user` when typed by a user. */
  | { readonly kind: 'preformatted'; readonly text: string; readonly user?: boolean }
  | { readonly kind: 'context'; readonly parts: readonly Inline[] }
  | { readonly kind: 'divider' }
  | { readonly kind: 'actions'; readonly buttons: readonly ChatButton[] };

export interface ChatMessage {
  /** One line, our own text (may include record ids and short names, which are user text: keep it plain). */
  readonly title: readonly Inline[];
  readonly blocks: readonly MessageBlock[];
  /** Where the rest is, a sentence (`Next page: …`, `The whole record: …`), said when the answer is too long to arrive whole (fitAnswer). */
  readonly rest?: readonly Inline[];
}

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const userText = (value: string): Inline => ({ kind: 'user', text: value });
export const bold = (value: string): Inline => ({ kind: 'bold', text: value });
export const code = (value: string): Inline => ({ kind: 'code', text: value });
export const link = (url: string, label: string): Inline => ({ kind: 'link', url, text: label });
export const mention = (userId: string, name?: string): Inline => (name === undefined ? { kind: 'mention', userId } : { kind: 'mention', userId, name });

/** A message of one paragraph. */
export function simpleMessage(title: readonly Inline[], ...paragraphs: (readonly Inline[])[]): ChatMessage {
  return { title, blocks: paragraphs.map((parts) => ({ kind: 'paragraph', parts })) };
}

/** Plain text of inline parts, no markup at all (for logs, tests and fallbacks). */
export function inlinePlainText(parts: readonly Inline[]): string {
  return parts
    .map((part) => {
      switch (part.kind) {
        case 'link':
          return `${part.text} (${part.url})`;
        case 'mention':
          return `@${part.name ?? part.userId.replace(/^[a-z]+:/, '')}`;
        default:
          return part.text;
      }
    })
    .join('');
}

/** The whole message as plain text, one block a line. */
export function messagePlainText(message: ChatMessage): string {
  const lines = [inlinePlainText(message.title)];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'context':
        lines.push(inlinePlainText(block.parts));
        break;
      case 'fields':
        for (const field of block.fields) lines.push(`${field.label}: ${inlinePlainText(field.value)}`);
        break;
      case 'links':
        for (const item of block.links) lines.push(`${item.label}: ${item.url ?? item.command ?? ''}`);
        break;
      case 'preformatted':
        lines.push(block.text);
        break;
      case 'divider':
        lines.push('---');
        break;
      case 'actions':
        lines.push(block.buttons.map((button) => `[${button.label}]`).join(' '));
        break;
    }
  }
  return lines.join('\n');
}
