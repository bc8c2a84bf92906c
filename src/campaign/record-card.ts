import type { RecordCard } from './notebook.js';
import type { NotebookStore } from './notebook-store.js';
import { resolveRecord } from './resolve-record.js';

/** What a record's card shows now: the record, its latest event, and for a campaign its workflows counted by status. */
export function recordCard(store: NotebookStore, ref: string): RecordCard {
  const record = resolveRecord(store, ref);
  const { campaign } = record;
  if (record.type === 'workflow') {
    return { ...record, latest: store.latestEvent(campaign.number, record.workflow.number)! };
  }
  const workflowsByStatus = store.workflowStatusCounts(campaign.number);
  return {
    type: 'campaign',
    campaign,
    workflowCount: Object.values(workflowsByStatus).reduce((sum, count) => sum + count, 0),
    workflowsByStatus,
    latest: store.latestEvent(campaign.number)!,
  };
}
