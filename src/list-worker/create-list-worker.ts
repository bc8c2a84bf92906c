import { columnarList } from '../lists/columnar-list.js';
import type { DataIdColumns, DataIdList } from '../lists/data-id-list.js';
import { ListError } from '../lists/list-error.js';
import type { ListLimits } from '../lists/list-limits.js';
import { createWorkerJobs } from '../worker-thread/create-worker-jobs.js';
import { startWorkerThread } from '../worker-thread/start-worker-thread.js';

export interface ListJobOptions {
  readonly source: string;
  readonly field?: string;
  readonly fileName?: string;
}

/** A list to parse, as the main thread sends it to the worker. */
export interface ListJob {
  readonly id: number;
  readonly content: string | Uint8Array;
  readonly options: ListJobOptions;
}

/** What the worker sends back: the list as columns (buffers transferred), a ListError, or a failure. */
export type ListJobOutcome =
  | {
      readonly id: number;
      readonly list: {
        readonly dimensions: readonly string[];
        readonly columns: DataIdColumns;
        readonly sha256: string;
        readonly reason?: string;
        readonly provenance?: Readonly<Record<string, unknown>>;
      };
    }
  | { readonly id: number; readonly listError: { readonly message: string; readonly fields: Record<string, string> } }
  | { readonly id: number; readonly failure: { readonly message: string; readonly stack?: string | undefined } };

export interface ListWorker {
  /** parseDataIdList in the worker thread: the same list (as columns, with its sha256) or the same ListError. */
  parse(content: string | Uint8Array, options: ListJobOptions): Promise<DataIdList>;
  /** Stops the thread; lists still being parsed are rejected. */
  close(): Promise<void>;
}

/**
 * One worker thread, started on first use and reused, that inflates, parses, checks, sorts and
 * fingerprints lists, so a million-entry list does not block the event loop (Slack's 3 s acks).
 * The thread does not keep the process alive while idle; if it dies it is started again next time.
 */
export function createListWorker(settings: { readonly limits?: ListLimits } = {}): ListWorker {
  const jobs = createWorkerJobs<Omit<ListJob, 'id'>, ListJobOutcome, DataIdList>({
    what: 'list worker',
    start: () => startWorkerThread(import.meta.url, 'list-worker-thread', { limits: settings.limits ?? {} }),
    settle(outcome) {
      if ('list' in outcome) {
        const { dimensions, columns, ...meta } = outcome.list;
        return columnarList(dimensions, columns, meta);
      }
      if ('listError' in outcome) throw new ListError(outcome.listError.message, outcome.listError.fields);
      const cause = Object.assign(new Error(outcome.failure.message), { stack: outcome.failure.stack });
      throw new Error(`the list worker could not parse the list: ${outcome.failure.message}`, { cause });
    },
  });
  return { parse: (content, options) => jobs.run({ content, options }), close: () => jobs.close() };
}
