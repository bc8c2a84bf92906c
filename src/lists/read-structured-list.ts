import { buildDataIdList, type ListBuilder } from './build-data-id-list.js';
import type { DataId } from './data-id.js';
import type { DataIdList } from './data-id-list.js';
import type { DimensionUniverse } from './dimension-universe.js';
import {
  checkDimensionNames,
  controlCharacterProblem,
  createListColumns,
  rangeOnStringProblem,
  pushRow,
  pushScalarRow,
  readDimensionText,
  setReason,
  type RowValue,
} from './list-columns.js';
import type { ListProblems } from './list-problems.js';

export const LIST_FORMAT_TAG = 'data-id-list/1';
const TOP_KEYS = ['format', 'reason', 'provenance', 'data_ids'];

/** Where a value at a path of the document is in its text (1-based), for messages; undefined if not found. */
export type LocateValue = (path: readonly (string | number)[]) => { readonly line: number; readonly column: number } | undefined;

/**
 * Reads a parsed JSON or YAML document (the data-id-list/1 object or a bare array) into a list.
 * `human` (YAML) also accepts integers written as text and `a..b[:stride]` ranges. `locate` finds a
 * bad value's line and column in the text.
 */
export function readStructuredList(
  document: unknown,
  problems: ListProblems,
  limits: { readonly maxEntries: number; readonly maxDepth: number; readonly universe: DimensionUniverse },
  human: boolean,
  build: ListBuilder = buildDataIdList,
  locate: LocateValue = () => undefined,
): DataIdList {
  let items: unknown;
  let prefix = '';
  let reason: string | undefined;
  let provenance: Record<string, unknown> | undefined;
  if (Array.isArray(document)) {
    items = document;
  } else if (isPlainObject(document)) {
    for (const key of Object.keys(document)) {
      if (!TOP_KEYS.includes(key)) problems.add(`${key}: unknown key; expected ${TOP_KEYS.join(', ')}`);
    }
    const format = document.format;
    if (format !== undefined && format !== LIST_FORMAT_TAG) {
      problems.add(`format: ${JSON.stringify(format)} is not a known list format; expected "${LIST_FORMAT_TAG}"`);
    }
    if (document.reason !== undefined) {
      if (typeof document.reason === 'string' && document.reason.trim() !== '') reason = document.reason;
      else problems.add(`reason: expected a non-empty string, got ${describeJson(document.reason)}`);
    }
    if (document.provenance !== undefined) {
      if (!isPlainObject(document.provenance)) problems.add(`provenance: expected an object, got ${describeJson(document.provenance)}`);
      else if (depthExceeds(document.provenance, limits.maxDepth - 1)) problems.add(`provenance: nested deeper than ${limits.maxDepth} levels`);
      else provenance = document.provenance;
    }
    if (document.data_ids === undefined) problems.fail('data_ids: missing; expected an array of data IDs');
    items = document.data_ids;
    prefix = 'data_ids';
  } else {
    problems.fail(`expected a ${LIST_FORMAT_TAG} object or an array of data IDs, got ${describeJson(document)}`);
  }
  if (!Array.isArray(items)) return problems.fail(`${prefix}: expected an array of data IDs, got ${describeJson(items)}`);
  if (items.length > limits.maxEntries) {
    problems.fail(`${prefix || 'the list'} holds ${items.length.toLocaleString('en-US')} data IDs, more than the limit of ${limits.maxEntries.toLocaleString('en-US')}`);
  }

  const entries = items as unknown[];
  const firstIndex = entries.findIndex(isPlainObject);
  const firstEntry = entries[firstIndex] as Record<string, unknown> | undefined;
  const describe = (index: number, dimension?: string) => `${prefix}[${index}]${dimension === undefined ? '' : `.${dimension}`}`;
  const dimensions = firstEntry
    ? checkDimensionNames(Object.keys(firstEntry).filter((key) => key !== 'reason'), describe(firstIndex), problems, limits.universe)
    : [];
  problems.throwIfAny();
  const columns = createListColumns(dimensions, limits, problems, describe, entries.length);
  const objects: (DataId | undefined)[] = new Array(entries.length);
  columns.objects = objects;
  const width = dimensions.length;
  const integer = columns.integer;
  const row: RowValue[] = new Array(width);
  // each column's last string that passed the control-character check (most entries repeat it)
  const checked: (string | undefined)[] = new Array(width);

  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (!isPlainObject(entry)) {
      problems.add(`${describe(i)}: expected an object of dimension: value, got ${describeJson(entry)}`);
      continue;
    }
    let keys = 0;
    for (const _key in entry) keys++;
    const entryReason = entry.reason;
    if (entryReason !== undefined) keys--;
    let good = true;
    let ranged = false;
    let converted = false;
    for (let c = 0; c < width; c++) {
      const value = entry[dimensions[c]!];
      if (integer[c]) {
        if (typeof value === 'number' && Number.isSafeInteger(value)) {
          row[c] = value;
          continue;
        }
      } else if (typeof value === 'string' && value !== '') {
        if (value !== checked[c]) {
          const control = controlCharacterProblem(value);
          if (control !== undefined) {
            const path = [...(prefix ? [prefix] : []), i, dimensions[c]!];
            const where = locate(path);
            problems.add(`${describe(i, dimensions[c])}${where ? ` (line ${where.line}, column ${where.column})` : ''}: ${control}`);
            good = false;
            continue;
          }
          const range = human ? rangeOnStringProblem(value, dimensions[c]!) : undefined;
          if (range !== undefined) {
            problems.add(`${describe(i, dimensions[c])}: ${range}`);
            good = false;
            continue;
          }
          checked[c] = value;
        }
        row[c] = value;
        continue;
      }
      if (value === undefined) {
        good = false;
        keys = -1; // reported as a different dimension set below
        break;
      }
      const read = human && typeof value === 'string' ? readDimensionText(columns, c, value, i, true) : undefined;
      if (read === undefined) {
        if (!(human && typeof value === 'string')) problems.add(badValue(describe(i, dimensions[c]), dimensions[c]!, integer[c]!, value, human));
        good = false;
      } else {
        row[c] = read;
        converted = true;
        if (typeof read === 'object') ranged = true;
      }
    }
    if (keys !== width) {
      const names = Object.keys(entry).filter((key) => key !== 'reason').sort();
      problems.add(
        `${describe(i)}: names ${names.join(', ') || 'no dimension'} but ${describe(firstIndex)} names ${dimensions.join(', ')}; every entry of a list must name the same dimensions`,
      );
      continue;
    }
    if (entryReason !== undefined && typeof entryReason !== 'string') {
      problems.add(`${describe(i, 'reason')}: expected a string, got ${describeJson(entryReason)}`);
      continue;
    }
    if (!good) continue;
    if (ranged) {
      pushRow(columns, row, i, entryReason);
    } else {
      if (entryReason !== undefined) setReason(columns, columns.size, entryReason);
      const index = pushScalarRow(columns, row as (number | string)[], i);
      // an entry that names exactly the dimensions, as they are, is its own data ID: no copy
      if (entryReason === undefined && !converted) objects[index] = entry as DataId;
    }
  }
  return build(columns, { ...(reason !== undefined ? { reason } : {}), ...(provenance ? { provenance } : {}) });
}

function badValue(at: string, dimension: string, integer: boolean, value: unknown, human: boolean): string {
  if (integer) {
    return `${at}: ${describeJson(value)} is not an integer; ${dimension} is an integer dimension, expected a primary key such as 42${human ? ' or a range a..b[:stride]' : ''}`;
  }
  if (value === '') return `${at}: the value is empty; expected a string`;
  return `${at}: ${describeJson(value)} is not a string; ${dimension} is a string dimension, expected text such as "LSSTCam"`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A short rendering of a JSON value for an error message. */
export function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function depthExceeds(value: unknown, remaining: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (remaining <= 0) return true;
  for (const child of Object.values(value)) if (depthExceeds(child, remaining - 1)) return true;
  return false;
}
