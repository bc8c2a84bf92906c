import { cleanText, withoutUndefined } from './clean-text.js';
import type { NotebookDeps } from './notebook-deps.js';
import { shortNameProblem } from './record-reference.js';
import type { Actor, Campaign, CampaignInput, ChannelRef } from './records.js';
import { UserError } from './user-error.js';

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/** Defines a campaign (CMP-<n>, never reused) with a unique short name; records `campaign_defined`. */
export function defineCampaign(deps: NotebookDeps, input: CampaignInput, by: Actor, channel?: ChannelRef): Campaign {
  const campaign = cleanCampaignInput(input);
  const at = deps.now().toISOString();
  return deps.store.transaction(() => {
    const taken = deps.store.campaignByShortName(campaign.shortName);
    if (taken !== undefined) {
      const message = `The short name "${campaign.shortName}" is taken by ${taken.id}; choose another`;
      throw new UserError(message, { short_name: message });
    }
    const number = deps.store.insertCampaign(withoutUndefined({ input: campaign, channel, by, at }));
    deps.store.appendEvent({
      kind: 'campaign_defined',
      campaignNumber: number,
      actor: by,
      at,
      payload: withoutUndefined({ ...campaign, channel }),
    });
    return deps.store.campaignByNumber(number)!;
  });
}

function cleanCampaignInput(input: CampaignInput): CampaignInput {
  const fields: Record<string, string> = {};
  const shortName = input.shortName.trim();
  const nameProblem = shortNameProblem(shortName);
  if (nameProblem !== undefined) fields.short_name = nameProblem;
  const description = cleanText(input.description);
  if (description === undefined) fields.description = 'A description (what the campaign is for) is required';
  const jiraIssue = cleanText(input.jiraIssue);
  if (jiraIssue !== undefined && !JIRA_KEY.test(jiraIssue)) {
    fields.jira_issue = `"${jiraIssue}" is not a Jira issue key; expected e.g. DM-12345 (leave it empty to create one)`;
  }
  const problems = Object.values(fields);
  if (problems.length > 0) throw new UserError(problems.join('; '), fields);
  const operators = input.operators?.map((operator) => operator.trim()).filter((operator) => operator !== '');
  return withoutUndefined({
    shortName,
    description: description!,
    production: cleanText(input.production),
    butlerRepo: cleanText(input.butlerRepo),
    inputCollections: cleanText(input.inputCollections),
    outputCollection: cleanText(input.outputCollection),
    inputData: cleanText(input.inputData),
    workflowDefinition: cleanText(input.workflowDefinition),
    jiraIssue,
    operators: operators === undefined || operators.length === 0 ? undefined : operators,
  });
}
