import type { Worker } from 'node:worker_threads';
import { UserError } from '../campaign/user-error.js';
import { startWorkerThread } from '../start-worker-thread.js';

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
  let thread: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, { resolve: (files: readonly ExportedFile[]) => void; reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const worker = startWorkerThread(import.meta.url, 'export-worker-thread', { databasePath });
    worker.unref();
    worker.on('message', (outcome: ExportJobOutcome) => {
      const job = pending.get(outcome.id);
      if (job === undefined) return;
      pending.delete(outcome.id);
      if (pending.size === 0) worker.unref();
      if ('files' in outcome) job.resolve(outcome.files);
      else if ('userError' in outcome) job.reject(new UserError(outcome.userError.message, outcome.userError.fields));
      else job.reject(new Error(`the export worker failed: ${outcome.failure.message}`, { cause: Object.assign(new Error(outcome.failure.message), { stack: outcome.failure.stack }) }));
    });
    worker.on('error', (error) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(`the export worker thread failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(closed ? 'the export worker was stopped' : `the export worker thread exited with code ${code}`));
    });
    return worker;
  };

  return {
    exportRecord(ref) {
      if (closed) return Promise.reject(new Error('the export worker is stopped'));
      thread ??= start();
      const worker = thread;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, ref } satisfies ExportJob);
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
