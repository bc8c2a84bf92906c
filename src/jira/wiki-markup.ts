// Jira wiki markup (REST v2) for text users typed. A backslash escapes the next character, so a
// literal backslash cannot be written as `\\` (that is a line break): it becomes the entity &#92;.

const ALWAYS = /[{}[\]|*_^~!]/;

/**
 * User text as inline wiki markup that renders exactly as typed: markup characters
 * backslash-escaped, backslashes as `&#92;`, `-`/`+` escaped where they could open strike-through
 * or underline, and line-start list, heading and quote markers neutralised.
 */
export function escapeWiki(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const before = i === 0 ? '\n' : text[i - 1]!;
    const after = i + 1 < text.length ? text[i + 1]! : '\n';
    const lineStart = before === '\n';
    if (char === '\\') out += '&#92;';
    else if (char === '&' && /^&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text.slice(i))) out += '&amp;';
    else if (ALWAYS.test(char)) out += `\\${char}`;
    else if ((char === '-' || char === '+') && (/\s/.test(before) || /[\s.,;:!?)]/.test(after) || lineStart)) out += `\\${char}`;
    else if (char === '#' && lineStart) out += '\\#';
    else if (char === '?' && after === '?') out += '?\\';
    else if (lineStart && /^(h[1-6]|bq)\./.test(text.slice(i))) out += `${char}\\`;
    else out += char;
  }
  return out;
}

/** One line of plain text (summaries are not wiki-rendered): newlines and tabs become spaces, cut to `max`. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/[\r\n\t]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const NOFORMAT = /\{noformat(?::[^}]*)?\}/gi;

/**
 * User text shown verbatim in a `{noformat}` block. Inside one, nothing is markup except
 * `{noformat}` itself, which would end the block: the block is closed around each occurrence, and
 * the occurrence is written as escaped inline text between two blocks.
 */
export function noformatBlock(text: string): string {
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(NOFORMAT)) {
    parts.push(block(text.slice(last, match.index)));
    parts.push(escapeWiki(match[0]));
    last = match.index + match[0].length;
  }
  parts.push(block(text.slice(last)));
  return parts.filter((part) => part !== '').join('\n');
}

function block(text: string): string {
  const trimmed = text.replace(/^\n+|\n+$/g, '');
  return trimmed === '' ? '' : `{noformat}\n${trimmed}\n{noformat}`;
}

/** A value shown in monospace: `{{value}}`, escaped. Multi-line values go in a noformat block instead. */
export function monospace(text: string): string {
  return text.includes('\n') ? `\n${noformatBlock(text)}` : `{{${escapeWiki(text)}}}`;
}
