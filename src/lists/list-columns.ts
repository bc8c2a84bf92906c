import type { DataId } from './data-id.js';
import { notADimension, type DimensionUniverse } from './dimension-universe.js';
import type { ListProblems } from './list-problems.js';

/** An inclusive Butler-style range `start..end[:stride]` of an integer dimension. */
export interface IntegerRange {
  readonly start: number;
  readonly end: number;
  readonly stride: number;
}

export type RowValue = number | string | IntegerRange;

/** Where an entry came from, as a message names it: `line 12` / `data_ids[3]`, with a dimension (and the column in the line) appended. */
export type DescribeLocation = (location: number, dimension?: string, column?: number) => string;

/** Where a value of a line-based encoding is: `line 3`, `line 3, visit`, `line 3, column 18, instrument`. */
export function describeLine(line: number, dimension?: string, column?: number): string {
  return `line ${line}${column === undefined ? '' : `, column ${column}`}${dimension === undefined ? '' : `, ${dimension}`}`;
}

/**
 * The parsers' common intermediate: one array of values per dimension (sorted names; a growable
 * Float64Array for integer dimensions), plus each entry's reason and location. Columns avoid an
 * object (and garbage) per entry until the list is final.
 */
export interface ListColumns {
  readonly dimensions: readonly string[];
  readonly integer: readonly boolean[];
  values: Array<Float64Array | string[]>;
  /** Line numbers or array indices, per entry. */
  locations: Float64Array;
  size: number;
  reasons: (string | undefined)[] | undefined;
  /** Parsed objects that already are the entry's data ID (JSON entries without a reason), by entry. */
  objects: (DataId | undefined)[] | undefined;
  readonly maxEntries: number;
  readonly problems: ListProblems;
  readonly describe: DescribeLocation;
}

export function createListColumns(
  dimensions: readonly string[],
  rules: { readonly maxEntries: number; readonly universe: DimensionUniverse },
  problems: ListProblems,
  describe: DescribeLocation,
  expected = 1024,
): ListColumns {
  const { maxEntries, universe } = rules;
  const capacity = Math.max(16, Math.min(expected, maxEntries));
  const integer = dimensions.map((name) => universe.keyTypes.get(name) === 'int');
  return {
    dimensions,
    integer,
    values: integer.map((isInteger) => (isInteger ? new Float64Array(capacity) : [])),
    locations: new Float64Array(capacity),
    size: 0,
    reasons: undefined,
    objects: undefined,
    maxEntries,
    problems,
    describe,
  };
}

/** Records an entry's reason (columns keep no reason array until some entry has one). */
export function setReason(columns: ListColumns, index: number, reason: string): void {
  if (columns.reasons === undefined) columns.reasons = [];
  columns.reasons[index] = reason;
}

function grow(columns: ListColumns, needed: number): void {
  let capacity = columns.locations.length;
  if (needed <= capacity) return;
  while (capacity < needed) capacity *= 2;
  const locations = new Float64Array(capacity);
  locations.set(columns.locations);
  columns.locations = locations;
  columns.values = columns.values.map((column) => {
    if (Array.isArray(column)) return column;
    const bigger = new Float64Array(capacity);
    bigger.set(column);
    return bigger;
  });
}

// `__proto__` would not survive as a key of a plain object
const DIMENSION_NAME = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_]*$/;

