import type { Worker } from 'node:worker_threads';
import { columnarList } from '../lists/columnar-list.js';
import type { DataIdColumns, DataIdList } from '../lists/data-id-list.js';
import { ListError } from '../lists/list-error.js';
import type { ListLimits } from '../lists/list-limits.js';
import { startWorkerThread } from '../start-worker-thread.js';

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

interface Pending {
  readonly resolve: (list: DataIdList) => void;
  readonly reject: (error: Error) => void;
}

/**
 * One worker thread, started on first use and reused, that inflates, parses, checks, sorts and
 * fingerprints lists, so a million-entry list does not block the event loop (Slack's 3 s acks).
 * The thread does not keep the process alive while idle; if it dies it is started again next time.
 */
export function createListWorker(settings: { readonly limits?: ListLimits } = {}): ListWorker {
  let thread: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const worker = startWorkerThread(import.meta.url, 'list-worker-thread', { limits: settings.limits ?? {} });
    worker.unref();
    worker.on('message', (outcome: ListJobOutcome) => {
      const job = pending.get(outcome.id);
      if (job === undefined) return;
      pending.delete(outcome.id);
      if (pending.size === 0) worker.unref();
      if ('list' in outcome) {
        const { dimensions, columns, ...meta } = outcome.list;
        job.resolve(columnarList(dimensions, columns, meta));
      } else if ('listError' in outcome) {
        job.reject(new ListError(outcome.listError.message, outcome.listError.fields));
      } else {
        const cause = Object.assign(new Error(outcome.failure.message), { stack: outcome.failure.stack });
        job.reject(new Error(`the list worker could not parse the list: ${outcome.failure.message}`, { cause }));
      }
    });
    worker.on('error', (error) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(`the list worker thread failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(closed ? 'the list worker was stopped' : `the list worker thread exited with code ${code}`));
    });
    return worker;
  };

  return {
    parse(content, options) {
      if (closed) return Promise.reject(new Error('the list worker is stopped'));
      thread ??= start();
      const worker = thread;
      const id = nextId++;
      return new Promise<DataIdList>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        const job: ListJob = { id, content, options };
        worker.postMessage(job);
      });
    },
    async close() {
      closed = true;
      const worker = thread;
      thread = undefined;
      if (worker) await worker.terminate();
    },
  };
}
