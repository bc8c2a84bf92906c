import { pastedLines } from './parse-bps-submit-output.js';
import type { WorkflowStatus } from './records.js';
import { UserError } from './user-error.js';

/**
 * ctrl_bps's run states (`WmsStates`, python/lsst/ctrl/bps/wms_service.py), each with the workflow
 * status it means in the notebook. `keep`: the run has not ended, and the report does not say it
 * has started either, so the status stays as it is (the report is recorded as a note); `unusable`:
 * bps itself could not tell, so nothing is recorded.
 */
export const WORKFLOW_STATUS_OF_BPS_STATE = {
  UNKNOWN: 'unusable', // "Can't determine state."
  MISFIT: 'unusable', // "Determined state, but doesn't fit other states."
  UNREADY: 'submitted', // "Still waiting for parents to finish."
  READY: 'submitted', // "All of its parents have finished successfully."
  PENDING: 'submitted', // "Ready to run, visible in batch queue."
  RUNNING: 'running', // "Currently running."
  DELETED: 'stopped', // "In the process of being deleted or already deleted." (bps cancel)
  HELD: 'keep', // "In a hold state." (needs a person: neither running nor ended)
  SUCCEEDED: 'succeeded', // "Have completed with success status."
  FAILED: 'failed', // "Have completed with non-success status."
  PRUNED: 'failed', // "At least one of the parents failed or can't be run."
} as const satisfies Record<string, WorkflowStatus | 'keep' | 'unusable'>;

export type BpsState = keyof typeof WORKFLOW_STATUS_OF_BPS_STATE;

/** One run of a `bps report` summary. */
export interface BpsReportRun {
  /** `H`, `D` or `F`: a running run with held, deleted or failed jobs. */
  readonly flag?: string;
  readonly state: BpsState;
  /** The `%S` column: the share of the run's jobs that succeeded; undefined when bps printed `UNK`. */
  readonly percentSucceeded?: number;
  readonly runId: string;
  readonly runName: string;
}

// the summary's header (ctrl_bps report.py: X STATE %S ID OPERATOR PROJECT CAMPAIGN PAYLOAD RUN; older releases PRJ, CMPGN)
const HEADER = /^(?:X\s+)?STATE\s+%S\s+ID\s+OPERATOR\b/;

/** Whether pasted text holds a `bps report` summary. */
export function looksLikeBpsReport(text: string): boolean {
  return pastedLines(text).some((line) => HEADER.test(line));
}

/**
 * Reads the runs of pasted `bps report` output: the summary table astropy prints (a header, a line
 * of dashes, one run a line: `[X] STATE %S ID OPERATOR PROJECT CAMPAIGN PAYLOAD RUN`), also as
 * `bps report --id` prints it above its per-task table. Read by words, not by column positions,
 * as chat may not keep the spacing; a run always has a state, %S, an ID and a RUN.
 */
export function parseBpsReport(text: string): readonly BpsReportRun[] {
  const runs: BpsReportRun[] = [];
  let inTable = false;
  for (const line of pastedLines(text)) {
    if (HEADER.test(line)) {
      inTable = true;
      continue;
    }
    if (!inTable) continue;
    if (line === '' && runs.length === 0) continue;
    if (/^[-\s]+$/.test(line) && line !== '') continue;
    const run = reportRow(line);
    if (run === undefined) inTable = false;
    else runs.push(run);
  }
  if (runs.length === 0) {
    throw new UserError(
      'The pasted bps report shows no run: expected its header (X STATE %S ID OPERATOR PROJECT CAMPAIGN PAYLOAD RUN) and a line per run; paste the output of bps report --id <run id>',
    );
  }
  return runs;
}

function reportRow(line: string): BpsReportRun | undefined {
  const words = line.split(/\s+/).filter(Boolean);
  const flagged = words.length > 1 && words[0]!.length === 1 && isState(words[1]);
  const at = flagged ? 1 : 0;
  const state = words[at];
  if (!isState(state) || words.length < at + 4) return undefined;
  const percent = words[at + 1]!;
  if (percent !== 'UNK' && !/^\d{1,3}$/.test(percent)) return undefined;
  return {
    ...(flagged ? { flag: words[0]! } : {}),
    state,
    ...(percent === 'UNK' ? {} : { percentSucceeded: Number(percent) }),
    runId: words[at + 2]!,
    runName: words.at(-1)!,
  };
}

function isState(word: string | undefined): word is BpsState {
  return word !== undefined && Object.hasOwn(WORKFLOW_STATUS_OF_BPS_STATE, word);
}

/** Whether two run ids name the same run: HTCondor's are written with or without the `.0` of the job's process (bps printed `Run Id: 369`, then `Successfully canceled: 369.0`). */
export function sameRunId(a: string, b: string): boolean {
  return a === b || a.replace(/\.0$/, '') === b.replace(/\.0$/, '');
}
