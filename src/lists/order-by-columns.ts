/** Each entry's rank among a column's distinct values (0 = smallest), and how many ranks there are. */
export interface ColumnRanks {
  readonly ranks: Uint32Array;
  readonly distinct: number;
}

/**
 * Entry indices sorted by the columns (most significant first), stable: equal entries keep their
 * index order. Counting sorts, least significant column first: linear, no comparator calls.
 */
export function orderByColumns(columns: readonly ColumnRanks[], size: number): Uint32Array {
  let order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  let next = new Uint32Array(size);
  for (let c = columns.length - 1; c >= 0; c--) {
    const { ranks, distinct } = columns[c]!;
    const starts = new Uint32Array(distinct + 1);
    for (let i = 0; i < size; i++) starts[ranks[i]! + 1]! += 1;
    for (let r = 1; r <= distinct; r++) starts[r]! += starts[r - 1]!;
    for (let k = 0; k < size; k++) {
      const i = order[k]!;
      next[starts[ranks[i]!]!++] = i;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Ranks of the first `size` integers of `values`, numerically. */
export function integerRanks(values: Float64Array, size: number): ColumnRanks {
  const ranks = new Uint32Array(size);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < size; i++) {
    const value = values[i]!;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  // a dense range (detectors, a night's visits) ranks by offset, with no sort
  if (size === 0 || max - min < 4 * size + 1024) {
    for (let i = 0; i < size; i++) ranks[i] = values[i]! - min;
    return { ranks, distinct: size === 0 ? 0 : max - min + 1 };
  }
  const sorted = values.slice(0, size).sort();
  let distinct = 0;
  for (let i = 0; i < size; i++) if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i]!;
  for (let i = 0; i < size; i++) {
    const value = values[i]!;
    let low = 0;
    let high = distinct - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (sorted[middle]! < value) low = middle + 1;
      else high = middle;
    }
    ranks[i] = low;
  }
  return { ranks, distinct };
}

/** Ranks of strings given as indexes into a table of distinct values, by code unit. */
export function tableRanks(table: readonly string[], indexes: Uint32Array): ColumnRanks {
  const byText = table.map((_, t) => t).sort((a, b) => (table[a]! < table[b]! ? -1 : table[a]! > table[b]! ? 1 : 0));
  const rankOf = new Uint32Array(table.length);
  byText.forEach((t, r) => (rankOf[t] = r));
  const ranks = new Uint32Array(indexes.length);
  for (let i = 0; i < indexes.length; i++) ranks[i] = rankOf[indexes[i]!]!;
  return { ranks, distinct: table.length };
}

/** Ranks of the first `size` strings of `values`, by code unit. */
export function stringRanks(values: readonly string[], size: number): ColumnRanks {
  const table: string[] = [];
  const seen = new Map<string, number>();
  const indexes = new Uint32Array(size);
  for (let i = 0; i < size; i++) {
    const value = values[i]!;
    let index = seen.get(value);
    if (index === undefined) {
      index = table.push(value) - 1;
      seen.set(value, index);
    }
    indexes[i] = index;
  }
  return tableRanks(table, indexes);
}
