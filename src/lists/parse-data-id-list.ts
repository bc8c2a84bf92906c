import { parse as parseYaml } from 'yaml';
import { buildColumnarList, buildDataIdList } from './build-data-id-list.js';
import type { DataIdList } from './data-id-list.js';
import { formatBytes, inflateListBytes, isGzip } from './inflate-list-bytes.js';
import { detectListFormat, formatFromFileName, type ListFormat } from './list-format.js';
import { resolveListLimits, type ListLimits } from './list-limits.js';
import { createListProblems } from './list-problems.js';
import { parseCsvList } from './parse-csv-list.js';
import { parseSimpleYaml } from './parse-simple-yaml.js';
import { parseLinesList } from './parse-lines-list.js';
import { locateJsonValue, locateYamlValue } from './locate-value.js';
import { readStructuredList } from './read-structured-list.js';

export interface ParseListOptions {
  /** What the list is called in messages: a file name or a form field's label. */
  readonly source: string;
  /** The encoding, when known; else taken from the file name (`fileName`, or `source`) and then the content. */
  readonly format?: ListFormat;
  /** The file name, when `source` is not one. */
  readonly fileName?: string;
  /** The form field the list came from, so a ListError can carry it as a per-field message. */
  readonly field?: string;
  readonly limits?: ListLimits;
  /** Return the list as typed columns with its fingerprint (see buildColumnarList), entries built only if read. */
  readonly columnar?: boolean;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a data-ID list in any accepted encoding (JSON, YAML, CSV, ECSV, lines; gzipped or not)
 * into the one model, entries in canonical order. Everything wrong is reported in one ListError.
 */
export function parseDataIdList(input: string | Uint8Array, options: ParseListOptions): DataIdList {
  const limits = resolveListLimits(options.limits);
  const problems = createListProblems(options.source, options.field);
  let text: string;
  if (typeof input === 'string') {
    text = input;
    if (text.length > limits.maxInflatedBytes) problems.fail(`the list is ${formatBytes(text.length)} long, more than the limit of ${formatBytes(limits.maxInflatedBytes)}`);
  } else {
    let bytes = input;
    if (isGzip(bytes)) bytes = inflateListBytes(bytes, limits.maxInflatedBytes, problems);
    if (bytes.length > limits.maxInflatedBytes) problems.fail(`the list is ${formatBytes(bytes.length)} long, more than the limit of ${formatBytes(limits.maxInflatedBytes)}`);
    try {
      text = decoder.decode(bytes);
    } catch (error) {
      return problems.fail(`the file is neither text in UTF-8 nor gzip (${(error as Error).message}); expected JSON, YAML, CSV, ECSV or data-ID lines`);
    }
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  const named = options.format ?? formatFromFileName(options.fileName ?? options.source);
  // an ECSV file named .csv is still ECSV: its banner says so
  const format = named === 'csv' && text.startsWith('# %ECSV') ? 'ecsv' : (named ?? detectListFormat(text));
  const build = options.columnar ? buildColumnarList : buildDataIdList;
  switch (format) {
    case 'json':
      return readStructuredList(parseJson(text, problems, named === undefined, limits.maxDepth), problems, limits, false, build, (path) =>
        locateJsonValue(text, path),
      );
    case 'yaml':
      return readStructuredList(parseYamlText(text, problems, limits.maxDepth), problems, limits, true, build, (path) =>
        locateYamlValue(text, path),
      );
    case 'csv':
      return parseCsvList(text, problems, limits, false, build);
    case 'ecsv':
      return parseCsvList(text, problems, limits, true, build);
    case 'lines':
      return parseLinesList(text, problems, limits, build);
  }
}

function parseJson(text: string, problems: ReturnType<typeof createListProblems>, guessed: boolean, maxDepth: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // the YAML composer recurses: 1 MB of `[` took 13 s and 1 GB, 5 MB exhausted the heap
    if (guessed && !yamlNestingExceeds(text, maxDepth)) {
      // `[{visit: 1}]` looks like JSON but is YAML's flow style
      try {
        return parseYaml(text, { maxAliasCount: 100 });
      } catch {
        // report the JSON error
      }
    }
    return problems.fail(`not valid JSON: ${(error as Error).message}`);
  }
}

function parseYamlText(text: string, problems: ReturnType<typeof createListProblems>, maxDepth: number): unknown {
  const simple = parseSimpleYaml(text);
  if (simple !== undefined) return simple;
  if (yamlNestingExceeds(text, maxDepth)) problems.fail(`the YAML is nested deeper than ${maxDepth} levels`);
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch (error) {
    const message = (error as Error).message;
    if (error instanceof RangeError || /call stack/i.test(message)) return problems.fail(`the YAML is nested too deeply to read`);
    if (/alias/i.test(message)) return problems.fail(`the YAML uses too many aliases (a YAML alias bomb?); write the data IDs out`);
    return problems.fail(`not valid YAML: ${message.split('\n')[0]}`);
  }
}

/** A cheap over-estimate of YAML nesting (flow brackets and block indentation), checked before the recursive composer runs. */
function yamlNestingExceeds(text: string, maxDepth: number): boolean {
  let flow = 0;
  const indents: number[] = [];
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (lineStart) {
      if (code === 32 || code === 45) {
        // spaces and `- ` both open a level
        indent++;
        continue;
      }
      lineStart = false;
      if (code !== 10 && code !== 35) {
        while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
        indents.push(indent);
        if (indents.length > maxDepth) return true;
      }
    }
    if (code === 10) {
      lineStart = true;
      indent = 0;
    } else if (code === 91 || code === 123) {
      if (++flow > maxDepth) return true;
    } else if (code === 93 || code === 125) {
      if (flow > 0) flow--;
    }
  }
  return false;
}
