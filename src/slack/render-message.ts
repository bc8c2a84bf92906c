import type { types } from '@slack/bolt';

type KnownBlock = types.KnownBlock;
import { inlinePlainText, type ChatButton, type ChatMessage, type Inline, type MessageLink } from '../chat/chat-message.js';
import { RECORD_ACTIONS_BLOCK } from '../chat/record-actions.js';
import { splitMessage } from '../chat/split-message.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';

// Slack limits: 50 blocks a message, 3000 characters a section, 2000 a field, 150 a header, and an
// undocumented ~13,000-character total (msg_blocks_too_long). Stay well inside them.
const MAX_BLOCKS = 50;
const MAX_SECTION = 3000;
const MAX_FIELD = 2000;
const MAX_HEADER = 150;
const MAX_TOTAL = 11_000;
const MAX_FALLBACK = 3000;

function safeUrl(url: string): string {
  return url.replace(/[|<> ]/g, (c) => encodeURIComponent(c));
}

function renderInline(part: Inline): string {
  switch (part.kind) {
    case 'text':
    case 'user':
      return escapeMrkdwn(part.text);
    case 'bold':
      return part.text.trim() ? `*${escapeMrkdwn(part.text.trim())}*${part.text.endsWith(' ') ? ' ' : ''}` : part.text;
    case 'code':
      return `\`${escapeMrkdwn(part.text.replace(/`/g, 'ˋ').replace(/\n/g, ' '))}\``;
    case 'link':
      return /^https?:\/\//i.test(part.url) ? `<${safeUrl(part.url)}|${escapeMrkdwn(part.text.replace(/\|/g, '¦'))}>` : escapeMrkdwn(`${part.text} (${part.url})`);
    case 'mention': {
      // A Slack user is a mention; anyone else (another platform, the CLI) is shown by name.
      const id = part.userId.replace(/^slack:/, '');
      return /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : escapeMrkdwn(`@${part.name ?? part.userId}`);
    }
  }
}

/** Inline parts as Slack mrkdwn, user text escaped. */
function renderMrkdwn(parts: readonly Inline[]): string {
  return parts.map(renderInline).join('');
}

/** Cuts mrkdwn to `max` characters without leaving a half `<link|text>` or entity behind. */
function truncateMrkdwn(value: string, max: number): string {
  if (value.length <= max) return value;
  let cut = value.slice(0, max - 1);
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const amp = cut.lastIndexOf('&');
  if (amp > cut.lastIndexOf(';')) cut = cut.slice(0, amp);
  const fences = cut.split('```').length - 1;
  return fences % 2 === 1 ? `${cut}…\`\`\`` : `${cut}…`;
}

function renderLinks(links: readonly MessageLink[]): string {
  return links
    .map((item) =>
      item.url ? renderInline({ kind: 'link', url: item.url, text: item.label }) : `${escapeMrkdwn(item.label)}: \`${escapeMrkdwn((item.command ?? '').replace(/`/g, 'ˋ'))}\``,
    )
    .join('  ·  ');
}

function preformatted(textValue: string): string {
  // A ``` inside user text would close the block early.
  return `\`\`\`${escapeMrkdwn(textValue.replace(/```/g, '`\u200b``'))}\`\`\``;
}

const plainText = (value: string, max: number) => ({ type: 'plain_text' as const, text: value.length > max ? `${value.slice(0, max - 1)}…` : value });

// Slack's button limits: label 75, value 2,000; confirm title 100, text 300, buttons 30; 25 elements a block.
function button(item: ChatButton): types.Button {
  return {
    type: 'button',
    action_id: item.action,
    text: plainText(item.label, 75),
    value: item.value.slice(0, 2000),
    ...(item.style ? { style: item.style } : {}),
    ...(item.confirm
      ? { confirm: { title: plainText(item.confirm.title, 100), text: plainText(item.confirm.text, 300), confirm: plainText(item.confirm.confirm, 30), deny: plainText(item.confirm.deny, 30), style: 'danger' } }
      : {}),
  };
}

/** Where to cut mrkdwn at most `max` characters in: a line end or a space when there is one late enough, never inside `<…>` or an entity. */
function cutPoint(value: string, max: number): number {
  let cut = value.lastIndexOf('\n', max);
  if (cut < max / 2) cut = value.lastIndexOf(' ', max);
  if (cut < max / 2) cut = max;
  const head = value.slice(0, cut);
  const open = head.lastIndexOf('<');
  if (open > head.lastIndexOf('>') && open > max / 2) cut = open;
  const amp = head.lastIndexOf('&');
  if (amp > head.lastIndexOf(';') && amp > max / 2) cut = Math.min(cut, amp);
  return cut;
}

