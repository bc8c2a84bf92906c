import { cleanText, withoutUndefined } from './clean-text.js';
import type { RecordView } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { Actor, CampaignStatus, WorkflowStatus } from './records.js';
import { checkTransition } from './status-transitions.js';

/**
 * Records a status change of a campaign or workflow, if its status machine allows it; returns the
 * record after (a campaign without its workflows). `report`: what a pasted `bps report` said (run
 * id, state, %S), kept in the event.
 */
export function changeStatus(
  deps: NotebookDeps,
  ref: string,
  status: CampaignStatus | WorkflowStatus,
  reason: string | undefined,
  by: Actor,
  report?: Readonly<Record<string, string | number>>,
): RecordView {
  const at = deps.now().toISOString();
  const { store } = deps;
  const to = status.trim().toLowerCase();
  return store.transaction(() => {
    const record = resolveRecord(store, ref);
    const current = record.type === 'campaign' ? record.campaign : record.workflow;
    checkTransition({ type: record.type, id: current.id }, current.status, to);
    store.appendEvent({
      kind: 'status_changed',
      campaignNumber: record.campaign.number,
      workflowNumber: record.type === 'workflow' ? record.workflow.number : undefined,
      actor: by,
      at,
      payload: withoutUndefined({ from: current.status, to, reason: cleanText(reason), report }),
    });
    // The record after the change; its workflows are not part of the answer (none is read).
    return showRecord(deps, current.id, 0);
  });
}

/** The record a reference names, as `show` presents it (a campaign with its first `workflowLimit` workflows, else all). */
export function showRecord(deps: NotebookDeps, ref: string, workflowLimit?: number): RecordView {
  const record = resolveRecord(deps.store, ref);
  if (record.type === 'workflow') return record;
  const number = record.campaign.number;
  return { type: 'campaign', campaign: record.campaign, workflows: deps.store.workflows(number, workflowLimit), workflowCount: deps.store.workflowCount(number) };
}
