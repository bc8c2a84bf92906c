import { describe, expect, it } from 'vitest';
import { text, userText, inlinePlainText, type ChatMessage, type MessageBlock } from '../../src/chat/chat-message.js';
import { splitMessage } from '../../src/chat/split-message.js';
import { MAX_POST_LENGTH, renderMarkdown } from '../../src/mattermost/render-markdown.js';
import { fitsInSlack, renderMessage } from '../../src/slack/render-message.js';

/** A long answer: a history of `count` events with notes of `noteLength` characters. */
function longAnswer(count: number, noteLength: number): ChatMessage {
  const blocks: MessageBlock[] = Array.from({ length: count }, (_, index) => ({
    kind: 'paragraph',
    parts: [text(`#${index + 1} note by pilot: `), userText(`${index + 1} `.padEnd(noteLength, 'x'))],
  }));
  return { title: [text('History of CMP-1 w07-rc2 (120 events, page 1 of 1)')], blocks };
}

const fitsInMattermost = (message: ChatMessage) => renderMarkdown(message).length <= MAX_POST_LENGTH;

describe('splitMessage', () => {
  it('leaves a message that fits alone', () => {
    const message = longAnswer(3, 100);
    expect(splitMessage(message, fitsInSlack)).toEqual([message]);
  });

  it('splits a long Slack answer into parts that Slack takes whole, keeping every block in order', () => {
    const message = longAnswer(120, 400);
    // Today's single message is shortened, saying so: the answer does not arrive whole.
    expect(JSON.stringify(renderMessage(message).blocks)).toContain('shortened to fit in Slack');
    const parts = splitMessage(message, fitsInSlack);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(fitsInSlack(part)).toBe(true);
      expect(JSON.stringify(renderMessage(part).blocks)).not.toContain('shortened');
    }
    expect(parts.flatMap((part) => part.blocks)).toEqual(message.blocks);
    expect(inlinePlainText(parts[1]!.title)).toBe(`History of CMP-1 w07-rc2 (120 events, page 1 of 1) (continued, 2 of ${parts.length})`);
  });

  it('makes as few parts as it can: no two neighbours would fit together', () => {
    const message = longAnswer(200, 700);
    const parts = splitMessage(message, fitsInMattermost);
    expect(parts.every(fitsInMattermost)).toBe(true);
    for (let i = 1; i < parts.length; i += 1) {
      expect(fitsInMattermost({ title: parts[i]!.title, blocks: [...parts[i - 1]!.blocks, parts[i]!.blocks[0]!] })).toBe(false);
    }
    // ~150 kB of Markdown in posts of at most 16,383 characters: whole blocks and titles cost at most one more.
    expect(parts.length).toBeLessThanOrEqual(Math.ceil(renderMarkdown(message).length / MAX_POST_LENGTH) + 1);
  });

  it('gives a block too big for any part a part of its own', () => {
    const huge: ChatMessage = { title: [text('Note')], blocks: [{ kind: 'paragraph', parts: [text('a')] }, { kind: 'preformatted', text: 'y'.repeat(20_000), user: true }, { kind: 'paragraph', parts: [text('b')] }] };
    const parts = splitMessage(huge, fitsInMattermost);
    expect(parts.map((part) => part.blocks.length)).toEqual([1, 1, 1]);
  });
});
