import { cleanText, withoutUndefined } from './clean-text.js';
import type { RecordView, StatusChange } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import type { NotebookStore } from './notebook-store.js';
import { resolveRecord } from './resolve-record.js';
import type { Actor, Campaign, CampaignStatus, NotebookEvent, Workflow, WorkflowStatus } from './records.js';
import { NOTEBOOK_ACTOR, STATUSES_NEEDING_REASON } from './records.js';
import { checkTransition, ENDED_WORKFLOW_STATUSES, OPEN_WORKFLOW_STATUSES } from './status-transitions.js';
import { StaleRecordError, UserError } from './user-error.js';

/** How a status change is asked for, beyond who and why. */
export interface StatusChangeOptions {
  /**
   * The latest event the asker saw (the number a card's button carries): when the record's status
   * changed after it, nothing is recorded and a StaleRecordError says what happened meanwhile.
   */
  readonly seenEvent?: number;
  /** What a pasted `bps report` said (run id, state, %S), kept in the event. */
  readonly report?: Readonly<Record<string, string | number>>;
}

// A workflow in one of these still holds its campaign open: the paused gate waits for it.

/**
 * Records a status change of a campaign or workflow, if its status machine allows it; returns the
 * record after (a campaign without its workflows). Failed, stopped and completed need a reason.
 * The paused gate (DMTN-181): when a workflow ends and no other workflow of its running campaign is
 * recorded, submitted or running, the notebook pauses the campaign in the same transaction
 * (`paused` in the answer), waiting for someone to decide to continue, complete or fail it.
 */
export function changeStatus(
  deps: NotebookDeps,
  ref: string,
  status: CampaignStatus | WorkflowStatus,
  reason: string | undefined,
  by: Actor,
  options: StatusChangeOptions = {},
): StatusChange {
  const at = deps.now().toISOString();
  const { store } = deps;
  const to = status.trim().toLowerCase();
  const why = cleanText(reason);
  return store.transaction(() => {
    const record = resolveRecord(store, ref);
    const current = record.type === 'campaign' ? record.campaign : record.workflow;
    if (options.seenEvent !== undefined) refuseIfMoved(store, current.id, options.seenEvent);
    checkTransition({ type: record.type, id: current.id }, current.status, to);
    if (why === undefined && STATUSES_NEEDING_REASON.includes(to)) {
      throw new UserError(`${current.id} ${to} needs a reason: say why (status ${current.id} ${to} <reason>)`, { reason: `Why is ${current.id} ${to}?` });
    }
    store.appendEvent({
      kind: 'status_changed',
      campaignNumber: record.campaign.number,
      workflowNumber: record.type === 'workflow' ? record.workflow.number : undefined,
      actor: by,
      at,
      payload: withoutUndefined({ from: current.status, to, reason: why, report: options.report }),
    });
    const paused = record.type === 'workflow' && (ENDED_WORKFLOW_STATUSES as readonly string[]).includes(to) ? pauseWhenIdle(store, record.campaign, record.workflow, to, at) : undefined;
    // The record after the change; its workflows are not part of the answer (none is read).
    return { ...showRecord(deps, current.id, 0), ...(paused ? { paused } : {}) };
  });
}

/** The status changes of the record `ref` names after the event `seq`, oldest first. */
export function statusChangesSince(store: NotebookStore, ref: string, seq: number): NotebookEvent[] {
  const record = resolveRecord(store, ref);
  const id = record.type === 'campaign' ? record.campaign.id : record.workflow.id;
  return store.recordEventsAfter(id, seq).filter((event) => event.kind === 'status_changed');
}

/** Refuses a change asked for on a view of the record older than its latest status change. */
function refuseIfMoved(store: NotebookStore, recordId: string, seenEvent: number): void {
  const changes = statusChangesSince(store, recordId, seenEvent);
  if (changes.length > 0) throw new StaleRecordError(recordId, changes);
}

/** The paused gate: the campaign's move running → paused, by the notebook, when `workflow` was the last one open. */
function pauseWhenIdle(store: NotebookStore, campaign: Campaign, workflow: Workflow, ended: string, at: string): NotebookEvent | undefined {
  if (campaign.status !== 'running') return undefined;
  const counts = store.workflowStatusCounts(campaign.number);
  if (OPEN_WORKFLOW_STATUSES.some((status) => (counts[status] ?? 0) > 0)) return undefined;
  return store.appendEvent({
    kind: 'status_changed',
    campaignNumber: campaign.number,
    actor: NOTEBOOK_ACTOR,
    at,
    payload: {
      from: 'running',
      to: 'paused',
      reason: `${workflow.id} ${workflow.label} ${ended} and no other workflow is open: waiting for a decision (continue, complete or fail)`,
      workflow: workflow.id,
    },
  });
}

/** The record a reference names, as `show` presents it (a campaign with its first `workflowLimit` workflows, else all). */
export function showRecord(deps: NotebookDeps, ref: string, workflowLimit?: number): RecordView {
  const record = resolveRecord(deps.store, ref);
  if (record.type === 'workflow') return record;
  const number = record.campaign.number;
  return { type: 'campaign', campaign: record.campaign, workflows: deps.store.workflows(number, workflowLimit), workflowCount: deps.store.workflowCount(number) };
}
