import { parse as parseYaml } from 'yaml';
import { buildDataIdList, type ListBuilder } from './build-data-id-list.js';
import type { DataIdList } from './data-id-list.js';
import type { DimensionUniverse } from './dimension-universe.js';
import {
  checkDimensionNames,
  createListColumns,
  describeLine,
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
  rules: { readonly maxEntries: number; readonly universe: DimensionUniverse },
  ecsv: boolean,
  build: ListBuilder = buildDataIdList,
): DataIdList {
  const describe = describeLine;
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
  let ecsvHeader: EcsvHeader | undefined;
  // header columns whose cells are JSON (ECSV `subtype: json`): every row then takes the exact path
  let json: readonly boolean[] = [];
  let anyJson = false;
  let nextQuote = text.indexOf('"');

  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = length;
    const next = end + 1;
    if (end > position && text.charCodeAt(end - 1) === 13) end -= 1;
    lineNumber += 1;
    const lineStart = position;
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
      if (ecsv) {
        ecsvHeader = readEcsvHeader(metaLines, problems);
        delimiter = ecsvHeader.delimiter;
      }
      header = splitFields(text.slice(start, end), delimiter).fields.map((name) => name.trim());
      headerLine = lineNumber;
      reasonColumn = header.indexOf('reason');
      const dimensions = checkDimensionNames(
        header.filter((name, j) => j !== reasonColumn),
        `line ${lineNumber} (the header)`,
        problems,
        rules.universe,
      );
      if (header.indexOf('reason', reasonColumn + 1) !== -1) problems.add(`line ${lineNumber} (the header): the column reason is named twice`);
      problems.throwIfAny();
      if (ecsvHeader) {
        json = checkEcsvColumns(ecsvHeader, header, rules.universe, problems);
        anyJson = json.includes(true);
      }
      columns = createListColumns(dimensions, rules, problems, describe);
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
    if (anyJson || (nextQuote !== -1 && nextQuote < end)) {
      // quoted fields: the slow, exact path
      const { fields, starts, openQuote } = splitFields(text.slice(start, end), delimiter);
      if (openQuote !== -1) {
        // the quoted field goes on past this line: say so once, and skip to where it closes
        const opened = `line ${lineNumber}, column ${start - lineStart + openQuote + 1}`;
        const closed = lineOfClosingQuote(text, next, lineNumber + 1);
        if (closed === undefined) {
          problems.add(`${opened}: a quoted field starts here and is never closed; a value may not span lines`);
          break;
        }
        problems.add(`${opened}: a quoted field starts here and ends on line ${closed.line}; a value may not span lines (it would hold a newline)`);
        lineNumber = closed.line;
        const after = text.indexOf('\n', closed.at);
        position = after === -1 ? length : after + 1;
        continue;
      }
      if (fields.length !== count) {
        problems.add(`line ${lineNumber}: has ${fields.length} fields but the header (line ${headerLine}) names ${count} columns`);
        continue;
      }
      for (let j = 0; j < count; j++) {
        let value = delimiter === COMMA ? fields[j]!.trim() : fields[j]!;
        const column = start - lineStart + starts[j]! + 1;
        const c = target[j]!;
        if (json[j]) {
          const decoded = decodeJsonCell(value);
          if (decoded === undefined) {
            problems.add(`${describe(lineNumber, header[j], column)}: ${JSON.stringify(value)} is not a JSON string, which the ECSV header (subtype: json) says the column holds`);
            good = false;
            continue;
          }
          value = decoded;
        }
        if (c === -1) {
          if (value !== '') reason = value;
          continue;
        }
        const read = readDimensionText(cols, c, value, lineNumber, true, column);
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
              const read = readDimensionText(cols, c, text.slice(a, b), lineNumber, true, a - lineStart + 1);
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
  return build(columns, ecsvHeader?.reason !== undefined ? { reason: ecsvHeader.reason } : {});
}

/** Where a quoted field left open at the end of a line closes: its line and the offset after the quote. */
function lineOfClosingQuote(text: string, from: number, line: number): { line: number; at: number } | undefined {
  for (let i = from; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) line++;
    else if (code === QUOTE) {
      if (text.charCodeAt(i + 1) !== QUOTE) return { line, at: i + 1 };
      i++;
    }
  }
  return undefined;
}

/** An ECSV `subtype: json` cell holding a string (astropy writes an object-dtype string column so: `"""g"""`), decoded. */
function decodeJsonCell(cell: string): string | undefined {
  try {
    const value: unknown = JSON.parse(cell);
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Splits one line on the delimiter, honouring double-quoted fields ("" is a quote): the fields, where each starts, and where a quote left open starts (-1 if none). */
function splitFields(line: string, delimiter: number): { fields: string[]; starts: number[]; openQuote: number } {
  const fields: string[] = [];
  const starts: number[] = [0];
  let current = '';
  // whether `current` is all whitespace so far (a trim() per quote made a line of quotes quadratic)
  let blank = true;
  let quoted = false;
  let openQuote = -1;
  let i = 0;
  if (delimiter !== COMMA) line = line.trimEnd();
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
      openQuote = i;
    } else if (code === delimiter || (delimiter === SPACE && code === TAB)) {
      fields.push(current);
      current = '';
      blank = true;
      if (delimiter === SPACE) while (line.charCodeAt(i + 1) === SPACE || line.charCodeAt(i + 1) === TAB) i++;
      starts.push(i + 1);
    } else {
      current += line[i];
      if (blank && line[i]!.trim() !== '') blank = false;
    }
    i++;
  }
  fields.push(current);
  return { fields, starts, openQuote: quoted ? openQuote : -1 };
}

/** What the ECSV metadata says that matters here: the delimiter, each column's datatype, the table's reason. */
interface EcsvHeader {
  readonly delimiter: number;
  readonly datatypes?: readonly { readonly name: unknown; readonly datatype: unknown; readonly subtype: unknown }[];
  readonly reason?: string;
}

function readEcsvHeader(metaLines: readonly string[], problems: ListProblems): EcsvHeader {
  let header: Record<string, unknown>;
  try {
    const parsed: unknown = parseYaml(metaLines.join('\n'), { maxAliasCount: 100 });
    header = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch (error) {
    return problems.fail(`the ECSV metadata (the "# " lines after "# ---") is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  let delimiter = SPACE;
  if (header.delimiter === ',') delimiter = COMMA;
  else if (header.delimiter !== undefined && header.delimiter !== ' ') {
    problems.fail(`the ECSV delimiter ${JSON.stringify(header.delimiter)} is not supported; expected " " or ","`);
  }
  const datatypes = Array.isArray(header.datatype)
    ? header.datatype.map((column: unknown) => {
        const { name, datatype, subtype } = typeof column === 'object' && column !== null ? (column as Record<string, unknown>) : {};
        return { name, datatype, subtype };
      })
    : undefined;
  // astropy writes the table's meta as an ordered map (`meta: !!omap`), which the yaml package reads as a Map
  const meta = header.meta;
  const reason = meta instanceof Map ? meta.get('reason') : typeof meta === 'object' && meta !== null ? (meta as Record<string, unknown>).reason : undefined;
  if (reason !== undefined && (typeof reason !== 'string' || reason.trim() === '')) {
    problems.fail(`the ECSV metadata's meta.reason should be the list's reason, a non-empty text; got ${JSON.stringify(reason)}`);
  }
  return { delimiter, ...(datatypes ? { datatypes } : {}), ...(typeof reason === 'string' ? { reason } : {}) };
}

const INTEGER_DATATYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);

/**
 * Checks the ECSV header's columns against the header row and the universe: an integer dimension
 * needs an integer datatype, a string dimension (and reason) `string`. Returns which columns hold JSON (`subtype: json`).
 */
function checkEcsvColumns(header: EcsvHeader, names: readonly string[], universe: DimensionUniverse, problems: ListProblems): boolean[] {
  const { datatypes } = header;
  if (datatypes === undefined) return names.map(() => false);
  if (datatypes.map((column) => column.name).join(',') !== names.join(',')) {
    problems.fail(`the ECSV metadata names the columns ${datatypes.map((column) => column.name).join(', ')} but the header row names ${names.join(', ')}`);
  }
  const json = datatypes.map(({ name, datatype, subtype }) => {
    const keyType = name === 'reason' ? 'string' : universe.keyTypes.get(String(name));
    if (keyType === 'int' && !INTEGER_DATATYPES.has(String(datatype))) {
      problems.add(`the ECSV header gives the column ${name} datatype ${datatype}, but ${name} is an integer dimension of the ${universe.name}; expected an integer datatype such as int64`);
    } else if (keyType === 'string' && datatype !== 'string') {
      problems.add(
        `the ECSV header gives the column ${name} datatype ${datatype}, but ${name === 'reason' ? 'reason is text' : `${name} is a string dimension of the ${universe.name}`}; expected datatype string`,
      );
    }
    return datatype === 'string' && subtype === 'json';
  });
  problems.throwIfAny();
  return json;
}
