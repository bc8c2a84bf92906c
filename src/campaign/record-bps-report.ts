import { addNote } from './add-note.js';
import { changeStatus } from './change-status.js';
import type { NotebookDeps } from './notebook-deps.js';
import { parseBpsReport, sameRunId, WORKFLOW_STATUS_OF_BPS_STATE, type BpsReportRun } from './parse-bps-report.js';
import { recordRun } from './record-run.js';
import { resolveWorkflow } from './resolve-record.js';
import type { Actor, NotebookEvent, Workflow, WorkflowStatus } from './records.js';
import { WORKFLOW_TRANSITIONS } from './status-transitions.js';
import { UserError } from './user-error.js';

/** What a pasted `bps report` did to a workflow. */
export interface BpsReportOutcome {
  readonly workflow: Workflow;
  readonly from: WorkflowStatus;
  /** The status after; the same as `from` when the report only added a note. */
  readonly to: WorkflowStatus;
  readonly run: BpsReportRun;
  /** `bps report: RUNNING, 42% of jobs succeeded`: the reason or note the events carry. */
  readonly summary: string;
  /** The campaign's pause, when this report ended its last open workflow (the paused gate). */
  readonly paused?: NotebookEvent;
}

/**
 * Sets a workflow's status from pasted `bps report` output: the run whose ID is the workflow's run
 * id, its STATE mapped to a status (WORKFLOW_STATUS_OF_BPS_STATE) through changeStatus, the report
 * (state, %S) kept in the event. `adoptRun` (the `run` verb): a workflow with no run id yet takes
 * the report's only run. A state that changes nothing is recorded as a note.
 */
export function recordBpsReport(deps: NotebookDeps, workflowRef: string, text: string, by: Actor, options: { adoptRun?: boolean } = {}): BpsReportOutcome {
  const runs = parseBpsReport(text);
  return deps.store.transaction(() => {
    let { workflow } = resolveWorkflow(deps.store, workflowRef);
    if (workflow.runId === undefined && options.adoptRun && runs.length === 1) {
      workflow = recordRun(deps, workflow.id, runs[0]!.runId, runs[0]!.runName, by);
    }
    const runId = workflow.runId;
    if (runId === undefined) {
      throw new UserError(
        `${workflow.id} has no run id recorded, so the report cannot be matched to it; record its run first (run ${workflow.id} <run id>, or paste what bps submit printed)`,
      );
    }
    const matching = runs.filter((run) => sameRunId(run.runId, runId));
    if (matching.length === 0) {
      throw new UserError(
        `The pasted bps report is about run ${runs.map((run) => run.runId).join(', ')}, but ${workflow.id} is run ${runId}; paste the report of run ${runId} (bps report --id ${runId})`,
      );
    }
    if (new Set(matching.map((run) => run.state)).size > 1) {
      throw new UserError(`The pasted bps report shows run ${runId} ${matching.length} times, in different states (${matching.map((run) => run.state).join(', ')}); paste one report`);
    }
    const run = matching[0]!;
    const percent = run.percentSucceeded === undefined ? 'the share of jobs succeeded unknown (UNK)' : `${run.percentSucceeded}% of jobs succeeded`;
    const summary = `bps report: ${run.state}${run.flag ? ` (flag ${run.flag})` : ''}, ${percent}`;
    const target = WORKFLOW_STATUS_OF_BPS_STATE[run.state];
    if (target === 'unusable') {
      throw new UserError(`The pasted bps report gives run ${runId} the state ${run.state}: bps could not tell the run's state, so nothing was recorded; try bps report again later`);
    }
    const from = workflow.status;
    const report = { runId: run.runId, state: run.state, ...(run.percentSucceeded === undefined ? {} : { percentSucceeded: run.percentSucceeded }) };
    if (target === 'keep' || target === from) {
      addNote(deps, workflow.id, `${summary} (run ${run.runId})`, by);
      return { workflow: resolveWorkflow(deps.store, workflow.id).workflow, from, to: from, run, summary };
    }
    // a run reported ended (succeeded) while the notebook still says submitted went through running
    const allowed: readonly WorkflowStatus[] = WORKFLOW_TRANSITIONS[from];
    if (!allowed.includes(target) && allowed.includes('running') && WORKFLOW_TRANSITIONS.running.includes(target)) {
      changeStatus(deps, workflow.id, 'running', summary, by, { report });
    }
    const view = changeStatus(deps, workflow.id, target, summary, by, { report });
    return { workflow: view.type === 'workflow' ? view.workflow : workflow, from, to: target, run, summary, ...(view.paused ? { paused: view.paused } : {}) };
  });
}
