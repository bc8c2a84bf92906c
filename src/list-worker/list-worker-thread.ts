// The list worker thread (started by createListWorker): parses lists off the main thread and
// sends them back as transferable columns, never as an object per entry.
import { parentPort, workerData } from 'node:worker_threads';
import { ListError } from '../lists/list-error.js';
import type { ListLimits } from '../lists/list-limits.js';
import { parseDataIdList } from '../lists/parse-data-id-list.js';
import type { ListJob, ListJobOutcome } from './create-list-worker.js';

const { limits } = workerData as { readonly limits: ListLimits };
const port = parentPort!;

port.on('message', (job: ListJob) => {
  let outcome: ListJobOutcome;
  const transfer: ArrayBuffer[] = [];
  try {
    const list = parseDataIdList(job.content, { ...job.options, limits, columnar: true });
    const columns = list.columns!;
    for (const column of columns.values) transfer.push((column.kind === 'integer' ? column.values : column.indexes).buffer as ArrayBuffer);
    if (columns.reasons) transfer.push(columns.reasons.at.buffer as ArrayBuffer);
    outcome = {
      id: job.id,
      list: {
        dimensions: list.dimensions,
        columns,
        sha256: list.sha256!,
        ...(list.reason !== undefined ? { reason: list.reason } : {}),
        ...(list.provenance !== undefined ? { provenance: list.provenance } : {}),
      },
    };
  } catch (error) {
    outcome =
      error instanceof ListError
        ? { id: job.id, listError: { message: error.message, fields: { ...error.fields } } }
        : { id: job.id, failure: { message: (error as Error)?.message ?? String(error), stack: (error as Error)?.stack } };
  }
  port.postMessage(outcome, transfer);
});
