import { PLATFORM_NAMES } from './chat-request.js';

/** An outbox whose failed items `/campaign sync` re-queues: `noun` names one item (`Jira item`, `Slack post`). */
export interface Requeueable {
  readonly noun: string;
  requeueFailed(): number;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** `/campaign sync`: re-queues what failed in each outbox (channel posts, Jira mirroring) and says how much. */
export function syncReply(outboxes: readonly Requeueable[]): string {
  const requeued = outboxes.map((outbox) => ({ noun: outbox.noun, count: outbox.requeueFailed() })).filter((entry) => entry.count > 0);
  if (requeued.length === 0) return 'Nothing to re-queue: nothing has failed. (Pending items are retried on their own.)';
  return `Re-queued ${requeued.map((entry) => plural(entry.count, entry.noun)).join(' and ')} that had failed; they go out now.`;
}

/** Where a record's channel posts stand, as the outbox counts them (its own rows: announcements, card redraws, notices). */
export interface ChannelRows {
  readonly waiting: number;
  readonly parked: number;
  readonly oldestWaiting?: { readonly attempts: number; readonly lastError: string | undefined };
  readonly failed: readonly { readonly kind: string; readonly lastError: string | undefined }[];
}

/**
 * One line for `show` (chat and CLI) when some of a record's channel posts still wait or failed,
 * and why: e.g. `Slack: 2 posts pending (3 attempts, last error: Slack answered HTTP 500)`.
 */
export function describeChannelRows(platform: keyof typeof PLATFORM_NAMES, rows: ChannelRows, parkedReason: string | undefined): string | undefined {
  if (rows.waiting === 0 && rows.failed.length === 0) return undefined;
  const parts: string[] = [];
  if (rows.waiting > 0) {
    const oldest = rows.oldestWaiting;
    parts.push(`${plural(rows.waiting, 'update')} pending`);
    if (oldest?.attempts) parts.push(`${plural(oldest.attempts, 'attempt')}`);
    if (oldest?.lastError) parts.push(`last error: ${oldest.lastError}`);
  }
  if (rows.parked > 0 && parkedReason) parts.push(`paused: ${parkedReason}`);
  for (const failure of rows.failed) parts.push(`failed (${failure.kind}): ${failure.lastError ?? 'refused'}; fix it, then /campaign sync`);
  return `${PLATFORM_NAMES[platform]} channel: ${parts.join(', ')}`;
}
