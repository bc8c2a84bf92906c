import { parse as parseYaml } from 'yaml';
import { buildDataIdList, type ListBuilder } from './build-data-id-list.js';
import type { DataIdList } from './data-id-list.js';
import {
  checkDimensionNames,
  createListColumns,
  parseIntegerText,
  pushRow,
  pushScalarRow,
  readDimensionText,
  setReason,
  type ListColumns,
  type RowValue,
} from './list-columns.js';
import type { ListProblems } from './list-problems.js';

const COMMA = 44;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const HASH = 35;

/**
 * Parses CSV (a header row of dimension names, an optional `reason` column, `#` comment lines) or
 * astropy ECSV (`# %ECSV 1.0`, `# ---` YAML metadata, then space- or comma-delimited rows).
 * Integer cells may be ranges `a..b[:stride]`.
 */
export function parseCsvList(
  text: string,
  problems: ListProblems,
  limits: { maxEntries: number },
  ecsv: boolean,
  build: ListBuilder = buildDataIdList,
): DataIdList {
  const describe = (line: number, dimension?: string) => `line ${line}${dimension === undefined ? '' : `, ${dimension}`}`;
  const length = text.length;
  let position = 0;
  let lineNumber = 0;
  let delimiter = COMMA;
  const metaLines: string[] = [];
  let inMeta = false;
  let header: string[] | undefined;
  let headerLine = 0;
  let columns: ListColumns | undefined;
  let target: Int32Array = new Int32Array(0); // header column -> dimension index, -1 = reason
  let integer: readonly boolean[] = [];
  let row: RowValue[] = [];
  let lastText: (string | undefined)[] = [];
  let reasonColumn = -1;
  let nextQuote = text.indexOf('"');

  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = length;
    const next = end + 1;
    if (end > position && text.charCodeAt(end - 1) === 13) end -= 1;
    lineNumber += 1;
    let start = position;
    position = next;
    while (start < end && (text.charCodeAt(start) === SPACE || text.charCodeAt(start) === TAB)) start++;
    if (start === end) continue;
    if (text.charCodeAt(start) === HASH) {
      if (!ecsv || header !== undefined) continue;
      const comment = text.slice(start + 1, end).replace(/^ /, '');
      if (lineNumber === 1 && !comment.startsWith('%ECSV')) problems.fail(`line 1: expected the ECSV header "# %ECSV 1.0", got ${JSON.stringify(text.slice(start, end))}`);
      if (comment.trim() === '---') inMeta = true;
      else if (inMeta) metaLines.push(comment);
      continue;
    }

    if (header === undefined) {
      if (ecsv) delimiter = ecsvDelimiter(metaLines, problems);
      header = splitFields(text.slice(start, end), delimiter).map((name) => name.trim());
      headerLine = lineNumber;
      reasonColumn = header.indexOf('reason');
      const dimensions = checkDimensionNames(
        header.filter((name, j) => j !== reasonColumn),
        `line ${lineNumber} (the header)`,
        problems,
      );
      if (header.indexOf('reason', reasonColumn + 1) !== -1) problems.add(`line ${lineNumber} (the header): the column reason is named twice`);
      problems.throwIfAny();
      if (ecsv) checkEcsvColumns(metaLines, header, problems);
      columns = createListColumns(dimensions, limits.maxEntries, problems, describe);
      target = new Int32Array(header.map((name, j) => (j === reasonColumn ? -1 : dimensions.indexOf(name))));
      integer = columns.integer;
      row = new Array(dimensions.length);
      lastText = new Array(dimensions.length);
      continue;
    }

    const cols = columns!;
    const count = header.length;
    let reason: string | undefined;
    let good = true;
    let ranged = false;
    let field = 0;
    if (nextQuote !== -1 && nextQuote < start) nextQuote = text.indexOf('"', start);
    if (nextQuote !== -1 && nextQuote < end) {
      // quoted fields: the slow, exact path
      const fields = splitFields(text.slice(start, end), delimiter);
      if (fields.length !== count) {
        problems.add(`line ${lineNumber}: has ${fields.length} fields but the header (line ${headerLine}) names ${count} columns`);
        continue;
      }
      for (let j = 0; j < count; j++) {
        const value = delimiter === COMMA ? fields[j]!.trim() : fields[j]!;
        const c = target[j]!;
        if (c === -1) {
          if (value !== '') reason = value;
          continue;
        }
        const read = readDimensionText(cols, c, value, lineNumber, true);
        if (read === undefined) good = false;
        else {
          row[c] = read;
          if (typeof read === 'object') ranged = true;
        }
      }
    } else {
      let from = start;
      for (;;) {
        let to = from;
        if (delimiter === COMMA) {
          while (to < end && text.charCodeAt(to) !== COMMA) to++;
        } else {
          while (to < end && text.charCodeAt(to) !== SPACE && text.charCodeAt(to) !== TAB) to++;
        }
        if (field < count) {
          let a = from;
          let b = to;
          while (a < b && (text.charCodeAt(a) === SPACE || text.charCodeAt(a) === TAB)) a++;
          while (b > a && (text.charCodeAt(b - 1) === SPACE || text.charCodeAt(b - 1) === TAB)) b--;
          const c = target[field]!;
          if (c === -1) {
            if (b > a) reason = text.slice(a, b);
          } else {
            const quick = integer[c] ? parseIntegerText(text, a, b) : undefined;
            const previous = lastText[c];
            if (quick !== undefined) row[c] = quick;
            // the same string as the line before (an instrument, a band): no new string per line
            else if (previous !== undefined && previous.length === b - a && text.startsWith(previous, a)) row[c] = previous;
            else {
              const read = readDimensionText(cols, c, text.slice(a, b), lineNumber, true);
              if (read === undefined) good = false;
              else {
                row[c] = read;
                if (typeof read === 'object') ranged = true;
                else if (typeof read === 'string') lastText[c] = read;
              }
            }
          }
        }
        field++;
        if (to >= end) break;
        from = to + 1;
        if (delimiter !== COMMA) while (from < end && (text.charCodeAt(from) === SPACE || text.charCodeAt(from) === TAB)) from++;
      }
      if (field !== count) {
        problems.add(`line ${lineNumber}: has ${field} fields but the header (line ${headerLine}) names ${count} columns`);
        continue;
      }
    }
    if (!good) continue;
    if (ranged) pushRow(cols, row, lineNumber, reason);
    else {
      if (reason !== undefined) setReason(cols, cols.size, reason);
      pushScalarRow(cols, row as (number | string)[], lineNumber);
    }
  }
  if (!columns) {
    return problems.fail(ecsv ? 'no header row after the ECSV metadata; expected the column names' : 'the list is empty; expected a header row of dimension names, then data IDs');
  }
  return build(columns, {});
}