/** Text as section blocks of at most 3000 characters each: long text goes on in the next section instead of being cut. */
function sections(textValue: string): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let rest = textValue;
  while (rest.length > MAX_SECTION) {
    const cut = cutPoint(rest, MAX_SECTION - 3);
    let head = rest.slice(0, cut);
    rest = rest.slice(cut).replace(/^\n/, '');
    // A code block cut in two is closed here and opened again in the next section.
    if ((head.split('```').length - 1) % 2 === 1) {
      head += '```';
      rest = `\`\`\`${rest}`;
    }
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: head } });
  }
  blocks.push({ type: 'section', text: { type: 'mrkdwn', text: rest } });
  return blocks;
}

function blockLength(block: KnownBlock): number {
  return JSON.stringify(block).length;
}

/** Whether a message renders within Slack's limits as it is (renderMessage would not shorten it). */
export function fitsInSlack(message: ChatMessage): boolean {
  const blocks = renderBlocks(message);
  return blocks.length < MAX_BLOCKS && blocks.reduce((total, block) => total + blockLength(block), 0) <= MAX_TOTAL;
}

function renderBlocks(message: ChatMessage): KnownBlock[] {
  const title = inlinePlainText(message.title);
  const rendered: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: title.length > MAX_HEADER ? `${title.slice(0, MAX_HEADER - 1)}…` : title || ' ' } }];
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'paragraph': {
        const textValue = renderMrkdwn(block.parts);
        if (textValue.trim()) rendered.push(...sections(textValue));
        break;
      }
      case 'fields':
        for (let i = 0; i < block.fields.length; i += 10) {
          const fields = block.fields.slice(i, i + 10).map((field) => ({
            type: 'mrkdwn' as const,
            text: truncateMrkdwn(`*${escapeMrkdwn(field.label)}*\n${renderMrkdwn(field.value)}`, MAX_FIELD),
          }));
          if (fields.length > 0) rendered.push({ type: 'section', fields });
        }
        break;
      case 'links':
        if (block.links.length > 0) rendered.push(...sections(renderLinks(block.links)));
        break;
      case 'preformatted':
        rendered.push(...sections(preformatted(block.text)));
        break;
      case 'context': {
        const textValue = renderMrkdwn(block.parts);
        if (textValue.trim()) rendered.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn(textValue, MAX_FIELD) }] });
        break;
      }
      case 'divider':
        rendered.push({ type: 'divider' });
        break;
      case 'actions':
        if (block.buttons.length > 0) rendered.push({ type: 'actions', block_id: RECORD_ACTIONS_BLOCK, elements: block.buttons.slice(0, 25).map(button) });
        break;
    }
  }
  return rendered;
}

/** One Slack message: Block Kit and its text fallback. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: KnownBlock[];
}

/** A neutral message as Block Kit plus a text fallback (used for notifications), inside Slack's limits. */
export function renderMessage(message: ChatMessage): SlackMessage {
  const title = inlinePlainText(message.title);
  const rendered = renderBlocks(message);
  // A card's buttons are kept whatever else is shortened: room is kept for them.
  const buttons = rendered.filter((block) => block.type === 'actions');
  const reserved = { blocks: buttons.length, length: buttons.reduce((sum, block) => sum + blockLength(block), 0) };
  const blocks: KnownBlock[] = [];
  let total = 0;
  for (const [index, block] of rendered.entries()) {
    if (block.type === 'actions') {
      blocks.push(block);
      total += blockLength(block);
      reserved.blocks -= 1;
      reserved.length -= blockLength(block);
      continue;
    }
    const length = blockLength(block);
    if (blocks.length + reserved.blocks >= MAX_BLOCKS - 1 || total + length + reserved.length > MAX_TOTAL) {
      const left = rendered.slice(index).filter((rest) => rest.type !== 'actions').length;
      blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…shortened to fit in Slack (${left} more parts).` }] }, ...rendered.slice(index).filter((rest) => rest.type === 'actions'));
      break;
    }
    blocks.push(block);
    total += length;
  }
  const first = message.blocks.find((block) => block.kind === 'paragraph');
  const fallback = `${escapeMrkdwn(title)}${first && first.kind === 'paragraph' ? `\n${renderMrkdwn(first.parts)}` : ''}`;
  return { text: truncateMrkdwn(fallback, MAX_FALLBACK), blocks };
}

/** A message as the Slack messages that carry it whole, in order (splitMessage; later ones titled "continued"). */
export function renderMessages(message: ChatMessage): SlackMessage[] {
  return splitMessage(message, fitsInSlack).map(renderMessage);
}
