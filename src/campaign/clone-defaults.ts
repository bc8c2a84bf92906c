import { withoutUndefined } from './clean-text.js';
import type { ListAttachmentInput } from './notebook.js';
import type { Campaign, CampaignInput, Workflow, WorkflowStartInput } from './records.js';

/** What a clone starts from: every field of the campaign but its short name and Jira issue (a clone gets an issue of its own). */
export function cloneDefaults(campaign: Campaign): Omit<CampaignInput, 'shortName'> {
  return withoutUndefined({
    description: campaign.description,
    production: campaign.production,
    stackVersion: campaign.stackVersion,
    butlerRepo: campaign.butlerRepo,
    inputCollections: campaign.inputCollections,
    outputCollection: campaign.outputCollection,
    inputData: campaign.inputData,
    workflowDefinition: campaign.workflowDefinition,
    operators: campaign.operators,
  });
}

/**
 * What a rerun starts from: every field the workflow was started with but what belongs to that
 * one submission (its run, output run and notes), and its lists by fingerprint, with their reasons
 * and provenance (nothing is stored again).
 */
export function rerunDefaults(workflow: Workflow): { readonly input: WorkflowStartInput; readonly lists: readonly ListAttachmentInput[] } {
  const input = withoutUndefined({
    label: workflow.label,
    wms: workflow.wms,
    pipeline: workflow.pipeline,
    stackVersion: workflow.stackVersion,
    configOverrides: workflow.configOverrides,
    butlerRepo: workflow.butlerRepo,
    inputCollections: workflow.inputCollections,
    dataQuery: workflow.dataQuery,
    bpsCommand: workflow.bpsCommand,
    operators: workflow.operators,
  });
  const lists = workflow.lists.map((list) =>
    withoutUndefined({ kind: list.kind, reason: list.reason, sha256: list.sha256, provenance: list.provenance }),
  );
  return { input, lists };
}
