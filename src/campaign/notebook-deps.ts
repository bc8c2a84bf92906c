import type { NotebookStore } from './notebook-store.js';

/** What every use case needs: the store, and the clock (UTC timestamps of events). */
export interface NotebookDeps {
  readonly store: NotebookStore;
  readonly now: () => Date;
}
