import type { DataIdList } from '../lists/data-id-list.js';
import { startOutboxWorker, type OutboxWorker } from '../outbox/start-outbox-worker.js';
import type { OutboxStore } from '../store/outbox-store.js';
import { createJiraApi, type JiraApi } from './jira-api.js';
import type { JiraMirrorConfig } from './jira-mirror-config.js';
import { jiraSink, type JiraMirrorNotices } from './jira-sink.js';
import { jiraIssueOf, jiraSyncState, type JiraSyncState } from './jira-sync-state.js';

export interface JiraMirrorOptions {
  /** The outbox rows of the `jira` sink (createOutboxStore(db, JIRA_SINK)). */
  readonly outbox: OutboxStore;
  /** A stored list in canonical form (the notebook store's listEntries), for list attachments. */
  readonly readList: (sha256: string) => DataIdList | undefined;
  readonly config: JiraMirrorConfig;
  readonly notices?: JiraMirrorNotices;
  /** Defaults to a jira.js client for config.host with config.auth. */
  readonly api?: JiraApi;
  readonly timeoutMs?: number;
  /** Items sent at once (each to a different issue). */
  readonly concurrency?: number;
  /** How often the outbox is read for rows committed by other processes (the CLI), besides kick(). */
  readonly pollMs?: number;
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  readonly probe?: { readonly firstMs: number; readonly maxMs: number };
  /** After an ambiguous create, how long a label search that finds nothing is not trusted (search lags). */
  readonly settleMs?: number;
  readonly log?: (line: string) => void;
  readonly random?: () => number;
  readonly now?: () => number;
  /** Resolves once what was committed so far is on disk (see OutboxWorkerOptions.flushed). */
  readonly flushed?: () => Promise<void>;
  /** Resolves when no chat request waits for its answer (see OutboxWorkerOptions.afterAnswers). */
  readonly afterAnswers?: () => Promise<void>;
}

export interface JiraMirror extends OutboxWorker {
  syncState(recordId: string): JiraSyncState;
  /** The record's issue once created: the cheap question after each chat post. */
  issueOf(recordId: string): { readonly key: string; readonly url: string } | undefined;
}

/**
 * Starts mirroring to Jira: the outbox worker with Jira as its sink. Events go in event order per
 * issue, several issues at a time; a workflow's items wait for their campaign's issue. Network
 * errors, timeouts, 429 and 5xx back off exponentially with full jitter (at least Retry-After);
 * 401/403 park the queue until a probe succeeds; other refusals fail the item until requeueFailed().
 */
export function startJiraMirror(options: JiraMirrorOptions): JiraMirror {
  const { config, outbox } = options;
  const api = options.api ?? createJiraApi({ host: config.host, auth: config.auth, timeoutMs: options.timeoutMs ?? 20_000 });
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => console.log(line));
  const sink = jiraSink(
    { api, store: outbox, config, instance: outbox.sink().instance, settleMs: options.settleMs ?? 30_000, now, readList: options.readList },
    options.notices ?? {},
    log,
  );
  const worker = startOutboxWorker({
    outbox,
    sink,
    log,
    now,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.probe ? { probe: options.probe } : {}),
    ...(options.random ? { random: options.random } : {}),
    ...(options.flushed ? { flushed: options.flushed } : {}),
    ...(options.afterAnswers ? { afterAnswers: options.afterAnswers } : {}),
  });
  return {
    ...worker,
    syncState: (recordId) => jiraSyncState(outbox, recordId),
    issueOf: (recordId) => jiraIssueOf(outbox, recordId),
  };
}

/** Jira off (no JIRA_HOST): stop queueing for it. Rows already queued stay, and go out when it is on again. */
export function disableJiraMirror(outbox: Pick<OutboxStore, 'setEnabled'>): void {
  outbox.setEnabled(false);
}
