import type { Worker } from 'node:worker_threads';

/** Jobs run in one worker thread, each answered by an outcome with the job's id. */
export interface WorkerJobs<Input, Result> {
  run(input: Input): Promise<Result>;
  /** Stops the thread; jobs still running are rejected. */
  close(): Promise<void>;
}

/**
 * Sends jobs (`{id, ...input}`) to one worker thread, started on first use and reused, and settles
 * each with its outcome (`settle` returns the result or throws). Idle, the thread does not keep the
 * process alive; if it dies, the jobs it held fail and the next job starts a new one.
 */
export function createWorkerJobs<Input extends object, Outcome extends { readonly id: number }, Result>(options: {
  /** The worker's name in errors, e.g. `list worker`. */
  readonly what: string;
  readonly start: () => Worker;
  readonly settle: (outcome: Outcome) => Result;
}): WorkerJobs<Input, Result> {
  const { what } = options;
  let thread: Worker | undefined;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, { readonly resolve: (result: Result) => void; readonly reject: (error: Error) => void }>();

  const failAll = (error: Error) => {
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };

  const start = (): Worker => {
    const worker = options.start();
    worker.unref();
    worker.on('message', (outcome: Outcome) => {
      const job = pending.get(outcome.id);
      if (job === undefined) return;
      pending.delete(outcome.id);
      if (pending.size === 0) worker.unref();
      try {
        job.resolve(options.settle(outcome));
      } catch (error) {
        job.reject(error as Error);
      }
    });
    worker.on('error', (error) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(`the ${what} thread failed: ${error.message}`, { cause: error }));
    });
    worker.on('exit', (code) => {
      if (thread === worker) thread = undefined;
      failAll(new Error(closed ? `the ${what} was stopped` : `the ${what} thread exited with code ${code}`));
    });
    return worker;
  };

  return {
    run(input) {
      if (closed) return Promise.reject(new Error(`the ${what} is stopped`));
      thread ??= start();
      const worker = thread;
      const id = nextId++;
      return new Promise<Result>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        if (pending.size === 1) worker.ref();
        worker.postMessage({ id, ...input });
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
