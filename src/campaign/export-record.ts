import { stringify } from 'yaml';
import { ListError } from '../lists/list-error.js';
import { listToButlerQuery } from '../lists/list-to-butler-query.js';
import { listToEcsv } from '../lists/list-to-ecsv.js';
import { listToJson } from '../lists/list-to-json.js';
import { withoutUndefined } from './clean-text.js';
import type { ExportFile } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import { readProvenance } from './list-provenance.js';
import type { Campaign, Workflow } from './records.js';

/**
 * The full record of a campaign or workflow as YAML (record, workflows, timeline, list summaries),
 * plus each attached list as canonical JSON, ECSV and a Butler query fragment.
 */
export function exportRecord(deps: NotebookDeps, ref: string): readonly ExportFile[] {
  const { store } = deps;
  const record = resolveRecord(store, ref);
  const { campaign } = record;
  const workflows = record.type === 'workflow' ? [record.workflow] : store.workflows(campaign.number);
  const events = store
    .events(campaign.number)
    .filter((event) => record.type === 'campaign' || event.workflowId === record.workflow.id);
  const base = fileBase(record.type === 'workflow' ? record.workflow.id : campaign.id);
  const listFiles: ExportFile[] = [];
  const exportedLists: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const attached of workflows.flatMap((workflow) => workflow.lists)) {
    if (seen.has(attached.sha256)) continue;
    seen.add(attached.sha256);
    const stored = store.listEntries(attached.sha256)!;
    // How the list was made, from the attachment, goes in the canonical JSON's `provenance`.
    const list = stored.provenance === undefined && attached.provenance !== undefined ? { ...stored, provenance: { ...readProvenance(attached.provenance) } } : stored;
    const stem = `list-${attached.sha256.slice(0, 16)}`;
    const files = [`${stem}.json`, `${stem}.ecsv`];
    listFiles.push({ name: `${stem}.json`, content: listToJson(list) }, { name: `${stem}.ecsv`, content: listToEcsv(list) });
    let queryOmitted: string | undefined;
    try {
      listFiles.push({ name: `${stem}.where.txt`, content: `${listToButlerQuery(list, { source: stem })}\n` });
      files.push(`${stem}.where.txt`);
    } catch (error) {
      if (!(error instanceof ListError)) throw error;
      queryOmitted = error.message;
    }
    exportedLists.push(
      withoutUndefined({
        sha256: attached.sha256,
        name: attached.name,
        count: attached.count,
        dimensions: attached.dimensions,
        reason: list.reason,
        files,
        queryOmitted,
      }),
    );
  }
  const document = withoutUndefined({
    format: 'campaign-notebook-record/1',
    exported: deps.now().toISOString(),
    campaign: { ...campaign, software: campaign.stackVersion ?? NOT_RECORDED, operators: campaign.operators ?? [] },
    workflows: workflows.map((workflow) => exportedWorkflow(workflow, campaign)),
    // Operators are user ids: here with the names they last acted under in the notebook.
    operatorNames: Object.fromEntries(store.actorNames([campaign, ...workflows].flatMap((record) => record.operators ?? []))),
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
    lists: exportedLists,
  });
  return [{ name: `${base}.yaml`, content: stringify(document, { lineWidth: 0 }) }, ...listFiles];
}

/** What a record lacks because it was made before the notebook asked for it (or left empty). */
const NOT_RECORDED = 'not recorded';

/** A workflow with what ran spelled out: software, pipeline, config overrides, operators, and how each list was made. */
function exportedWorkflow(workflow: Workflow, campaign: Campaign): Record<string, unknown> {
  const overrides = workflow.configOverrides?.split('\n').map((line) => line.trim()).filter(Boolean);
  return {
    ...workflow,
    software: {
      stackVersion: workflow.stackVersion ?? (campaign.stackVersion ? `${campaign.stackVersion} (the campaign's)` : NOT_RECORDED),
      pipeline: workflow.pipeline ?? NOT_RECORDED,
      configOverrides: overrides ?? [],
    },
    operators: workflow.operators ?? (campaign.operators ? `the campaign's: ${campaign.operators.join(', ')}` : []),
    lists: workflow.lists.map((list) =>
      withoutUndefined({
        kind: list.kind,
        reason: list.reason,
        name: list.name,
        sha256: list.sha256,
        count: list.count,
        dimensions: list.dimensions,
        provenance: list.provenance === undefined ? NOT_RECORDED : readProvenance(list.provenance),
      }),
    ),
  };
}

/** `CMP-12/3` → `CMP-12-3`, usable as a file name. */
function fileBase(recordId: string): string {
  return recordId.replace('/', '-');
}
