import { columnarList } from './columnar-list.js';
import type { DataId, DimensionValue } from './data-id.js';
import type { DataIdColumn, DataIdEntry, DataIdList } from './data-id-list.js';
import { fingerprintList } from './fingerprint-list.js';
import type { ListColumns } from './list-columns.js';
import { integerRanks, orderByColumns, stringRanks } from './order-by-columns.js';

export interface ListMeta {
  readonly reason?: string;
  readonly provenance?: Readonly<Record<string, unknown>>;
}

type Column = Float64Array | string[];

/** Builds a parsed list: as entries (buildDataIdList), or as columns with its fingerprint (buildColumnarList). */
export type ListBuilder = (columns: ListColumns, meta: ListMeta) => DataIdList;

/** Turns parsed columns into the final list: canonical order, duplicates and emptiness reported, then thrown. */
export function buildDataIdList(columns: ListColumns, meta: ListMeta): DataIdList {
  const { dimensions, values, size } = columns;
  const order = checkedOrder(columns);

  const entries: DataIdEntry[] = new Array(size);
  const { reasons, objects } = columns;
  const width = dimensions.length;
  for (let k = 0; k < size; k++) {
    const i = order[k]!;
    let dataId = objects?.[i];
    if (dataId === undefined) {
      const fresh: Record<string, DimensionValue> = {};
      for (let c = 0; c < width; c++) fresh[dimensions[c]!] = values[c]![i]!;
      dataId = fresh as DataId;
    }
    const reason = reasons?.[i];
    entries[k] = reason === undefined ? { dataId } : { dataId, reason };
  }
  return {
    dimensions,
    entries,
    ...(meta.reason !== undefined ? { reason: meta.reason } : {}),
    ...(meta.provenance !== undefined ? { provenance: meta.provenance } : {}),
  };
}

/**
 * The same checks and order as buildDataIdList, but the list keeps typed columns (entries are built
 * only if read) and carries its fingerprint: what a worker thread hands back cheaply.
 */
export function buildColumnarList(columns: ListColumns, meta: ListMeta): DataIdList {
  const { dimensions, values, size, reasons } = columns;
  const order = checkedOrder(columns);
  const columnValues: DataIdColumn[] = values.map((column) => {
    if (!Array.isArray(column)) {
      const sorted = new Float64Array(size);
      for (let k = 0; k < size; k++) sorted[k] = column[order[k]!]!;
      return { kind: 'integer', values: sorted };
    }
    const table: string[] = [];
    const seen = new Map<string, number>();
    const indexes = new Uint32Array(size);
    for (let k = 0; k < size; k++) {
      const value = column[order[k]!]!;
      let index = seen.get(value);
      if (index === undefined) {
        index = table.push(value) - 1;
        seen.set(value, index);
      }
      indexes[k] = index;
    }
    return { kind: 'string', table, indexes };
  });
  let reasonsAt: { at: Uint32Array; text: string[] } | undefined;
  if (reasons !== undefined) {
    const at: number[] = [];
    const text: string[] = [];
    for (let k = 0; k < size; k++) {
      const reason = reasons[order[k]!];
      if (reason === undefined) continue;
      at.push(k);
      text.push(reason);
    }
    if (at.length > 0) reasonsAt = { at: Uint32Array.from(at), text };
  }
  const listColumns = { size, values: columnValues, ...(reasonsAt ? { reasons: reasonsAt } : {}) };
  return columnarList(dimensions, listColumns, { ...meta, sha256: fingerprintList(columnarList(dimensions, listColumns, meta)) });
}

/** The canonical order of good columns; throws the problems found (duplicates included, or an empty list). */
function checkedOrder(columns: ListColumns): Uint32Array {
  const { problems, values, size } = columns;
  if (size === 0) {
    if (problems.count() === 0) problems.add('the list is empty; expected at least one data ID');
    problems.throwIfAny();
  }
  // duplicates among the good entries are reported along with the other problems
  const order = canonicalOrder(values, columns.integer, size);
  reportDuplicates(columns, order);
  problems.throwIfAny();
  return order;
}

/** Indices of the entries in canonical order: by each dimension in name order, integers numerically, strings by code unit. */
function canonicalOrder(values: readonly Column[], integer: readonly boolean[], size: number): Uint32Array {
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  const compare = comparatorFor(values, integer);
  for (let i = 1; i < size; i++) {
    if (compare(i - 1, i) > 0) {
      // stable: equal entries (duplicates) keep input order, so the first is named first
      return orderByColumns(
        values.map((column) => (Array.isArray(column) ? stringRanks(column, size) : integerRanks(column, size))),
        size,
      );
    }
  }
  return order;
}

function comparatorFor(values: readonly Column[], integer: readonly boolean[]): (a: number, b: number) => number {
  if (values.length === 2 && integer[0] && integer[1]) {
    const c0 = values[0] as Float64Array;
    const c1 = values[1] as Float64Array;
    return (a, b) => c0[a]! - c0[b]! || c1[a]! - c1[b]!;
  }
  if (values.length === 1 && integer[0]) {
    const c0 = values[0] as Float64Array;
    return (a, b) => c0[a]! - c0[b]!;
  }
  return (a, b) => {
    for (let c = 0; c < values.length; c++) {
      const x = values[c]![a]!;
      const y = values[c]![b]!;
      if (x !== y) return integer[c] ? (x as number) - (y as number) : x < y ? -1 : 1;
    }
    return 0;
  };
}

function reportDuplicates(columns: ListColumns, order: Uint32Array): void {
  const { values, locations, dimensions, problems, describe } = columns;
  const width = values.length;
  let first = order[0]!;
  for (let k = 1; k < order.length; k++) {
    const i = order[k]!;
    let same = true;
    for (let c = 0; c < width; c++) {
      if (values[c]![i] !== values[c]![first]) {
        same = false;
        break;
      }
    }
    if (!same) {
      first = i;
      continue;
    }
    const shown = dimensions.map((d, c) => `${d}=${values[c]![i]}`).join(' ');
    const here = describe(locations[i]!);
    const there = describe(locations[first]!);
    problems.add(
      here === there
        ? `${here}: the data ID ${shown} is listed more than once (overlapping ranges?); each data ID may appear once`
        : `${here}: the data ID ${shown} is a duplicate of ${there}; each data ID may appear once`,
    );
  }
}
