import type { DimensionUniverse } from '../lists/dimension-universe.js';
import type { NotebookStore } from './notebook-store.js';

/** What every use case needs: the store, the clock (UTC timestamps of events), the dimensions data IDs may name. */
export interface NotebookDeps {
  readonly store: NotebookStore;
  readonly now: () => Date;
  readonly universe: DimensionUniverse;
}
