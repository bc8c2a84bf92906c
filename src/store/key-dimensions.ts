// The order in which the dimensions of a list become the key columns v1..v8 of list_entries:
// the ones `why` is asked about most (and that select few entries) first, so a question naming
// only some dimensions still descends the key; low-cardinality strings (instrument) last.
const PRIORITY = ['visit', 'exposure', 'tract', 'day_obs', 'seq_num', 'patch', 'detector'];
const LAST = ['band', 'physical_filter', 'skymap', 'instrument'];

export const MAX_KEY_DIMENSIONS = 8;

/** The key columns of list_entries, one per dimension in keyDimensions order. */
export const VALUE_COLUMNS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;

/** The list's dimensions in key-column order. */
export function keyDimensions(dimensions: readonly string[]): string[] {
  const rank = (name: string): number => {
    const first = PRIORITY.indexOf(name);
    if (first >= 0) return first;
    if (name.startsWith('healpix')) return PRIORITY.length;
    const last = LAST.indexOf(name);
    if (last >= 0) return PRIORITY.length + 2 + last;
    return PRIORITY.length + 1;
  };
  return [...dimensions].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}
