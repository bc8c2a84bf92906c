import { OPEN_CAMPAIGN_STATUSES } from './status-transitions.js';
import type { NotebookDeps } from './notebook-deps.js';
import type { Campaign, NotebookEvent, Workflow } from './records.js';

/** One person's page (Slack's App Home): their campaigns and workflows, decisions waiting for them, their latest entries. */
export interface Home {
  /** Campaigns they define or operate: open ones first, newest first. */
  readonly campaigns: readonly Campaign[];
  /** Recorded, submitted or running workflows they started or operate (a workflow without operators: its campaign's), or of their campaigns. */
  readonly workflows: readonly Omit<Workflow, 'lists'>[];
  /** Paused campaigns they operate (or define, when it has no operators), longest waiting first. */
  readonly waiting: readonly { readonly campaign: Campaign; readonly since: string }[];
  /** Their latest notebook entries, newest first. */
  readonly recent: readonly NotebookEvent[];
}

const RECENT_ENTRIES = 10;

/**
 * Whether `person` (their actor id, `slack:U0123`) is among a campaign's operators, which forms
 * store as platform user ids (`U0123`) or actor ids.
 */
export function operates(campaign: Campaign, actorId: string): boolean {
  return isOperator(campaign.operators ?? [], actorId);
}

function isOperator(operators: readonly string[], actorId: string): boolean {
  const bare = actorId.slice(actorId.indexOf(':') + 1);
  return operators.some((operator) => operator === actorId || operator === bare);
}

/** The home of the person with this actor id. */
export function home(deps: NotebookDeps, actorId: string): Home {
  const { store } = deps;
  const isOpen = (campaign: Campaign) => OPEN_CAMPAIGN_STATUSES.includes(campaign.status);
  const all = store.campaigns();
  const mine = all.filter((campaign) => campaign.definedBy.id === actorId || operates(campaign, actorId));
  const campaigns = [...mine.filter(isOpen), ...mine.filter((campaign) => !isOpen(campaign))];
  const mineByNumber = new Map(mine.map((campaign) => [campaign.number, campaign]));
  const mineById = new Set(mine.map((campaign) => campaign.id));
  const operatorsOf = new Map(all.map((campaign) => [campaign.id, campaign.operators ?? []]));
  const workflows = store
    .openWorkflows()
    .filter(
      (workflow) =>
        workflow.startedBy.id === actorId ||
        mineById.has(workflow.campaignId) ||
        isOperator(workflow.operators ?? operatorsOf.get(workflow.campaignId) ?? [], actorId),
    );
  const asksMe = (campaign: Campaign) => ((campaign.operators ?? []).length > 0 ? operates(campaign, actorId) : campaign.definedBy.id === actorId);
  const waiting = store.waitingDecisions().flatMap((decision) => {
    const campaign = mineByNumber.get(decision.campaignNumber);
    return campaign && asksMe(campaign) ? [{ campaign, since: decision.pausedAt }] : [];
  });
  return { campaigns, workflows, waiting: waiting.sort((a, b) => a.since.localeCompare(b.since)), recent: store.eventsBy(actorId, RECENT_ENTRIES) };
}
