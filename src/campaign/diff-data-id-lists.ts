import type { DataId } from '../lists/data-id.js';
import type { DataIdList } from '../lists/data-id-list.js';

export interface ListDiff {
  /** Data IDs in the second list and not the first, in canonical order. */
  readonly added: readonly DataId[];
  /** Data IDs in the first list and not the second, in canonical order. */
  readonly removed: readonly DataId[];
  readonly unchanged: number;
}

/** What changed from list `a` to list `b`, comparing data IDs (reasons ignored, as in the fingerprint). */
export function diffDataIdLists(a: DataIdList, b: DataIdList): ListDiff {
  const key = (dataId: DataId): string => JSON.stringify(Object.keys(dataId).sort().map((name) => [name, dataId[name]]));
  const inA = new Set(a.entries.map((entry) => key(entry.dataId)));
  const inB = new Set<string>();
  const added: DataId[] = [];
  for (const { dataId } of b.entries) {
    const k = key(dataId);
    inB.add(k);
    if (!inA.has(k)) added.push(dataId);
  }
  const removed = a.entries.filter((entry) => !inB.has(key(entry.dataId))).map((entry) => entry.dataId);
  return { added, removed, unchanged: b.entries.length - added.length };
}