/** Splits one line on the delimiter, honouring double-quoted fields ("" is a quote). */
function splitFields(line: string, delimiter: number): string[] {
  const fields: string[] = [];
  let current = '';
  // whether `current` is all whitespace so far (a trim() per quote made a line of quotes quadratic)
  let blank = true;
  let quoted = false;
  let i = 0;
  if (delimiter !== COMMA) line = line.trim();
  while (i < line.length) {
    const code = line.charCodeAt(i);
    if (quoted) {
      if (code === QUOTE) {
        if (line.charCodeAt(i + 1) === QUOTE) {
          current += '"';
          blank = false;
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        current += line[i];
        if (blank && line[i]!.trim() !== '') blank = false;
      }
      i++;
      continue;
    }
    if (code === QUOTE && blank) {
      current = '';
      quoted = true;
    } else if (code === delimiter || (delimiter === SPACE && code === TAB)) {
      fields.push(current);
      current = '';
      blank = true;
      if (delimiter === SPACE) while (line.charCodeAt(i + 1) === SPACE || line.charCodeAt(i + 1) === TAB) i++;
    } else {
      current += line[i];
      if (blank && line[i]!.trim() !== '') blank = false;
    }
    i++;
  }
  fields.push(current);
  return fields;
}

function readEcsvMeta(metaLines: readonly string[], problems: ListProblems): Record<string, unknown> {
  try {
    const meta: unknown = parseYaml(metaLines.join('\n'), { maxAliasCount: 100 });
    return typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>) : {};
  } catch (error) {
    return problems.fail(`the ECSV metadata (the "# " lines after "# ---") is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

function ecsvDelimiter(metaLines: readonly string[], problems: ListProblems): number {
  const delimiter = readEcsvMeta(metaLines, problems).delimiter;
  if (delimiter === undefined || delimiter === ' ') return SPACE;
  if (delimiter === ',') return COMMA;
  return problems.fail(`the ECSV delimiter ${JSON.stringify(delimiter)} is not supported; expected " " or ","`);
}

function checkEcsvColumns(metaLines: readonly string[], header: readonly string[], problems: ListProblems): void {
  const datatype = readEcsvMeta(metaLines, problems).datatype;
  if (!Array.isArray(datatype)) return;
  const names = datatype.map((column: unknown) => (typeof column === 'object' && column !== null ? (column as { name?: unknown }).name : undefined));
  if (names.join(',') !== header.join(',')) {
    problems.fail(`the ECSV metadata names the columns ${names.join(', ')} but the header row names ${header.join(', ')}`);
  }
}
