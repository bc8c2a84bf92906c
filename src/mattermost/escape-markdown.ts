// Characters Mattermost's Markdown (its fork of marked, GFM) lets a backslash escape.
const ESCAPABLE = new Set('`*{}[]()#+-.!_>|~');
const ZERO_WIDTH_SPACE = '\u200b';
// A bare web address stays as it is (Mattermost shows it as a link to itself, which forges nothing);
// only characters that cannot start formatting are taken into it.
const BARE_URL = /https?:\/\/[A-Za-z0-9\-._~/?#%=+,;:]+/g;

function escapePlain(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i]!;
    const next = value[i + 1];
    if (ESCAPABLE.has(c)) out += `\\${c}`;
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

/**
 * Escapes user text for Mattermost Markdown: it shows as typed, cannot mention anyone (`@channel`,
 * `@all`, `@here`, users, groups), and cannot forge links (`[click](https://evil.example)`),
 * headings, lists, quotes, tables or code.
 */
export function escapeMarkdown(value: string): string {
  const lines = value.replace(/\r\n?/g, '\n').split('\n');
  return lines
    .map((line) => {
      // A line of `=` under another would make it a heading (setext); `=` cannot be escaped.
      if (/^\s*=+\s*$/.test(line)) return `${ZERO_WIDTH_SPACE}${line}`;
      let out = '';
      let last = 0;
      for (const match of line.matchAll(BARE_URL)) {
        out += escapePlain(line.slice(last, match.index));
        out += match[0];
        last = match.index + match[0].length;
      }
      return out + escapePlain(line.slice(last));
    })
    .join('\n');
}

/** Text inside a code span or block: no escapes apply there, so only mentions are broken. */
export function breakMentions(value: string): string {
  return value.replace(/@/g, `@${ZERO_WIDTH_SPACE}`);
}
