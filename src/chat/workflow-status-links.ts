import type { Campaign, Workflow } from '../campaign/records.js';
import type { FileConfig } from '../config.js';
import type { LinkValues } from '../links/link-placeholders.js';
import { statusLinks } from '../links/status-links.js';
import type { MessageLink } from './chat-message.js';

/** The placeholder values DESIGN.md defines for status-tool templates, from a workflow and its campaign. */
export function linkValues(campaign: Campaign, workflow: Workflow): LinkValues {
  return {
    campaign: campaign.id,
    campaign_name: campaign.shortName,
    workflow: workflow.id,
    label: workflow.label,
    run_id: workflow.runId,
    run_name: workflow.runName,
    output_run: workflow.outputRun,
    butler_repo: workflow.butlerRepo ?? campaign.butlerRepo,
  };
}

/** A workflow's status-tool links (config `status_tools`) as message links; unknown placeholders left out. */
export function workflowStatusLinks(tools: FileConfig['status_tools'], campaign: Campaign, workflow: Workflow): MessageLink[] {
  return statusLinks(tools, workflow.wms, linkValues(campaign, workflow));
}
