import type { Campaign, Workflow } from './records.js';

/** What a workflow runs with where it recorded nothing of its own: its campaign's software, repo and input collections. */
export function workflowSettings(campaign: Campaign, workflow: Workflow): { stackVersion?: string; butlerRepo?: string; inputCollections?: string } {
  const stackVersion = workflow.stackVersion ?? campaign.stackVersion;
  const butlerRepo = workflow.butlerRepo ?? campaign.butlerRepo;
  const inputCollections = workflow.inputCollections ?? campaign.inputCollections;
  return {
    ...(stackVersion !== undefined ? { stackVersion } : {}),
    ...(butlerRepo !== undefined ? { butlerRepo } : {}),
    ...(inputCollections !== undefined ? { inputCollections } : {}),
  };
}
