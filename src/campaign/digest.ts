import type { NotebookDeps } from './notebook-deps.js';
import type { ActiveWorkflow } from './notebook-store.js';
import { workflowId } from './record-reference.js';
import { CAMPAIGN_STATUSES, type Campaign, type CampaignStatus, type ChannelRef, type NotebookEvent } from './records.js';

/** The open statuses: a campaign someone still has to run or decide on. */

const DAY_MS = 24 * 3600_000;
// A digest is read at a glance: the changes it lists (it counts them all).
const CHANGES_SHOWN = 15;

export interface QuietWorkflow extends ActiveWorkflow {
  /** `CMP-3/2` */
  readonly id: string;
  readonly campaign: Campaign;
}

/** What a channel's campaigns look like now: what `/campaign digest` shows and the daily digest posts. */
export interface Digest {
  readonly channel: ChannelRef;
  readonly at: string;
  /** Every campaign of the channel, by status, newest first. */
  readonly byStatus: Readonly<Record<CampaignStatus, readonly Campaign[]>>;
  /** Paused campaigns, waiting for a decision since their pause, longest waiting first. */
  readonly waiting: readonly { readonly campaign: Campaign; readonly since: string }[];
  /** Submitted or running workflows with no activity for longer than `quietMs`, quietest first. */
  readonly quiet: readonly QuietWorkflow[];
  readonly quietMs: number;
  /** The latest changes of the last 24 hours (reminders left out), newest first, and how many there were. */
  readonly changes: readonly NotebookEvent[];
  readonly changeCount: number;
}

/** The digest of one channel now; `quietMs` says which workflows count as quiet. */
export function digest(deps: NotebookDeps, channel: ChannelRef, quietMs: number): Digest {
  const now = deps.now();
  const { store } = deps;
  const campaigns = store.campaigns({ channel });
  const byNumber = new Map(campaigns.map((campaign) => [campaign.number, campaign]));
  const byStatus = Object.fromEntries(CAMPAIGN_STATUSES.map((status) => [status, campaigns.filter((campaign) => campaign.status === status)])) as Record<CampaignStatus, Campaign[]>;
  const waiting = store
    .waitingDecisions()
    .flatMap((decision) => {
      const campaign = byNumber.get(decision.campaignNumber);
      return campaign ? [{ campaign, since: decision.pausedAt }] : [];
    })
    .sort((a, b) => a.since.localeCompare(b.since));
  const quietBefore = now.getTime() - quietMs;
  const quiet = store
    .activeWorkflows({ channel })
    .filter((workflow) => Date.parse(workflow.lastActivityAt) <= quietBefore)
    .flatMap((workflow) => {
      const campaign = byNumber.get(workflow.campaignNumber);
      return campaign ? [{ ...workflow, id: workflowId(workflow.campaignNumber, workflow.workflowNumber), campaign }] : [];
    })
    .sort((a, b) => a.lastActivityAt.localeCompare(b.lastActivityAt));
  const { events, count } = store.eventsSince(channel, new Date(now.getTime() - DAY_MS).toISOString(), CHANGES_SHOWN);
  return { channel, at: now.toISOString(), byStatus, waiting, quiet, quietMs, changes: events, changeCount: count };
}

/** The UTC time of day a daily digest goes out. */
export interface DigestTime {
  readonly hour: number;
  readonly minute: number;
}

/**
 * The channels whose digest of today is due and not sent yet (today's time has passed), each
 * recorded as sent as it is returned: a notebook that was down at the time sends it when it comes
 * back, the same UTC day; two processes on one database send it once.
 */
export function recordDueDigests(deps: NotebookDeps, time: DigestTime): ChannelRef[] {
  const now = deps.now();
  const day = now.toISOString().slice(0, 10);
  const dueAt = Date.parse(`${day}T00:00:00Z`) + (time.hour * 60 + time.minute) * 60_000;
  if (now.getTime() < dueAt) return [];
  const at = now.toISOString();
  return deps.store
    .channelsWithOpenCampaigns()
    .filter((channel) => deps.store.sendOnce({ key: `digest:${channel.platform}:${channel.id}@${day}`, kind: 'digest', at }).sent);
}
