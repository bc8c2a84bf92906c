import type { NotebookStore } from './notebook-store.js';
import type { CampaignKey } from './record-reference.js';
import { campaignId, parseRecordReference } from './record-reference.js';
import type { Campaign, Workflow } from './records.js';
import { UserError } from './user-error.js';

export type ResolvedRecord =
  | { readonly type: 'campaign'; readonly campaign: Campaign }
  | { readonly type: 'workflow'; readonly campaign: Campaign; readonly workflow: Workflow };

/** The campaign or workflow a reference names; an unknown one is a UserError naming what was given. */
export function resolveRecord(store: NotebookStore, ref: string): ResolvedRecord {
  const reference = parseRecordReference(ref);
  const campaign = findCampaign(store, reference.campaign, ref);
  if (reference.type === 'campaign') return { type: 'campaign', campaign };
  const workflow = store.workflow(campaign.number, reference.workflowNumber);
  if (workflow === undefined) {
    const count = store.workflowCount(campaign.number);
    const known = count === 0 ? 'it has no workflows yet' : `its workflows are ${campaign.id}/1 to ${campaign.id}/${count}`;
    throw new UserError(`No workflow ${reference.workflowNumber} in ${campaign.id} (${campaign.shortName}): ${known}`);
  }
  return { type: 'workflow', campaign, workflow };
}

/** The campaign a reference names (`CMP-12` or its short name); a workflow reference is a UserError. */
export function resolveCampaign(store: NotebookStore, ref: string): Campaign {
  const reference = parseRecordReference(ref);
  if (reference.type === 'workflow') {
    throw new UserError(`"${ref}" names a workflow; expected a campaign (CMP-12 or its short name)`);
  }
  return findCampaign(store, reference.campaign, ref);
}

/** The workflow a reference names (`CMP-12/3`); a campaign reference is a UserError. */
export function resolveWorkflow(store: NotebookStore, ref: string): { campaign: Campaign; workflow: Workflow } {
  const record = resolveRecord(store, ref);
  if (record.type !== 'workflow') {
    throw new UserError(`"${ref}" names a campaign; expected a workflow, e.g. ${record.campaign.id}/1`);
  }
  return record;
}

function findCampaign(store: NotebookStore, key: CampaignKey, ref: string): Campaign {
  const campaign = 'number' in key ? store.campaignByNumber(key.number) : store.campaignByShortName(key.shortName);
  if (campaign === undefined) {
    const what = 'number' in key ? `No campaign ${campaignId(key.number)}` : `No campaign is named "${key.shortName}"`;
    throw new UserError(`${what} (from "${ref}"); \`campaign list\` shows the campaigns`);
  }
  return campaign;
}
