import { describe, expect, it } from 'vitest';
import { fitJiraText, noteComment } from '../../src/jira/jira-texts.js';
import { escapeWiki, monospace, noformatBlock, oneLine } from '../../src/jira/wiki-markup.js';

describe('wiki markup escaping', () => {
  it('escapes braces, brackets, pipes, stars, underscores and the other markup characters', () => {
    expect(escapeWiki('{color:red}[link|http://x]*bold* _it_ ^sup^ ~sub~ !img.png!')).toBe(
      '\\{color:red\\}\\[link\\|http://x\\]\\*bold\\* \\_it\\_ \\^sup\\^ \\~sub\\~ \\!img.png\\!',
    );
  });

  it('writes a backslash as an entity, since a backslash cannot escape a backslash', () => {
    expect(escapeWiki('C:\\data\\\\new')).toBe('C:&#92;data&#92;&#92;new');
  });

  it('neutralises an entity the user typed, so it shows as typed', () => {
    expect(escapeWiki('&#92; and &amp; but not R&D')).toBe('&amp;#92; and &amp;amp; but not R&D');
  });

  it('escapes - and + only where they could start or end strike-through or underline, and line-start markers', () => {
    expect(escapeWiki('w07-rc2 a -b- c +d+\n- item\n# one\nh1. title\nbq. quote\nwhat??')).toBe(
      'w07-rc2 a \\-b\\- c \\+d\\+\n\\- item\n\\# one\nh\\1. title\nb\\q. quote\nwhat?\\?',
    );
  });

  it('closes a noformat block around a {noformat} inside the user text and shows it escaped', () => {
    expect(noformatBlock('before\n{noformat}\nafter \\ {code}')).toBe(
      '{noformat}\nbefore\n{noformat}\n\\{noformat\\}\n{noformat}\nafter \\ {code}\n{noformat}',
    );
    expect(noformatBlock('{NOFORMAT:title=x}')).toBe('\\{NOFORMAT:title=x\\}');
  });

  it('shows a single-line value in monospace and a multi-line one verbatim', () => {
    expect(monospace('u/jo/DM-1_x')).toBe('{{u/jo/DM-1\\_x}}');
    expect(monospace('a\nb|c')).toBe('\n{noformat}\na\nb|c\n{noformat}');
  });

  it('makes one line of at most the given length for summaries', () => {
    expect(oneLine('a\r\nb\tc', 255)).toBe('a b c');
    expect(oneLine('x'.repeat(300), 255)).toHaveLength(255);
    expect(oneLine('x'.repeat(300), 255).endsWith('…')).toBe(true);
  });

  it('sends a note exactly as escaped wiki text', () => {
    expect(noteComment('CMP-3/2', { id: 'slack:U1', name: 'Ann_B' }, '2026-11-25T10:00:00.000Z', 'use {noformat} and [x|y] with C:\\tmp')).toBe(
      '*CMP-3/2* note by Ann\\_B ({{slack:U1}}) at 2026-11-25T10:00:00.000Z\nuse \\{noformat\\} and \\[x\\|y\\] with C:&#92;tmp',
    );
  });

  it('keeps text within the limit as is and cuts longer text to a head and an attachment', () => {
    expect(fitJiraText('short', 'f.txt')).toEqual({ text: 'short' });
    const fitted = fitJiraText(`{noformat}\n${'y'.repeat(40_000)}\n{noformat}`, 'f.txt');
    expect(fitted.text.length).toBeLessThan(32_767);
    expect(fitted.text).toMatch(/\n\{noformat\}\n…\n\n_The full text \(40022 characters\) is over Jira's limit: it is attached as_ \[\^f\.txt\]$/);
    expect(fitted.attachment).toEqual({ name: 'f.txt', content: `{noformat}\n${'y'.repeat(40_000)}\n{noformat}` });
  });
});
