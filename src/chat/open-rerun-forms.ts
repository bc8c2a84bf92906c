import type { Notebook } from '../campaign/notebook.js';
import { UserError } from '../campaign/user-error.js';
import type { ChatEffect } from './chat-effect.js';
import { campaignNewForm, workflowStartForm } from './chat-form.js';

/** The workflow_start form of a campaign (`/campaign start`, a card's Start workflow button). */
export function openStartForm(notebook: Notebook, campaignRef: string, channelId: string, label?: string): ChatEffect {
  const campaign = notebook.findCampaign(campaignRef);
  return { kind: 'openForm', form: workflowStartForm(campaign, label ? { label } : {}), state: { formId: 'workflow_start', channelId, campaignId: campaign.id } };
}

/** `clone <campaign> [short name]` (or a card's `clone` button): the campaign form prefilled from that campaign, `changes` required. */
export function openCloneForm(notebook: Notebook, campaignRef: string, channelId: string, shortName?: string): ChatEffect {
  const source = notebook.findCampaign(campaignRef);
  return {
    kind: 'openForm',
    form: campaignNewForm({ clone: source, ...(shortName ? { shortName } : {}) }),
    state: { formId: 'campaign_new', channelId, sourceId: source.id },
  };
}

/**
 * `rerun <workflow> [label] [--in <campaign>]` (or a card's `rerun` button): the workflow form
 * prefilled from that workflow, its lists by fingerprint, `changes` required; in its own campaign
 * unless another is named.
 */
export function openRerunForm(notebook: Notebook, workflowRef: string, channelId: string, options: { readonly label?: string; readonly into?: string } = {}): ChatEffect {
  const source = notebook.show(workflowRef, { workflowLimit: 0 });
  if (source.type !== 'workflow') throw new UserError(`"${workflowRef}" names a campaign: rerun takes a workflow (e.g. ${source.campaign.id}/1); /campaign clone copies a campaign`);
  const campaign = options.into === undefined ? source.campaign : notebook.findCampaign(options.into);
  return {
    kind: 'openForm',
    form: workflowStartForm(campaign, { rerun: source.workflow, ...(options.label ? { label: options.label } : {}) }),
    state: { formId: 'workflow_start', channelId, campaignId: campaign.id, sourceId: source.workflow.id },
  };
}
