import type { ChatMessage, Inline, MessageLink } from '../chat/chat-message.js';
import { splitMessage } from '../chat/split-message.js';
import { breakMentions, escapeMarkdown } from './escape-markdown.js';

/** Mattermost refuses posts longer than this (in characters). */
export const MAX_POST_LENGTH = 16_383;

function safeUrl(url: string): string {
  return url.replace(/[()<> \\]/g, (c) => encodeURIComponent(c));
}

function codeSpan(value: string): string {
  // A backtick would end the span early; newlines have no place in one.
  return `\`${breakMentions(value.replace(/`/g, 'ˋ').replace(/\s*\n\s*/g, ' '))}\``;
}

function renderInline(part: Inline, inBold = false): string {
  switch (part.kind) {
    case 'text':
    case 'user':
      return escapeMarkdown(part.text);
    case 'bold': {
      const inner = part.text.trim();
      if (!inner || inBold) return escapeMarkdown(part.text);
      return `${part.text.match(/^\s*/)![0]}**${escapeMarkdown(inner)}**${part.text.match(/\s*$/)![0]}`;
    }
    case 'code':
      return codeSpan(part.text);
    case 'link':
      return /^https?:\/\//i.test(part.url)
        ? `[${escapeMarkdown(part.text.replace(/\n/g, ' '))}](${safeUrl(part.url)})`
        : escapeMarkdown(`${part.text} (${part.url})`);
    case 'mention':
      // A mention is @username: the name a Mattermost user last acted under in the notebook. Without
      // it (or for someone on another platform) the name or id is shown, never notifying anyone.
      return part.userId.startsWith('mattermost:') && part.name && /^[a-z0-9._-]+$/i.test(part.name) ? `@${part.name}` : codeSpan(`@${part.name ?? part.userId}`);
  }
}

/** Inline parts as Mattermost Markdown, user text escaped. */
function renderInlines(parts: readonly Inline[], inBold = false): string {
  return parts.map((part) => renderInline(part, inBold)).join('');
}

function renderLinks(links: readonly MessageLink[]): string {
  return links
    .map((item) =>
      item.url ? renderInline({ kind: 'link', url: item.url, text: item.label }) : `${escapeMarkdown(item.label)}: ${codeSpan(item.command ?? '')}`,
    )
    .join('  ·  ');
}

function fence(value: string, user: boolean): string {
  // A line starting with ``` or ~~~ inside the block would close it early.
  const body = value.replace(/`{3,}|~{3,}/g, (run) => run.split('').join('\u200b'));
  return `\`\`\`\n${user ? breakMentions(body) : body}\n\`\`\``;
}

/** A neutral message as one Mattermost Markdown text (title in bold, then each block). */
export function renderMarkdown(message: ChatMessage): string {
  const lines: string[] = [];
  const title = renderInlines(message.title, true).replace(/\n/g, ' ');
  if (title.trim()) lines.push(`**${title}**`);
  for (const block of message.blocks) {
    switch (block.kind) {
      case 'paragraph':
      case 'context': {
        const value = renderInlines(block.parts);
        if (value.trim()) lines.push(value);
        break;
      }
      case 'fields':
        for (const field of block.fields) lines.push(`**${escapeMarkdown(field.label)}:** ${renderInlines(field.value)}`);
        break;
      case 'links':
        if (block.links.length > 0) lines.push(renderLinks(block.links));
        break;
      case 'preformatted':
        lines.push(fence(block.text, block.user ?? false));
        break;
      case 'divider':
        // A blank line first: `---` right under text would make that text a heading.
        lines.push('\n---\n');
        break;
      case 'actions':
        // Buttons are the post's attachment actions (render-post.ts), not Markdown.
        break;
    }
  }
  return lines.join('\n');
}

/**
 * Splits Markdown into posts of at most `max` characters, at line ends where it can; a code block
 * cut in two is closed at the end of one part and reopened at the start of the next.
 */
export function splitMarkdown(markdown: string, max = MAX_POST_LENGTH): string[] {
  if (markdown.length <= max) return [markdown];
  const closing = '\n```';
  const opening = '```\n';
  const budget = max - closing.length - opening.length;
  const parts: string[] = [];
  let current = '';
  let inFence = false;
  const flush = () => {
    parts.push(inFence ? `${current}${closing}` : current);
    current = inFence ? opening : '';
  };
  for (const rawLine of markdown.split('\n')) {
    let rest = rawLine;
    for (;;) {
      const room = budget - current.length - (current ? 1 : 0);
      if (rest.length <= room) {
        current += `${current ? '\n' : ''}${rest}`;
        break;
      }
      if (current.length > 0 && current !== opening) {
        flush();
        continue;
      }
      // A single line longer than a post: cut it.
      current += rest.slice(0, room);
      rest = rest.slice(room);
      flush();
    }
    if (/^```/.test(rawLine)) inFence = !inFence;
  }
  if (current && current !== opening) parts.push(current);
  return parts;
}

/** Whether a message renders as one post. */
export function fitsInMattermost(message: ChatMessage): boolean {
  return renderMarkdown(message).length <= MAX_POST_LENGTH;
}

/**
 * A message as the posts that carry it whole, in order: whole blocks a post (splitMessage; later
 * posts titled "continued"), and a block longer than a post on its own goes on in the next one.
 */
export function renderPosts(message: ChatMessage): string[] {
  return splitMessage(message, fitsInMattermost).flatMap((part) => splitMarkdown(renderMarkdown(part)));
}
