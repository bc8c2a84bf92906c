import type { Statement } from 'better-sqlite3';
import type { DimensionValue } from '../lists/data-id.js';
import type { DataIdColumns, DataIdEntry, DataIdList } from '../lists/data-id-list.js';
import { integerRanks, orderByColumns, tableRanks } from '../lists/order-by-columns.js';
import { VALUE_COLUMNS } from './key-dimensions.js';
import type { Sql } from './statement-cache.js';

// Many rows per statement: one call into SQLite per 512 rows instead of per row (≤ 5,120 parameters).
const ROWS_PER_INSERT = 512;

/**
 * Inserts a list's entries into list_entries in key-column order (`keys`, see keyDimensions), in
 * statements of many rows; a list given as columns (from the list worker) is read without making
 * an object per entry.
 */
export function insertListEntries(sql: Sql, listId: number, list: DataIdList, keys: readonly string[]): void {
  if (list.columns) insertColumns(sql, listId, list.columns, list.dimensions, keys);
  else insertEntries(sql, listId, list.entries, list.dimensions, keys);
}

/**
 * One INSERT of `rows` entries, integer key columns cast so they are stored as INTEGER, not REAL (a
 * JS number binds as REAL). Which keys are integers is the list's own typing: its parser typed
 * each dimension by the universe, the config's extra dimensions included.
 */
function insertStatement(sql: Sql, integerKeys: readonly boolean[], withReasons: boolean, rows: number): Statement {
  const columns = integerKeys.map((_, c) => VALUE_COLUMNS[c]).join(', ') + (withReasons ? ', reason' : '');
  const values = `(?, ${integerKeys.map((integer) => (integer ? 'CAST(? AS INTEGER)' : '?')).join(', ')}${withReasons ? ', ?' : ''})`;
  return sql(`INSERT INTO list_entries (list_id, ${columns}) VALUES ${Array(rows).fill(values).join(', ')}`);
}

function insertEntries(sql: Sql, listId: number, entries: readonly DataIdEntry[], dimensions: readonly string[], keys: readonly string[]): void {
  const width = keys.length;
  const size = entries.length;
  const withReasons = entries.some((entry) => entry.reason !== undefined);
  const rowWidth = width + (withReasons ? 2 : 1);
  const order = keyOrder(entries, dimensions, keys);
  const integerKeys = keys.map((key) => typeof entries[0]!.dataId[key] === 'number');
  const many = insertStatement(sql, integerKeys, withReasons, ROWS_PER_INSERT);
  const one = insertStatement(sql, integerKeys, withReasons, 1);
  const args = new Array<DimensionValue | number | null>(ROWS_PER_INSERT * rowWidth);
  let filled = 0;
  for (let k = 0; k < size; k++) {
    const entry = entries[order === undefined ? k : order[k]!]!;
    const dataId = entry.dataId;
    let at = filled * rowWidth;
    args[at++] = listId;
    for (let c = 0; c < width; c++) args[at++] = dataId[keys[c]!]!;
    if (withReasons) args[at] = entry.reason ?? null;
    filled += 1;
    if (filled === ROWS_PER_INSERT) {
      many.run(args);
      filled = 0;
    }
  }
  for (let r = 0; r < filled; r++) one.run(args.slice(r * rowWidth, (r + 1) * rowWidth));
}

/** insertEntries for a list given as columns (from the list worker): no object per entry read or made. */
function insertColumns(sql: Sql, listId: number, columns: DataIdColumns, dimensions: readonly string[], keys: readonly string[]): void {
  const width = keys.length;
  const size = columns.size;
  const keyColumns = keys.map((key) => columns.values[dimensions.indexOf(key)]!);
  const reasons = columns.reasons === undefined ? undefined : new Map(Array.from(columns.reasons.at, (k, r) => [k, columns.reasons!.text[r]!]));
  const rowWidth = width + (reasons ? 2 : 1);
  const order = columnKeyOrder(columns, dimensions, keys);
  const integerKeys = keyColumns.map((column) => column.kind === 'integer');
  const many = insertStatement(sql, integerKeys, reasons !== undefined, ROWS_PER_INSERT);
  const one = insertStatement(sql, integerKeys, reasons !== undefined, 1);
  const args = new Array<DimensionValue | number | null>(ROWS_PER_INSERT * rowWidth);
  let filled = 0;
  for (let k = 0; k < size; k++) {
    const i = order === undefined ? k : order[k]!;
    let at = filled * rowWidth;
    args[at++] = listId;
    for (let c = 0; c < width; c++) {
      const column = keyColumns[c]!;
      args[at++] = column.kind === 'integer' ? column.values[i]! : column.table[column.indexes[i]!]!;
    }
    if (reasons) args[at] = reasons.get(i) ?? null;
    filled += 1;
    if (filled === ROWS_PER_INSERT) {
      many.run(args);
      filled = 0;
    }
  }
  for (let r = 0; r < filled; r++) one.run(args.slice(r * rowWidth, (r + 1) * rowWidth));
}

/**
 * The order in which to insert a list's entries (given in canonical order: dimensions by name) so
 * they arrive in key-column order; undefined when that is already the case.
 */
function keyOrder(entries: readonly DataIdEntry[], dimensions: readonly string[], keys: readonly string[]): number[] | undefined {
  if (keys.every((key, c) => key === dimensions[c])) return undefined;
  const size = entries.length;
  const order = new Array<number>(size);
  for (let i = 0; i < size; i++) order[i] = i;
  const first = keys[0]!;
  const rest = dimensions.filter((dimension) => dimension !== first);
  if (rest.every((dimension, c) => dimension === keys[c + 1])) {
    // The canonical order is already sorted by the other key columns in key order, so a stable
    // sort by the first key column alone gives key order (the common case: visit before detector).
    const column = new Array<DimensionValue>(size);
    for (let i = 0; i < size; i++) column[i] = entries[i]!.dataId[first]!;
    if (typeof column[0] === 'number') {
      const numbers = column as number[];
      return order.sort((a, b) => numbers[a]! - numbers[b]! || a - b);
    }
    return order.sort((a, b) => compareValues(column[a]!, column[b]!) || a - b);
  }
  return order.sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(entries[a]!.dataId[key]!, entries[b]!.dataId[key]!);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * keyOrder for columns: by the first key column alone when the canonical order already sorts the
 * rest in key order (stable counting sort), else by every key column.
 */
function columnKeyOrder(columns: DataIdColumns, dimensions: readonly string[], keys: readonly string[]): Uint32Array | undefined {
  if (keys.every((key, c) => key === dimensions[c])) return undefined;
  const rest = dimensions.filter((dimension) => dimension !== keys[0]);
  const sortBy = rest.every((dimension, c) => dimension === keys[c + 1]) ? [keys[0]!] : keys;
  return orderByColumns(
    sortBy.map((key) => {
      const column = columns.values[dimensions.indexOf(key)]!;
      return column.kind === 'integer' ? integerRanks(column.values, columns.size) : tableRanks(column.table, column.indexes);
    }),
    columns.size,
  );
}

function compareValues(x: DimensionValue, y: DimensionValue): number {
  if (x === y) return 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return x < y ? -1 : 1;
}
