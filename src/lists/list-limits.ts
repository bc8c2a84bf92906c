/** Ceilings that keep a hostile or mistaken list (gzip bomb, huge range, deep nesting) from exhausting memory. */
export interface ListLimits {
  /** Most bytes a list may inflate (or be) to; default 2 GB. */
  readonly maxInflatedBytes?: number;
  /** Most data IDs a list may hold after range expansion; default 5,000,000. */
  readonly maxEntries?: number;
  /** Deepest nesting of JSON/YAML a list document may have; default 32. */
  readonly maxDepth?: number;
}

export const DEFAULT_LIST_LIMITS = {
  maxInflatedBytes: 2 * 1024 ** 3,
  maxEntries: 5_000_000,
  maxDepth: 32,
} as const satisfies Required<ListLimits>;

/** The limits with every default filled in. */
export function resolveListLimits(limits: ListLimits | undefined): Required<ListLimits> {
  return {
    maxInflatedBytes: limits?.maxInflatedBytes ?? DEFAULT_LIST_LIMITS.maxInflatedBytes,
    maxEntries: limits?.maxEntries ?? DEFAULT_LIST_LIMITS.maxEntries,
    maxDepth: limits?.maxDepth ?? DEFAULT_LIST_LIMITS.maxDepth,
  };
}
