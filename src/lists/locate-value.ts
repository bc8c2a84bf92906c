import { isNode, parseDocument } from 'yaml';

/** A place in a text, 1-based, as messages name it. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where the value at `path` (keys and array indexes) starts in valid JSON text. Walks the text
 * without building values, so it costs one pass even for a huge list (it runs only to explain a problem).
 */
export function locateJsonValue(text: string, path: readonly (string | number)[]): TextPosition | undefined {
  let i = skipSpace(text, 0);
  for (const step of path) {
    if (typeof step === 'number') {
      if (text.charCodeAt(i) !== 91) return undefined; // [
      i = skipSpace(text, i + 1);
      for (let k = 0; k < step; k++) {
        if (text.charCodeAt(i) === 93) return undefined; // ]
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) !== 44) return undefined; // ,
        i = skipSpace(text, i + 1);
      }
      if (text.charCodeAt(i) === 93) return undefined;
      continue;
    }
    if (text.charCodeAt(i) !== 123) return undefined; // {
    i = skipSpace(text, i + 1);
    let found = false;
    while (!found && text.charCodeAt(i) === 34) {
      const keyEnd = skipString(text, i);
      const key: unknown = JSON.parse(text.slice(i, keyEnd));
      i = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon, at the value
      if (key === step) found = true;
      else {
        i = skipSpace(text, skipValue(text, i));
        if (text.charCodeAt(i) === 44) i = skipSpace(text, i + 1);
      }
    }
    if (!found) return undefined;
  }
  return positionOf(text, i);
}

/** Where the value at `path` starts in a YAML text (read again with positions: this runs only to explain a problem). */
export function locateYamlValue(text: string, path: readonly (string | number)[]): TextPosition | undefined {
  const node = parseDocument(text).getIn(path, true);
  return isNode(node) && node.range ? positionOf(text, node.range[0]) : undefined;
}

function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function skipSpace(text: string, i: number): number {
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 32 && code !== 10 && code !== 13 && code !== 9) return i;
    i++;
  }
}

/** The offset after the string that starts at `i` (a double quote). */
function skipString(text: string, i: number): number {
  for (let j = i + 1; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === 92) j++; // a backslash escapes the next character
    else if (code === 34) return j + 1;
  }
  return text.length;
}

/** The offset after the value that starts at `i`; containers are skipped by counting brackets (no recursion). */
function skipValue(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code === 34) return skipString(text, i);
  if (code !== 123 && code !== 91) {
    while (i < text.length && !',]} \n\r\t'.includes(text[i]!)) i++;
    return i;
  }
  let depth = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = skipString(text, i);
      continue;
    }
    if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return i;
}
