import type { LinkValues } from './link-placeholders.js';

/** What a workflow's links may name of its campaign (the notebook's Campaign has these fields). */
export interface LinkedCampaign {
  /** `CMP-12` */
  readonly id: string;
  readonly shortName: string;
  readonly butlerRepo?: string | undefined;
}

/** What a workflow's links may name of it (the notebook's Workflow has these fields). */
export interface LinkedWorkflow {
  /** `CMP-12/3` */
  readonly id: string;
  readonly label: string;
  readonly runId?: string | undefined;
  readonly runName?: string | undefined;
  readonly outputRun?: string | undefined;
  readonly butlerRepo?: string | undefined;
}

/** The placeholder values of a workflow's status-tool links (see LINK_PLACEHOLDERS); its own Butler repo wins over its campaign's. */
export function linkValues(campaign: LinkedCampaign, workflow: LinkedWorkflow): LinkValues {
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
