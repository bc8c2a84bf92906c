// The export worker thread (started by createExportWorker): builds a record's export on its own
// read connection to the database, and sends the files back as transferable bytes.
import { parentPort, workerData } from 'node:worker_threads';
import { createNotebook } from '../campaign/create-notebook.js';
import { isUserError } from '../campaign/user-error.js';
import type { ExportJob, ExportJobOutcome } from './create-export-worker.js';
import { createSqliteStore } from './create-sqlite-store.js';
import { openDatabase } from './open-database.js';

const { databasePath } = workerData as { readonly databasePath: string };
const port = parentPort!;
// The main thread migrated the database; this connection only reads.
const notebook = createNotebook({ store: createSqliteStore(openDatabase(databasePath, { migrate: false })) });
const encoder = new TextEncoder();

port.on('message', (job: ExportJob) => {
  let outcome: ExportJobOutcome;
  const transfer: ArrayBuffer[] = [];
  try {
    const files = notebook.exportRecord(job.ref).map((file) => {
      // Each file its own buffer (TextEncoder's, never Buffer's shared pool): it moves to the main thread without a copy.
      const content = encoder.encode(file.content);
      transfer.push(content.buffer as ArrayBuffer);
      return { name: file.name, content };
    });
    outcome = { id: job.id, files };
  } catch (error) {
    outcome = isUserError(error)
      ? { id: job.id, userError: { message: error.message, fields: { ...error.fields } } }
      : { id: job.id, failure: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } };
  }
  port.postMessage(outcome, transfer);
});
