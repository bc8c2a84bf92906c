import { UserError } from '../campaign/user-error.js';
import { createWorkerJobs } from '../worker-thread/create-worker-jobs.js';
import { startWorkerThread } from '../worker-thread/start-worker-thread.js';

/** A record to export, as the main thread sends it to the worker. */
export interface ExportJob {
  readonly id: number;
  readonly ref: string;
}

/** An exported file as the worker sends it: its bytes (transferred, not copied). */
export interface ExportedFile {
  readonly name: string;
  readonly content: Uint8Array;
}

/** What the worker sends back: the files, a UserError, or a failure. */
export type ExportJobOutcome =
  | { readonly id: number; readonly files: readonly ExportedFile[] }
  | { readonly id: number; readonly userError: { readonly message: string; readonly fields: Record<string, string> } }
  | { readonly id: number; readonly failure: { readonly message: string; readonly stack?: string | undefined } };

export interface ExportWorker {
  /** The notebook's exportRecord, in the worker thread: the same files (as bytes) or the same UserError. */
  exportRecord(ref: string): Promise<readonly ExportedFile[]>;
  /** Stops the thread; exports still being built are rejected. */
  close(): Promise<void>;
}

/**
 * One worker thread, started on first use and reused, that builds exports on its own connection to
 * the database: a list of millions of data IDs takes seconds to read and write out, which would
 * block the event loop (Slack's 3 s acks). Idle, it does not keep the process alive.
 */
export function createExportWorker(databasePath: string): ExportWorker {
  const jobs = createWorkerJobs<Omit<ExportJob, 'id'>, ExportJobOutcome, readonly ExportedFile[]>({
    what: 'export worker',
    start: () => startWorkerThread(import.meta.url, 'export-worker-thread', { databasePath }),
    settle(outcome) {
      if ('files' in outcome) return outcome.files;
      if ('userError' in outcome) throw new UserError(outcome.userError.message, outcome.userError.fields);
      const cause = Object.assign(new Error(outcome.failure.message), { stack: outcome.failure.stack });
      throw new Error(`the export worker failed: ${outcome.failure.message}`, { cause });
    },
  });
  return { exportRecord: (ref) => jobs.run({ ref }), close: () => jobs.close() };
}
