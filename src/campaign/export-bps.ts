import { bpsSubmitExport, type BpsExport } from './bps-submit-export.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveWorkflow } from './resolve-record.js';
import { getList } from './stored-lists.js';

/** `export <workflow> --to bps`: the submit YAML and data-ID tables to submit the recorded workflow again. */
export function exportBps(deps: NotebookDeps, workflowRef: string): BpsExport {
  const { campaign, workflow } = resolveWorkflow(deps.store, workflowRef);
  return bpsSubmitExport(campaign, workflow, (sha256) => getList(deps.store, sha256));
}
