import type { DataIdList, ListSummary } from './data-id-list.js';
import { fingerprintList } from './fingerprint-list.js';

/** What a list is known by: fingerprint, count and dimensions (what `lists validate` prints and the store keys on). */
export function summarizeList(list: DataIdList): ListSummary {
  return { sha256: fingerprintList(list), count: list.entries.length, dimensions: list.dimensions };
}
