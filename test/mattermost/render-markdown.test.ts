import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bold, code, link, simpleMessage, text, userText, type ChatMessage } from '../../src/chat/chat-message.js';
import { escapeMarkdown } from '../../src/mattermost/escape-markdown.js';
import { MAX_POST_LENGTH, renderMarkdown, splitMarkdown } from '../../src/mattermost/render-markdown.js';

// What Mattermost's Markdown (marked, GFM) does with backslashes and entities, and what its server
// sees when it looks for mentions: escapes removed, entities decoded, text joined.
const MARKED_ESCAPE = /\\([`*{}[\]()#+\-.!_>|~]|\\(?!\w))/g;
const shown = (markdown: string) =>
  markdown
    .replace(MARKED_ESCAPE, '$1')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
const ZWSP = '\u200b';

/** Characters left to act as Markdown: an escape covers the character after it. */
function unescaped(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i += 1) {
    if (markdown[i] === '\\' && /[`*{}[\]()#+\-.!_>|~\\]/.test(markdown[i + 1] ?? '') && !(markdown[i + 1] === '\\' && /\w/.test(markdown[i + 2] ?? ''))) i += 1;
    else out += markdown[i];
  }
  return out;
}

const hostile = fc
  .array(fc.constantFrom('@', '&', '#', ';', '64', '[', ']', '(', ')', '`', '*', '_', '~', '|', '\\', '>', '-', '+', '=', '.', '!', ' ', '\n', 'a', '1', 'channel', 'all', 'here', 'https://evil.example', '&#64;', 'R10_S11'), { maxLength: 40 })
  .map((parts) => parts.join(''));

describe('escapeMarkdown', () => {
  it('shows user text as typed, apart from invisible zero-width spaces', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(shown(escapeMarkdown(value)).replaceAll(ZWSP, '')).toBe(value);
      }),
    );
  });

  it('never lets user text mention @channel, @all, @here or anyone, even through escapes or entities', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(shown(escapeMarkdown(value))).not.toMatch(/@(?!\u200b)/);
      }),
    );
    for (const attack of ['@channel', '\\@channel', '&#64;channel', '@all please', 'hi @here', '`@channel`']) {
      expect(shown(escapeMarkdown(attack))).not.toMatch(/@(channel|all|here)/);
    }
  });

  it('leaves no link, image, code, emphasis or table syntax in user text', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        expect(unescaped(escapeMarkdown(value))).not.toMatch(/[[\]`*|~]/);
      }),
    );
    const clicked = escapeMarkdown('[click](https://evil.example)');
    expect(clicked).toBe('\\[click\\](https://evil.example)');
    expect(escapeMarkdown('# not a heading\n> not a quote\n- not a list\n1. not ordered\n===')).toBe(
      '\\# not a heading\n\\> not a quote\n\\- not a list\n1\\. not ordered\n\u200b===',
    );
  });

  it('keeps ordinary text readable in raw form (notifications show it)', () => {
    expect(escapeMarkdown('CMP-12 w07-rc2 on R10_S11 (visit 2025111500226): see https://jira.example.org/browse/DM-1_2')).toBe(
      'CMP-12 w07-rc2 on R10_S11 (visit 2025111500226): see https://jira.example.org/browse/DM-1_2',
    );
    expect(escapeMarkdown('_emphasis_ and *bold*')).toBe('\\_emphasis\\_ and \\*bold\\*');
  });
});

describe('renderMarkdown', () => {
  it('renders the neutral message: bold title, fields, links, code and a code block', () => {
    const message: ChatMessage = {
      title: [text('Workflow CMP-1/1 '), userText('step1'), text(' started')],
      blocks: [
        { kind: 'paragraph', parts: [text('By '), userText('@channel'), text(': '), bold('Exclusion list: '), code('sha256:0123456789ab')] },
        { kind: 'fields', fields: [{ label: 'WMS', value: [text('panda')] }] },
        { kind: 'links', links: [{ label: 'PanDA tasks', url: 'https://bigmon.example/tasks/?name=u_x*' }, { label: 'Status', command: 'bps report --id `1`' }] },
        { kind: 'preformatted', text: 'bps submit x.yaml\n```\n@here', user: true },
        { kind: 'divider' },
        { kind: 'paragraph', parts: [link('javascript:alert(1)', 'click')] },
      ],
    };
    const markdown = renderMarkdown(message);
    expect(markdown.split('\n')[0]).toBe('**Workflow CMP-1/1 step1 started**');
    expect(markdown).toContain(`By @${ZWSP}channel: **Exclusion list:** \`sha256:0123456789ab\``);
    expect(markdown).toContain('**WMS:** panda');
    expect(markdown).toContain('[PanDA tasks](https://bigmon.example/tasks/?name=u_x*)  ·  Status: `bps report --id ˋ1ˋ`');
    // One code block: the ``` inside the user's text does not close it.
    expect(markdown.split('\n').filter((line) => line.startsWith('```'))).toHaveLength(2);
    expect(markdown).toContain(`@${ZWSP}here`);
    expect(markdown).toContain('\n\n---\n\n');
    expect(markdown).not.toContain('](javascript:');
  });
});

describe('splitMarkdown', () => {
  it('keeps a short post whole', () => {
    expect(splitMarkdown('short')).toEqual(['short']);
  });

  it('splits a long post into posts Mattermost accepts, with every code block closed', () => {
    const long = renderMarkdown(
      simpleMessage([text('History')], ...Array.from({ length: 400 }, (_, i) => [text(`line ${i} `), userText('x'.repeat(60))])),
    );
    const withBlock = `${long}\n\`\`\`\n${'data row\n'.repeat(3000)}\`\`\`\n${'y'.repeat(20_000)}`;
    const parts = splitMarkdown(withBlock);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(MAX_POST_LENGTH);
      expect(part.split('\n').filter((line) => line.startsWith('```')).length % 2).toBe(0);
    }
    const rejoined = parts.join('\n').replace(/\n```\n```\n/g, '\n');
    expect(rejoined.replace(/\n/g, '')).toBe(withBlock.replace(/\n/g, ''));
  });
});
