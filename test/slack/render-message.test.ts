import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/chat/chat-message.js';
import { code, link, text, userText } from '../../src/chat/chat-message.js';
import { renderMessage } from '../../src/slack/render-message.js';

describe('renderMessage', () => {
  it('escapes user text so it cannot mention the channel or forge a link', () => {
    const message: ChatMessage = {
      title: [text('Note')],
      blocks: [{ kind: 'paragraph', parts: [userText('<!channel> see <https://evil.example|the docs> & more'), text(' '), code('a`b')] }],
    };
    const { blocks, text: fallback } = renderMessage(message);
    const section = JSON.stringify(blocks[1]);
    expect(section).toContain('&lt;!channel&gt; see &lt;https://evil.example|the docs&gt; &amp; more');
    expect(section).not.toContain('<!channel>');
    expect(fallback).not.toContain('<!channel>');
  });

  it('renders links as <url|text> with the text escaped', () => {
    const { blocks } = renderMessage({ title: [text('t')], blocks: [{ kind: 'paragraph', parts: [link('https://x.example/a?b=1&c=2', 'PanDA <tasks>')] }] });
    expect(JSON.stringify(blocks[1])).toContain('<https://x.example/a?b=1&c=2|PanDA &lt;tasks&gt;>');
  });

  it('stays inside Slack limits whatever the size of the message', () => {
    const huge: ChatMessage = {
      title: [text('x'.repeat(400))],
      blocks: Array.from({ length: 200 }, () => ({ kind: 'paragraph' as const, parts: [userText('<&>'.repeat(2000))] })),
    };
    const { blocks, text: fallback } = renderMessage(huge);
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks).length).toBeLessThan(13_000);
    for (const block of blocks as { type: string; text?: { text: string } }[]) {
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(3000);
      if (block.type === 'header') expect(block.text!.text.length).toBeLessThanOrEqual(150);
    }
    expect(fallback.length).toBeLessThanOrEqual(3000);
    // A cut never leaves half an entity behind.
    expect(JSON.stringify(blocks)).not.toMatch(/&(a|am|l|g|lt|gt)?…/);
  });

  it('goes on in the next section instead of cutting a text longer than a section, code blocks too', () => {
    const note = Array.from({ length: 900 }, (_, i) => `w${i}`).join(' ') + ' & <done>';
    const bps = Array.from({ length: 150 }, (_, i) => `line ${i} of the bps command`).join('\n');
    const { blocks } = renderMessage({ title: [text('Note')], blocks: [{ kind: 'paragraph', parts: [userText(note)] }, { kind: 'preformatted', text: bps, user: true }] });
    const sections = blocks.slice(1).map((block) => (block as { text: { text: string } }).text.text);
    expect(sections.length).toBeGreaterThanOrEqual(4);
    for (const section of sections) expect(section.length).toBeLessThanOrEqual(3000);
    const noteSections = sections.filter((section) => !section.startsWith('```'));
    expect(noteSections.join(' ').replace(/\s+/g, ' ')).toBe(note.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;'));
    const codeSections = sections.filter((section) => section.startsWith('```'));
    for (const section of codeSections) expect(section.endsWith('```')).toBe(true);
    expect(codeSections.map((section) => section.slice(3, -3)).join('\n')).toBe(bps);
  });
});
