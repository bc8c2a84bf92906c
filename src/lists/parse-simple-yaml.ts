import { parse as parseYaml } from 'yaml';

const NOT_SIMPLE = Symbol('not simple');
type Scalar = string | number | typeof NOT_SIMPLE;

const KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const INTEGER = /^-?(?:0|[1-9][0-9]{0,15})$/;
const RANGE = /^(?:0|[1-9][0-9]*)\.\.(?:0|[1-9][0-9]*)(?::[1-9][0-9]*)?$/;
// a plain scalar that YAML 1.2 (core schema) reads as this very string, in block and flow context alike
const PLAIN_TEXT = /^[A-Za-z_][A-Za-z0-9_ ./()+;=-]*$/;
const RESERVED = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

/**
 * The fast path for the YAML lists programs write: a sequence of data IDs (flow `- {a: 1, b: x}`
 * or block `- a: 1` lines) with plain integer or text scalars, at the top or under `data_ids:`.
 * Returns exactly what the `yaml` package would, or undefined when the document is anything else
 * (the caller then uses the full parser), so it can never read a document differently.
 */
export function parseSimpleYaml(text: string): unknown {
  const lines = text.split('\n');
  const head: string[] = [];
  let items: unknown[] | undefined;
  let topLevelSequence = false;
  let i = 0;
  while (i < lines.length) {
    const line = stripCr(lines[i]!);
    if (items === undefined && line.startsWith('-') && head.every(isBlankOrComment)) {
      if (line === '---' || line.startsWith('--- ')) return undefined;
      const block = readSequence(lines, i);
      if (block === undefined) return undefined;
      [items, i] = block;
      topLevelSequence = true;
      continue;
    }
    if (items === undefined && /^data_ids:\s*(?:#.*)?$/.test(line)) {
      const block = readSequence(lines, i + 1);
      if (block === undefined) return undefined;
      [items, i] = block;
      continue;
    }
    if (topLevelSequence && !isBlankOrComment(line)) return undefined;
    head.push(line);
    i++;
  }
  if (items === undefined) return undefined;
  if (topLevelSequence) return items;
  let document: unknown;
  try {
    document = parseYaml(head.join('\n'), { maxAliasCount: 100, uniqueKeys: true }) ?? {};
  } catch {
    return undefined;
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document) || 'data_ids' in document) return undefined;
  return { ...document, data_ids: items };
}

/** Reads `- ...` items from line `start`; returns the items and the first line after the block. */
function readSequence(lines: readonly string[], start: number): [unknown[], number] | undefined {
  const items: unknown[] = [];
  let indent = -1;
  let current: Record<string, unknown> | undefined; // the block mapping being read
  let i = start;
  for (; i < lines.length; i++) {
    const line = stripCr(lines[i]!);
    if (isBlankOrComment(line)) continue;
    let n = 0;
    while (line.charCodeAt(n) === 32) n++;
    if (line.charCodeAt(n) === 9) return undefined;
    if (indent === -1) {
      if (line.charCodeAt(n) !== 45) return undefined;
      indent = n;
    }
    if (n === indent && line.charCodeAt(n) === 45 && line.charCodeAt(n + 1) === 32) {
      const rest = line.slice(n + 2).trimStart();
      if (rest.startsWith('{')) {
        const item = readFlowMapping(rest);
        if (item === undefined) return undefined;
        items.push(item);
        current = undefined;
      } else {
        current = {};
        if (!readPair(rest, current)) return undefined;
        items.push(current);
      }
    } else if (n === indent + 2 && current !== undefined) {
      if (!readPair(line.slice(n), current)) return undefined;
    } else if (n <= indent && line.charCodeAt(n) !== 45) {
      break;
    } else {
      return undefined;
    }
  }
  return [items, i];
}

function readFlowMapping(text: string): Record<string, unknown> | undefined {
  const close = text.indexOf('}');
  if (close === -1) return undefined;
  const after = text.slice(close + 1).trim();
  if (after !== '' && !after.startsWith('#')) return undefined;
  const inner = text.slice(1, close);
  if (inner.includes('{') || inner.includes('[') || inner.includes('#')) return undefined;
  const mapping: Record<string, unknown> = {};
  for (const part of inner.split(',')) if (!readPair(part.trim(), mapping)) return undefined;
  return mapping;
}

/** `key: scalar` (with an optional ` # comment` outside flow context) into `mapping`; false when not simple. */
function readPair(text: string, mapping: Record<string, unknown>): boolean {
  const colon = text.indexOf(': ');
  if (colon === -1) return false;
  const key = text.slice(0, colon);
  if (!KEY.test(key) || Object.prototype.hasOwnProperty.call(mapping, key)) return false;
  let raw = text.slice(colon + 2);
  const comment = raw.indexOf(' #');
  if (comment !== -1) raw = raw.slice(0, comment);
  const value = scalar(raw.trim());
  if (value === NOT_SIMPLE) return false;
  mapping[key] = value;
  return true;
}

function scalar(text: string): Scalar {
  if (INTEGER.test(text)) {
    const value = Number(text);
    return Number.isSafeInteger(value) && text !== '-0' ? value : NOT_SIMPLE;
  }
  if (RANGE.test(text)) return text;
  if (PLAIN_TEXT.test(text) && !RESERVED.has(text) && !text.endsWith(' ') && !text.includes('  ')) return text;
  const quote = text.charCodeAt(0);
  if ((quote === 34 || quote === 39) && text.length >= 2 && text.charCodeAt(text.length - 1) === quote) {
    const inner = text.slice(1, -1);
    if (/^[^"'\\#:,{}[\]]*$/.test(inner)) return inner;
  }
  return NOT_SIMPLE;
}

function stripCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

function isBlankOrComment(line: string): boolean {
  const trimmed = line.trim();
  return trimmed === '' || trimmed.startsWith('#');
}
