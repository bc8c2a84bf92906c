import type { NotebookDeps } from './notebook-deps.js';
import type { Campaign, Workflow } from './records.js';
import { OPEN_CAMPAIGN_STATUSES } from './status-transitions.js';

/** What one operator holds now: open campaigns, open workflows, and their campaigns waiting for a decision. */
export interface OperatorHoldings {
  /** The user id (`slack:U0123`, `mattermost:<id>`, `cli:<login>`). */
  readonly operator: string;
  /** The name they last acted under in the notebook, when they did. */
  readonly name?: string;
  /** Not completed or failed. */
  readonly campaigns: readonly Campaign[];
  /** Recorded, submitted or running; a workflow without operators of its own is its campaign's operators'. */
  readonly workflows: readonly Omit<Workflow, 'lists'>[];
  /** Their campaigns paused, waiting for a decision (continue, complete or fail). */
  readonly waiting: readonly Campaign[];
}


/** `who [user]`: what each operator holds (only `user`, when given, even if nothing), by name. */
export function who(deps: NotebookDeps, user?: string): readonly OperatorHoldings[] {
  const { store } = deps;
  const all = store.campaigns();
  const campaigns = all.filter((campaign) => OPEN_CAMPAIGN_STATUSES.includes(campaign.status));
  const operatorsOf = new Map(all.map((campaign) => [campaign.id, campaign.operators ?? []]));
  const workflows = store.openWorkflows();
  const held = new Map<string, { campaigns: Campaign[]; workflows: Omit<Workflow, 'lists'>[] }>();
  const holdings = (id: string) => {
    let entry = held.get(id);
    if (entry === undefined) held.set(id, (entry = { campaigns: [], workflows: [] }));
    return entry;
  };
  if (user !== undefined) holdings(user);
  for (const campaign of [...campaigns].reverse()) for (const id of campaign.operators ?? []) holdings(id).campaigns.push(campaign);
  for (const workflow of workflows) {
    for (const id of workflow.operators ?? operatorsOf.get(workflow.campaignId) ?? []) holdings(id).workflows.push(workflow);
  }
  const names = store.actorNames([...held.keys()]);
  return [...held.entries()]
    .filter(([id]) => user === undefined || id === user)
    .map(([operator, { campaigns: theirs, workflows: theirWorkflows }]) => ({
      operator,
      ...(names.has(operator) ? { name: names.get(operator)! } : {}),
      campaigns: theirs,
      workflows: theirWorkflows,
      waiting: theirs.filter((campaign) => campaign.status === 'paused'),
    }))
    .sort((a, b) => (a.name ?? a.operator).localeCompare(b.name ?? b.operator));
}
