import type { DataId } from './data-id.js';

/** Canonical order of data IDs naming the same dimensions: by each dimension in name order, integers numerically, strings by code unit. */
export function compareDataIds(a: DataId, b: DataId, dimensions: readonly string[]): number {
  for (const dimension of dimensions) {
    const x = a[dimension]!;
    const y = b[dimension]!;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}
