import type { CampaignStatus, WorkflowStatus } from './records.js';
import { CAMPAIGN_STATUSES, WORKFLOW_STATUSES } from './records.js';
import { UserError } from './user-error.js';

/** defined → running ⇄ paused → completed | failed (a running campaign may also end directly). */
export const CAMPAIGN_TRANSITIONS: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  defined: ['running'],
  running: ['paused', 'completed', 'failed'],
  paused: ['running', 'completed', 'failed'],
  completed: [],
  failed: [],
};

/** recorded → submitted → running → succeeded | failed | stopped (a submission may also fail or be stopped before it runs). */
export const WORKFLOW_TRANSITIONS: Readonly<Record<WorkflowStatus, readonly WorkflowStatus[]>> = {
  recorded: ['submitted'],
  submitted: ['running', 'failed', 'stopped'],
  running: ['succeeded', 'failed', 'stopped'],
  succeeded: [],
  failed: [],
  stopped: [],
};

/** Campaigns still open (not completed or failed): the ones with transitions left. */
export const OPEN_CAMPAIGN_STATUSES = (Object.keys(CAMPAIGN_TRANSITIONS) as CampaignStatus[]).filter((status) => CAMPAIGN_TRANSITIONS[status].length > 0);
/** Workflows that have not ended: recorded, submitted, running. */
export const OPEN_WORKFLOW_STATUSES = (Object.keys(WORKFLOW_TRANSITIONS) as WorkflowStatus[]).filter((status) => WORKFLOW_TRANSITIONS[status].length > 0);
/** Workflows that ended: succeeded, failed, stopped. */
export const ENDED_WORKFLOW_STATUSES = (Object.keys(WORKFLOW_TRANSITIONS) as WorkflowStatus[]).filter((status) => WORKFLOW_TRANSITIONS[status].length === 0);

/** Checks a status change of a campaign or workflow; a disallowed one is a UserError naming the allowed ones. */
export function checkTransition(
  record: { readonly type: 'campaign' | 'workflow'; readonly id: string },
  from: string,
  to: string,
): void {
  const known: readonly string[] = record.type === 'campaign' ? CAMPAIGN_STATUSES : WORKFLOW_STATUSES;
  if (!known.includes(to)) {
    throw new UserError(`"${to}" is not a ${record.type} status: expected one of ${known.join(', ')}`, {
      status: `Expected one of ${known.join(', ')}`,
    });
  }
  const table: Readonly<Record<string, readonly string[]>> =
    record.type === 'campaign' ? CAMPAIGN_TRANSITIONS : WORKFLOW_TRANSITIONS;
  const allowed = table[from] ?? [];
  if (allowed.includes(to)) return;
  const next =
    allowed.length === 0 ? `${from} is final: no further status change is allowed` : `from ${from} it can go to ${joinOr(allowed)}`;
  throw new UserError(`${record.id} cannot go from ${from} to ${to}: ${next}`, { status: next });
}

function joinOr(words: readonly string[]): string {
  return words.length === 1 ? words[0]! : `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}
