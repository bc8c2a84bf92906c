import { OPEN_CAMPAIGN_STATUSES } from '../campaign/status-transitions.js';
import type { Notebook } from '../campaign/notebook.js';
import type { ChannelRef, Workflow } from '../campaign/records.js';
import type { RecordOption } from './chat-form.js';

// Slack's static_select takes at most 100 options.
const MAX_OPTIONS = 100;

/**
 * The records a note may be filed on, for a form opened in `channel`: its open campaigns and
 * their workflows that have not ended first, then the other open campaigns', newest campaign first.
 * Two queries: it runs before the form opens, within the trigger id's 3 s.
 */
export function recordOptions(notebook: Notebook, channel: ChannelRef): RecordOption[] {
  const open = notebook.listCampaigns().filter((campaign) => OPEN_CAMPAIGN_STATUSES.includes(campaign.status));
  const workflowsOf = new Map<string, Omit<Workflow, 'lists'>[]>();
  for (const workflow of notebook.openWorkflows()) {
    const ofCampaign = workflowsOf.get(workflow.campaignId);
    if (ofCampaign) ofCampaign.push(workflow);
    else workflowsOf.set(workflow.campaignId, [workflow]);
  }
  const isHere = (campaign: (typeof open)[number]) => campaign.channel?.platform === channel.platform && campaign.channel.id === channel.id;
  const options: RecordOption[] = [];
  for (const campaign of [...open.filter(isHere), ...open.filter((campaign) => !isHere(campaign))]) {
    if (options.length >= MAX_OPTIONS) break;
    options.push({ value: campaign.id, label: `${campaign.id} ${campaign.shortName} (${campaign.status})` });
    for (const workflow of workflowsOf.get(campaign.id) ?? []) {
      options.push({ value: workflow.id, label: `${workflow.id} ${workflow.label} (${workflow.status})` });
    }
  }
  return options.slice(0, MAX_OPTIONS);
}
