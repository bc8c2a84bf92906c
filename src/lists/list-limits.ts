import { universeWith, type DimensionKeyType, type DimensionUniverse } from './dimension-universe.js';

/**
 * What a list may hold: ceilings that keep a hostile or mistaken list (gzip bomb, huge range, deep
 * nesting) from exhausting memory, and the dimensions a site adds to daf_butler's universe.
 */
export interface ListLimits {
  /** Most bytes a list may inflate (or be) to; default 2 GB. */
  readonly maxInflatedBytes?: number;
  /** Most data IDs a list may hold after range expansion; default 5,000,000. */
  readonly maxEntries?: number;
  /** Deepest nesting of JSON/YAML a list document may have; default 32. */
  readonly maxDepth?: number;
  /** Dimensions of the site's own universe beyond daf_butler's (`lists.extra_dimensions`), with their key types. */
  readonly extraDimensions?: Readonly<Record<string, DimensionKeyType>>;
}

export const DEFAULT_LIST_LIMITS = {
  maxInflatedBytes: 2 * 1024 ** 3,
  maxEntries: 5_000_000,
  maxDepth: 32,
} as const;

/** The limits with every default filled in, and the universe the list's dimensions must belong to. */
export interface ListRules {
  readonly maxInflatedBytes: number;
  readonly maxEntries: number;
  readonly maxDepth: number;
  readonly universe: DimensionUniverse;
}

/** The limits with every default filled in. */
export function resolveListLimits(limits: ListLimits | undefined): ListRules {
  return {
    maxInflatedBytes: limits?.maxInflatedBytes ?? DEFAULT_LIST_LIMITS.maxInflatedBytes,
    maxEntries: limits?.maxEntries ?? DEFAULT_LIST_LIMITS.maxEntries,
    maxDepth: limits?.maxDepth ?? DEFAULT_LIST_LIMITS.maxDepth,
    universe: universeWith(limits?.extraDimensions),
  };
}
