import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { NotebookEvent } from './records.js';

/** The timeline of a campaign and its workflows (or of one workflow, given `CMP-12/3`), oldest first. */
export function history(deps: NotebookDeps, ref: string): readonly NotebookEvent[] {
  const record = resolveRecord(deps.store, ref);
  const events = deps.store.events(record.campaign.number);
  return record.type === 'campaign' ? events : events.filter((event) => event.workflowId === record.workflow.id);
}
