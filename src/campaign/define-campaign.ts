import { cleanText, withoutUndefined } from './clean-text.js';
import type { NotebookDeps } from './notebook-deps.js';
import { campaignId, shortNameProblem } from './record-reference.js';
import type { Actor, Campaign, CampaignInput, ChannelRef, RecordSource } from './records.js';
import { resolveCampaign } from './resolve-record.js';
import { stackVersionProblem } from './stack-version.js';
import { UserError } from './user-error.js';

const JIRA_KEY = /^[A-Z][A-Z0-9_]+-\d+$/;

/**
 * Defines a campaign (CMP-<n>, never reused) with a unique short name; records `campaign_defined`.
 * A clone names its source and what changes (required); the source's history records `cloned`.
 */
export function defineCampaign(deps: NotebookDeps, input: CampaignInput, by: Actor, channel?: ChannelRef): Campaign {
  const campaign = cleanCampaignInput(input);
  const at = deps.now().toISOString();
  return deps.store.transaction(() => {
    const taken = deps.store.campaignByShortName(campaign.shortName);
    if (taken !== undefined) {
      const message = `The short name "${campaign.shortName}" is taken by ${taken.id}; choose another`;
      throw new UserError(message, { short_name: message });
    }
    const source = campaign.source && resolveCampaign(deps.store, campaign.source.id);
    const input = source ? { ...campaign, source: { id: source.id, changes: campaign.source!.changes } } : campaign;
    const number = deps.store.insertCampaign(withoutUndefined({ input, channel, by, at }));
    deps.store.appendEvent({
      kind: 'campaign_defined',
      campaignNumber: number,
      actor: by,
      at,
      payload: withoutUndefined({ ...input, channel }),
    });
    if (source) {
      deps.store.appendEvent({ kind: 'cloned', campaignNumber: source.number, actor: by, at, payload: { into: campaignId(number), changes: input.source!.changes } });
    }
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
  const stackVersion = cleanText(input.stackVersion);
  const versionProblem = stackVersion === undefined ? undefined : stackVersionProblem(stackVersion);
  if (versionProblem !== undefined) fields.stack_version = versionProblem;
  const source = cleanSource(input.source, fields);
  const problems = Object.values(fields);
  if (problems.length > 0) throw new UserError(problems.join('; '), fields);
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
    operators: cleanOperators(input.operators),
    stackVersion,
    source,
  });
}

/** Operators' user ids, trimmed, each once; none is undefined. */
export function cleanOperators(operators: readonly string[] | undefined): readonly string[] | undefined {
  const ids = [...new Set(operators?.map((operator) => operator.trim()).filter((operator) => operator !== ''))];
  return ids.length === 0 ? undefined : ids;
}

/** The source of a clone or rerun with its `changes` (required: what differs and why), or a problem on the `changes` field. */
export function cleanSource(source: RecordSource | undefined, fields: Record<string, string>): RecordSource | undefined {
  if (source === undefined) return undefined;
  const changes = cleanText(source.changes);
  if (changes === undefined) {
    fields.changes = `Say what differs from ${source.id}, and why (required for a ${source.id.includes('/') ? 'rerun' : 'clone'})`;
    return undefined;
  }
  return { id: source.id.trim(), changes };
}
