import { ListError } from './list-error.js';
import { compareDataIds } from './compare-data-ids.js';
import type { DataIdEntry, DataIdList } from './data-id-list.js';

export interface ListDiff {
  /** In `b`, not in `a`, in canonical order. */
  readonly added: readonly DataIdEntry[];
  /** In `a`, not in `b`, in canonical order. */
  readonly removed: readonly DataIdEntry[];
  /** How many data IDs both lists hold. */
  readonly common: number;
}

/** What changed from list `a` to list `b` (`campaign lists diff`); both must name the same dimensions. */
export function diffLists(a: DataIdList, b: DataIdList): ListDiff {
  const dimensions = a.dimensions;
  if (dimensions.join(',') !== b.dimensions.join(',')) {
    throw new ListError(
      `The lists name different dimensions (${dimensions.join(', ')} and ${b.dimensions.join(', ')}); only lists of the same dimensions can be compared entry by entry`,
    );
  }
  const added: DataIdEntry[] = [];
  const removed: DataIdEntry[] = [];
  let common = 0;
  let i = 0;
  let j = 0;
  // both lists are in canonical order: one merge pass
  while (i < a.entries.length && j < b.entries.length) {
    const order = compareDataIds(a.entries[i]!.dataId, b.entries[j]!.dataId, dimensions);
    if (order === 0) {
      common++;
      i++;
      j++;
    } else if (order < 0) removed.push(a.entries[i++]!);
    else added.push(b.entries[j++]!);
  }
  while (i < a.entries.length) removed.push(a.entries[i++]!);
  while (j < b.entries.length) added.push(b.entries[j++]!);
  return { added, removed, common };
}
