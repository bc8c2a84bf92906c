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
}

/** What a stored list is known by, without its entries. */
export interface ListSummary {
  readonly sha256: string;
  readonly count: number;
  readonly dimensions: readonly string[];
}
