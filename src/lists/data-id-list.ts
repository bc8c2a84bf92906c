import type { DataId } from './data-id.js';

export interface DataIdEntry {
  readonly dataId: DataId;
  /** Why this entry is listed, when it has a reason of its own. */
  readonly reason?: string;
}

/** One inclusion or exclusion list, in its single in-memory model, whatever encoding it came in. */
export interface DataIdList {
  /** The dimension names every entry names, sorted. */
  readonly dimensions: readonly string[];
  /** Entries in canonical order (see fingerprint), no duplicates, never empty. */
  readonly entries: readonly DataIdEntry[];
  /** The reason for the list as a whole, when the encoding carried one. */
  readonly reason?: string;
  readonly provenance?: Readonly<Record<string, unknown>>;
  /** The same entries as columns (a list parsed in a worker thread comes back so: typed arrays, no object per entry). */
  readonly columns?: DataIdColumns;
  /** The list's fingerprint (fingerprintList), when it was computed along with the parse. */
  readonly sha256?: string;
}

/** One dimension's values in canonical order: integers as doubles (visit ids exceed 2^31), strings as indexes into a table of distinct values. */
export type DataIdColumn =
  | { readonly kind: 'integer'; readonly values: Float64Array }
  | { readonly kind: 'string'; readonly table: readonly string[]; readonly indexes: Uint32Array };

/** A list's entries as columns, in canonical order. */
export interface DataIdColumns {
  readonly size: number;
  /** One column per dimension, in the order of the list's `dimensions`. */
  readonly values: readonly DataIdColumn[];
  /** The entries with a reason of their own: their positions (ascending) and reasons. */
  readonly reasons?: { readonly at: Uint32Array; readonly text: readonly string[] };
}

/** What a stored list is known by, without its entries. */
export interface ListSummary {
  readonly sha256: string;
  readonly count: number;
  readonly dimensions: readonly string[];
}
