import { ListError } from './list-error.js';
import type { DimensionValue } from './data-id.js';
import type { DataIdList } from './data-id-list.js';

export const DEFAULT_QUERY_MAX_CHARS = 100_000;

/** One conjunction: for each dimension (by column), the values it may take. */
type Term = Map<number, DimensionValue[]>;

class TooLong extends Error {}

/**
 * A Butler query fragment selecting exactly the listed data IDs: dimensions with one value
 * factored out, the rest grouped into `(a IN (...) AND b IN (...)) OR ...` terms (a rectangular
 * set is one term), evenly spaced integer runs as `a..b` or `a..b:s`, the whole OR wrapped in
 * parentheses so it can be ANDed safely. Longer than `maxChars` is a ListError.
 */
export function listToButlerQuery(list: DataIdList, options: { maxChars?: number; source?: string } = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_QUERY_MAX_CHARS;
  const { dimensions, entries } = list;
  const columns: DimensionValue[][] = dimensions.map((name) => entries.map((entry) => entry.dataId[name]!));
  for (const [c, column] of columns.entries()) {
    for (const value of column) {
      if (typeof value === 'string' && value.includes("'")) {
        throw new ListError(`${dimensions[c]} = ${JSON.stringify(value)} holds a quote (') and cannot be written in a Butler query; use the ECSV export with pipetask --data-id-table`);
      }
    }
  }
  const constant: number[] = [];
  const varying: number[] = [];
  columns.forEach((column, c) => (column.every((value) => value === column[0]) ? constant : varying).push(c));
  const prefix = constant.map((c) => condition(dimensions[c]!, [columns[c]![0]!]));

  let best: string | undefined;
  if (varying.length === 0) best = prefix.join(' AND ');
  else {
    const all = entries.map((_, i) => i);
    const orders = varying.length <= 4 ? permutations(varying) : [varying];
    for (const order of orders) {
      const budget = (best?.length ?? maxChars + 1) - 1;
      try {
        const text = render(decompose(all, order, columns), prefix, dimensions, varying, budget);
        if (best === undefined || text.length < best.length) best = text;
      } catch (error) {
        if (!(error instanceof TooLong)) throw error;
      }
    }
  }
  if (best === undefined || best.length > maxChars) {
    throw new ListError(
      `The Butler query for ${options.source ?? 'this list'} (${entries.length.toLocaleString('en-US')} data IDs) would be longer than ${maxChars.toLocaleString('en-US')} characters: its data IDs do not compress into ranges. Use the ECSV export with pipetask --data-id-table instead.`,
    );
  }
  return best;
}

/** Splits rows into disjoint terms whose products are exactly the rows: peel the order's last dimension, group the rest by the value set they share. */
function decompose(rows: readonly number[], order: readonly number[], columns: readonly DimensionValue[][]): Term[] {
  const last = order[order.length - 1]!;
  const lastColumn = columns[last]!;
  if (order.length === 1) return [new Map([[last, sortedUnique(rows.map((row) => lastColumn[row]!))]])];
  const rest = order.slice(0, -1);
  const byPrefix = new Map<string, { row: number; values: DimensionValue[] }>();
  for (const row of rows) {
    const key = rest.length === 1 ? keyOf(columns[rest[0]!]![row]!) : rest.map((c) => keyOf(columns[c]![row]!)).join('\u0000');
    const group = byPrefix.get(key);
    if (group) group.values.push(lastColumn[row]!);
    else byPrefix.set(key, { row, values: [lastColumn[row]!] });
  }
  const bySet = new Map<string, { values: DimensionValue[]; rows: number[] }>();
  for (const { row, values } of byPrefix.values()) {
    const set = sortedUnique(values);
    const key = set.map(keyOf).join('\u0000');
    const group = bySet.get(key);
    if (group) group.rows.push(row);
    else bySet.set(key, { values: set, rows: [row] });
  }
  const terms: Term[] = [];
  for (const { values, rows: prefixRows } of bySet.values()) {
    for (const term of decompose(prefixRows, rest, columns)) {
      term.set(last, values);
      terms.push(term);
    }
  }
  return terms;
}

function render(terms: readonly Term[], prefix: readonly string[], dimensions: readonly string[], varying: readonly number[], budget: number): string {
  let length = prefix.reduce((sum, part) => sum + part.length + 5, 0);
  const parts: string[] = [];
  for (const term of terms) {
    const conditions = varying.map((c) => condition(dimensions[c]!, term.get(c)!));
    const text = conditions.length === 1 || terms.length === 1 ? conditions.join(' AND ') : `(${conditions.join(' AND ')})`;
    length += text.length + 4;
    if (length > budget) throw new TooLong();
    parts.push(text);
  }
  const body = parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`;
  return [...prefix, body].join(' AND ');
}

function condition(dimension: string, values: readonly DimensionValue[]): string {
  if (values.length === 1) return `${dimension} = ${literal(values[0]!)}`;
  return `${dimension} IN (${compress(values).join(', ')})`;
}

/**
 * Sorted values with runs of 3 or more evenly spaced integers written `a..b` or `a..b:s` (inclusive,
 * daf_butler's range literal), where that is shorter than listing them.
 */
function compress(values: readonly DimensionValue[]): string[] {
  const items: string[] = [];
  for (let i = 0; i < values.length; ) {
    const start = values[i]!;
    const second = values[i + 1];
    if (typeof start !== 'number' || typeof second !== 'number') {
      items.push(literal(start));
      i++;
      continue;
    }
    const stride = second - start;
    let j = i + 1;
    while (j + 1 < values.length && (values[j + 1] as number) - (values[j] as number) === stride) j++;
    const range = stride === 1 ? `${start}..${values[j]}` : `${start}..${values[j]}:${stride}`;
    let listed = -2; // the length of `a, b, c`
    for (let k = i; k <= j; k++) listed += String(values[k]).length + 2;
    if (j - i >= 2 && range.length < listed) {
      items.push(range);
      i = j + 1;
    } else {
      items.push(literal(start));
      i++;
    }
  }
  return items;
}

function literal(value: DimensionValue): string {
  return typeof value === 'number' ? String(value) : `'${value}'`;
}

function keyOf(value: DimensionValue): string {
  // JSON-quoted, so no string holds the \u0000 that joins keys
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}

function sortedUnique(values: DimensionValue[]): DimensionValue[] {
  const sorted = [...new Set(values)];
  if (typeof sorted[0] === 'number') (sorted as number[]).sort((a, b) => a - b);
  else sorted.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return sorted;
}

function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
