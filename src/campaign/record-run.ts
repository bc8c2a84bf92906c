import { cleanText, withoutUndefined } from './clean-text.js';
import type { NotebookDeps } from './notebook-deps.js';
import { looksLikeBpsSubmitOutput, parseBpsSubmitOutput } from './parse-bps-submit-output.js';
import { resolveWorkflow } from './resolve-record.js';
import type { Actor, Workflow } from './records.js';
import { UserError } from './user-error.js';

/**
 * Records a workflow's WMS run id and name (or reads them from pasted `bps submit` output), and
 * moves a `recorded` workflow to `submitted`. Recording again is a correction: the event keeps the previous run.
 */
export function recordRun(
  deps: NotebookDeps,
  workflowRef: string,
  runId: string,
  runName: string | undefined,
  by: Actor,
): Workflow {
  let id = cleanText(runId);
  let name = cleanText(runName);
  if (id !== undefined && looksLikeBpsSubmitOutput(id)) {
    const parsed = parseBpsSubmitOutput(id);
    id = parsed.runId;
    name ??= parsed.runName;
  }
  if (id === undefined) throw new UserError('A run id is required (what `bps submit` printed as Run Id)', { run_id: 'Required' });
  if (/\s/.test(id)) {
    throw new UserError(`"${id}" is not a run id: a run id has no spaces (paste the whole bps submit output, or the Run Id alone)`, {
      run_id: 'A run id has no spaces',
    });
  }
  const at = deps.now().toISOString();
  const { store } = deps;
  return store.transaction(() => {
    const { campaign, workflow } = resolveWorkflow(store, workflowRef);
    const event = { campaignNumber: campaign.number, workflowNumber: workflow.number, actor: by, at };
    const previous =
      workflow.runId === undefined ? undefined : withoutUndefined({ runId: workflow.runId, runName: workflow.runName });
    store.appendEvent({ ...event, kind: 'run_recorded', payload: withoutUndefined({ runId: id, runName: name, previous }) });
    if (workflow.status === 'recorded') {
      store.appendEvent({ ...event, kind: 'status_changed', payload: { from: 'recorded', to: 'submitted', reason: 'run recorded' } });
    }
    return store.workflow(campaign.number, workflow.number)!;
  });
}