/** Checks dimension names (identifiers, no repeats, dimensions of the universe); returns them sorted. */
export function checkDimensionNames(names: readonly string[], where: string, problems: ListProblems, universe: DimensionUniverse): string[] {
  const seen = new Set<string>();
  if (names.length === 0) problems.add(`${where}: names no dimension; expected dimension names such as visit and detector`);
  for (const name of names) {
    if (!DIMENSION_NAME.test(name)) {
      problems.add(`${where}: ${JSON.stringify(name)} is not a dimension name; expected a name such as visit or detector`);
    } else if (seen.has(name)) {
      problems.add(`${where}: the dimension ${name} is named twice`);
    } else if (!universe.keyTypes.has(name)) {
      problems.add(`${where}: ${notADimension(universe, name)}`);
    }
    seen.add(name);
  }
  return [...seen].sort(compareCodeUnits);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Parses an optionally signed decimal integer without a regex; undefined when `text` is not one. */
export function parseIntegerText(text: string, from = 0, to = text.length): number | undefined {
  let i = from;
  let negative = false;
  if (i < to && text.charCodeAt(i) === 45) {
    negative = true;
    i += 1;
  }
  if (i === to || to - i > 16) return undefined;
  let value = 0;
  for (; i < to; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return undefined;
    value = value * 10 + digit;
  }
  if (!Number.isSafeInteger(value)) return undefined;
  return negative ? -value : value;
}

// daf_butler's query grammar (parserLex.py `_RE_RANGE`): NUM..NUM[:NUM], the end inclusive
const RANGE = /^(-?\d+)\.\.(-?\d+)(?::(\d+))?$/;
// Unicode's control characters (category Cc): C0, DEL and C1
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** What is wrong with `text` as a string dimension's value where ranges are read: it is one. */
export function rangeOnStringProblem(text: string, dimension: string): string | undefined {
  if (!RANGE.test(text)) return undefined;
  return `${text} is a range, but ${dimension} is a string dimension; ranges a..b[:stride] are for integer dimensions, list the values one by one`;
}

/** What is wrong with a string value that holds a control character (a newline, a tab...), else undefined. */
export function controlCharacterProblem(value: string): string | undefined {
  const found = CONTROL.exec(value);
  if (found === null) return undefined;
  const code = found[0].charCodeAt(0);
  const name = CONTROL_NAMES[code];
  const shown = JSON.stringify(value).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `the value ${shown} holds a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')}${name ? `, ${name}` : ''}); a dimension value may not hold a newline or any other control character`;
}

const CONTROL_NAMES: Readonly<Record<number, string>> = { 9: 'a tab', 10: 'a newline', 13: 'a carriage return', 0: 'a NUL' };

/**
 * Reads a textual value for a dimension: an integer (or an `a..b[:stride]` range when `ranges`)
 * for integer dimensions, the text itself for the others. Adds a problem and returns undefined if
 * bad. `column` (1-based, in the line) is named when a value holds a control character.
 */
export function readDimensionText(
  columns: ListColumns,
  column: number,
  text: string,
  location: number,
  ranges: boolean,
  textColumn?: number,
): RowValue | undefined {
  const dimension = columns.dimensions[column]!;
  const at = columns.describe(location, dimension);
  if (text === '') {
    columns.problems.add(`${at}: the value is empty; expected ${columns.integer[column] ? 'an integer' : 'a string'}`);
    return undefined;
  }
  const control = controlCharacterProblem(text);
  if (control !== undefined) {
    columns.problems.add(`${textColumn === undefined ? at : columns.describe(location, dimension, textColumn)}: ${control}`);
    return undefined;
  }
  if (!columns.integer[column]) {
    if (ranges && RANGE.test(text)) {
      columns.problems.add(`${at}: ${rangeOnStringProblem(text, dimension)}`);
      return undefined;
    }
    return text;
  }
  const integer = parseIntegerText(text);
  if (integer !== undefined) return integer;
  const range = ranges ? RANGE.exec(text) : null;
  if (range) {
    const start = parseIntegerText(range[1]!);
    const end = parseIntegerText(range[2]!);
    const stride = range[3] === undefined ? 1 : parseIntegerText(range[3]);
    if (start === undefined || end === undefined || stride === undefined) {
      columns.problems.add(`${at}: ${JSON.stringify(text)} has a bound beyond the safe integers`);
    } else if (start > end) {
      columns.problems.add(`${at}: the range ${text} is empty; its start must not be after its end (ranges are inclusive, a..b)`);
    } else if (stride < 1) {
      columns.problems.add(`${at}: the range ${text} has stride ${stride}; expected a stride of at least 1`);
    } else {
      return { start, end, stride };
    }
    return undefined;
  }
  columns.problems.add(
    `${at}: ${JSON.stringify(text)} is not an integer; ${dimension} is an integer dimension, expected a primary key such as 42${ranges ? ' or a range a..b[:stride]' : ''}`,
  );
  return undefined;
}

/** Appends a row that holds no range (the fast path); returns the entry's index. */
export function pushScalarRow(columns: ListColumns, row: readonly (number | string)[], location: number): number {
  const index = columns.size;
  if (index >= columns.maxEntries) tooMany(columns, index + 1, location);
  if (index >= columns.locations.length) grow(columns, index + 1);
  const values = columns.values;
  for (let c = 0; c < row.length; c++) values[c]![index] = row[c]!;
  columns.locations[index] = location;
  columns.size = index + 1;
  return index;
}

/** Appends a row, expanding ranges to every combination; the count is checked before anything is allocated. */
export function pushRow(columns: ListColumns, row: readonly RowValue[], location: number, reason: string | undefined): void {
  let count = 1;
  for (const value of row) if (typeof value === 'object') count *= Math.floor((value.end - value.start) / value.stride) + 1;
  const first = columns.size;
  const total = first + count;
  if (total > columns.maxEntries) tooMany(columns, total, location);
  grow(columns, total);
  const counters = row.map((value) => (typeof value === 'object' ? value.start : value));
  const values = columns.values;
  for (let index = first; index < total; index++) {
    for (let c = 0; c < row.length; c++) values[c]![index] = counters[c]!;
    columns.locations[index] = location;
    // odometer over the ranged columns, last column fastest
    for (let c = row.length - 1; c >= 0; c--) {
      const value = row[c]!;
      if (typeof value !== 'object') continue;
      const next = (counters[c] as number) + value.stride;
      if (next <= value.end) {
        counters[c] = next;
        break;
      }
      counters[c] = value.start;
    }
  }
  columns.size = total;
  if (reason !== undefined) for (let i = first; i < total; i++) setReason(columns, i, reason);
}

function tooMany(columns: ListColumns, total: number, location: number): never {
  const what = total > 1e15 ? `about ${total.toExponential(1)}` : `${total.toLocaleString('en-US')}`;
  return columns.problems.fail(
    `${columns.describe(location)}: the list would hold ${what} data IDs, more than the limit of ${columns.maxEntries.toLocaleString('en-US')}; split it, or narrow its ranges`,
  );
}
