// Characters that start formatting anywhere in Mattermost's Markdown (its fork of marked, GFM).
// Others (`#`, `>`, `-`, `+`, `1.`) only do at the start of a line, and `_` only at a word's edge:
// escaping only those keeps raw text (push notifications, e-mails) readable, e.g. CMP-12 and R10_S11.
const ALWAYS = new Set('`*[]|~');
const ZERO_WIDTH_SPACE = '\u200b';
// A bare web address stays as it is (Mattermost shows it as a link to itself, which forges nothing);
// only characters that cannot start formatting are taken into it.
const BARE_URL = /https?:\/\/[A-Za-z0-9\-._/?#%=+,;:]+/g;
const LINE_MARKER = /^(\s*)([#>+-]|\d+(?=[.)]))/;

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

function escapePlain(value: string, before: string | undefined, after: string | undefined): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    const next = i + 1 < value.length ? value[i + 1] : after;
    const previous = i === 0 ? before : value[i - 1];
    if (ALWAYS.has(c)) out += `\\${c}`;
    // `_x_` emphasises; inside a word (R10_S11) `_` is plain.
    else if (c === '_') out += isWordChar(previous) && isWordChar(next) ? '_' : '\\_';
    // `\\` is an escape only when no word character follows; `\x` (x a letter) shows as typed.
    else if (c === '\\') out += next === undefined || !/\w/.test(next) ? '\\\\' : '\\';
    // The server decodes entities and joins text before it looks for mentions (`&#64;channel`).
    else if (c === '&') out += '&amp;';
    // `\@channel` still notifies everyone; a zero-width space after `@` breaks every mention.
    else if (c === '@') out += `@${ZERO_WIDTH_SPACE}`;
    else out += c;
  }
  return out;
}

function escapeLine(line: string): string {
  // A line of `=` under another would make it a heading (setext); `=` cannot be escaped.
  if (/^\s*=+\s*$/.test(line)) return `${ZERO_WIDTH_SPACE}${line}`;
  let out = '';
  let last = 0;
  const marker = LINE_MARKER.exec(line);
  if (marker) {
    const [whole, indent, sign] = marker as unknown as [string, string, string];
    // `# heading`, `> quote`, `- item`, `+ item`; `1. item` is broken at its dot.
    out = /^\d/.test(sign) ? `${indent}${sign}\\${line[whole.length]}` : `${indent}\\${sign}`;
    last = /^\d/.test(sign) ? whole.length + 1 : whole.length;
  }
  for (const match of line.matchAll(BARE_URL)) {
    if (match.index < last) continue;
    out += escapePlain(line.slice(last, match.index), line[last - 1], match[0][0]);
    out += match[0];
    last = match.index + match[0].length;
  }
  return out + escapePlain(line.slice(last), line[last - 1], undefined);
}

/**
 * Escapes user text for Mattermost Markdown: it shows as typed, cannot mention anyone (`@channel`,
 * `@all`, `@here`, users, groups), and cannot forge links (`[click](https://evil.example)`),
 * headings, lists, quotes, tables or code.
 */
export function escapeMarkdown(value: string): string {
  return value.replace(/\r\n?/g, '\n').split('\n').map(escapeLine).join('\n');
}

/** Text inside a code span or block: no escapes apply there, so only mentions are broken. */
export function breakMentions(value: string): string {
  return value.replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}
