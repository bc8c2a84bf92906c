import { stringify } from 'yaml';
import { withoutUndefined } from './clean-text.js';
import type { ExportFile } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { Workflow } from './records.js';

/** The full record of a campaign or workflow as YAML (record, workflows, timeline, list summaries). */
export function exportRecord(deps: NotebookDeps, ref: string): readonly ExportFile[] {
  const { store } = deps;
  const record = resolveRecord(store, ref);
  const { campaign } = record;
  const workflows = record.type === 'workflow' ? [record.workflow] : store.workflows(campaign.number);
  const events = store
    .events(campaign.number)
    .filter((event) => record.type === 'campaign' || event.workflowId === record.workflow.id);
  const document = withoutUndefined({
    format: 'campaign-notebook-record/1',
    exported: deps.now().toISOString(),
    campaign,
    workflows: workflows.map(exportedWorkflow),
    timeline: events.map((event) =>
      withoutUndefined({
        seq: event.seq,
        at: event.at,
        kind: event.kind,
        record: event.workflowId ?? event.campaignId,
        by: event.actor,
        details: event.payload,
      }),
    ),
  });
  const base = fileBase(record.type === 'workflow' ? record.workflow.id : campaign.id);
  return [{ name: `${base}.yaml`, content: stringify(document, { lineWidth: 0 }) }];
}

function exportedWorkflow(workflow: Workflow): Record<string, unknown> {
  return {
    ...workflow,
    lists: workflow.lists.map((list) =>
      withoutUndefined({
        kind: list.kind,
        reason: list.reason,
        name: list.name,
        sha256: list.sha256,
        count: list.count,
        dimensions: list.dimensions,
      }),
    ),
  };
}

/** `CMP-12/3` → `CMP-12-3`, usable as a file name. */
function fileBase(recordId: string): string {
  return recordId.replace('/', '-');
}
