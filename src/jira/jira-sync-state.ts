import type { OutboxStore } from '../store/outbox-store.js';

/** Where a record stands with Jira, for `/campaign show` and `campaign show`. */
export interface JiraSyncState {
  readonly recordId: string;
  /**
   * off: not mirrored (Jira off, or the record predates it); pending: not (all) in Jira yet;
   * linked: its issue exists and nothing waits; failed: Jira refused something (see `failed`);
   * parked: Jira refuses our credentials, everything waits.
   */
  readonly state: 'off' | 'pending' | 'linked' | 'failed' | 'parked';
  /** The record's issue (a workflow in comment mode: the campaign issue, focused on its comment). */
  readonly issue?: { readonly key: string; readonly url: string };
  /** Events of this record not in Jira yet. */
  readonly pending: number;
  /** Attempts and last error of the oldest waiting event. */
  readonly attempts?: number;
  readonly lastError?: string;
  readonly failed: readonly { readonly kind: string; readonly error: string }[];
  readonly parkedReason?: string;
}

/** The record's Jira issue once it is created (one indexed read). */
export function jiraIssueOf(store: OutboxStore, recordId: string): { readonly key: string; readonly url: string } | undefined {
  const creation = store.creationItem(recordId);
  return creation?.state === 'done' && typeof creation.result.key === 'string'
    ? { key: creation.result.key, url: String(creation.result.url ?? '') }
    : undefined;
}

/** The sync state of one record (its own events, not its workflows'). A plain read of the outbox. */
export function jiraSyncState(store: OutboxStore, recordId: string): JiraSyncState {
  const rows = store.recordRowCounts(recordId);
  const sink = store.sink();
  const issue = jiraIssueOf(store, recordId);
  const failed = rows.failed.map((row) => ({ kind: row.kind, error: row.lastError ?? 'refused by Jira' }));
  const oldest = rows.oldestWaiting;
  const state: JiraSyncState['state'] =
    !rows.mirrored ? 'off' : failed.length > 0 ? 'failed' : rows.parked > 0 ? 'parked' : rows.waiting > 0 ? 'pending' : 'linked';
  return {
    recordId,
    state,
    ...(issue ? { issue } : {}),
    pending: rows.waiting,
    ...(oldest ? { attempts: oldest.attempts } : {}),
    ...(oldest?.lastError ? { lastError: oldest.lastError } : {}),
    failed,
    ...(sink.parkedReason && state === 'parked' ? { parkedReason: sink.parkedReason } : {}),
  };
}

/** One line for a chat reply or the CLI, e.g. `Jira: DM-12 https://… (2 updates pending, 3 attempts, last error: …)`. */
export function describeJiraSync(sync: JiraSyncState): string {
  if (sync.state === 'off') return 'Jira: not mirrored';
  const issue = sync.issue ? `${sync.issue.key} ${sync.issue.url}` : 'no issue yet';
  const parts: string[] = [];
  if (sync.pending > 0) {
    parts.push(`${sync.pending} update${sync.pending === 1 ? '' : 's'} pending`);
    if (sync.attempts) parts.push(`${sync.attempts} attempt${sync.attempts === 1 ? '' : 's'}`);
    if (sync.lastError) parts.push(`last error: ${sync.lastError}`);
  }
  if (sync.parkedReason) parts.push(`paused: ${sync.parkedReason}`);
  for (const failure of sync.failed) parts.push(`failed (${failure.kind}): ${failure.error}; fix it, then /campaign sync`);
  return `Jira: ${issue}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}
