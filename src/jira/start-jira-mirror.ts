import { createSqliteStore } from '../store/create-sqlite-store.js';
import type { SqliteDatabase } from '../store/open-database.js';
import { createOutboxStore, type LaneHead, type OutboxItem } from '../store/outbox-store.js';
import { classifyJiraError, type JiraFailure } from './classify-jira-error.js';
import { createJiraApi, type JiraApi } from './jira-api.js';
import type { JiraMirrorConfig } from './jira-mirror-config.js';
import { jiraIssueOf, jiraSyncState, type JiraSyncState } from './jira-sync-state.js';
import { createsIssue, MirrorDeferred, mirrorItem, MirrorRefused, type MirrorContext } from './mirror-item.js';

export const JIRA_SINK = 'jira';

const KICK_GAP_MS = 50;

/** What the worker tells the chat layer. Each is called at most once per occurrence; errors are logged. */
export interface JiraMirrorNotices {
  /** The record's issue exists: update its channel message with the link. */
  onLinked?(recordId: string, issueKey: string, url: string): void | Promise<void>;
  /**
   * Jira refused our credentials: everything waits. Called once per distinct problem, says what to
   * fix; `recordId` is the record whose item found out (its channel is one to tell).
   */
  onParked?(message: string, recordId: string): void | Promise<void>;
  /** The credentials work again; the queue drains. */
  onResumed?(): void | Promise<void>;
  /** Jira refused one item (400 and the like): post `message` and Jira's per-field `errors` in the record's thread. */
  onFailed?(recordId: string, message: string, errors: Readonly<Record<string, string>>): void | Promise<void>;
}

export interface JiraMirrorOptions {
  readonly db: SqliteDatabase;
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
  readonly settleMs?: number;
  readonly log?: (line: string) => void;
  readonly random?: () => number;
  readonly now?: () => number;
  /**
   * Resolves once what was committed so far is on disk (the store's group commit). An item is sent
   * only after its `attempting` mark is: else a power cut could lose the mark and send it twice.
   */
  readonly flushed?: () => Promise<void>;
}

export interface JiraMirror {
  /** Something was just committed: look at the outbox now. */
  kick(): void;
  /** `/campaign sync`: failed items go back in the queue (and a parked queue is probed at once). Returns how many. */
  requeueFailed(): number;
  syncState(recordId: string): JiraSyncState;
  /** The record's issue once created: the cheap question after each chat post. */
  issueOf(recordId: string): { readonly key: string; readonly url: string } | undefined;
  /** Resolves once no item is pending or in flight (failed and parked ones do not count). For tests and the bench. */
  drained(): Promise<void>;
  /** Stops taking items, lets the attempts in flight finish, and resolves. */
  close(): Promise<void>;
}

/**
 * Starts the outbox worker for Jira: enables the `jira` sink (so events queue from now on), then
 * sends due items in event order per issue, several issues at a time; a workflow's items wait for
 * their campaign's issue. Network errors, timeouts, 429 and 5xx back off exponentially with full
 * jitter (at least Retry-After); 401/403 park the queue until a probe succeeds; other refusals
 * fail the item until requeueFailed(). Nothing is ever deleted.
 */
export function startJiraMirror(options: JiraMirrorOptions): JiraMirror {
  const { config } = options;
  const store = createOutboxStore(options.db, JIRA_SINK);
  const api = options.api ?? createJiraApi({ host: config.host, auth: config.auth, timeoutMs: options.timeoutMs ?? 20_000 });
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((line: string) => console.log(line));
  const notices = options.notices ?? {};
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 2000;
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
  const probe = options.probe ?? { firstMs: 15_000, maxMs: 5 * 60_000 };
  store.setEnabled(true);
  const notebookStore = createSqliteStore(options.db);
  const ctx: MirrorContext = {
    api,
    store,
    config,
    instance: store.sink().instance,
    settleMs: options.settleMs ?? 30_000,
    now,
    readList: (sha256) => notebookStore.listEntries(sha256),
  };

  const inFlight = new Map<string, Promise<void>>();
  let closing = false;
  let wake: (() => void) | undefined;
  let kicked = false;
  let pausedUntil = 0;
  let nextProbeAt = 0;
  let probeDelay = probe.firstMs;
  const drainWaiters: (() => void)[] = [];

  // Every commit kicks the worker; under a burst of writes it looks at the outbox at most every
  // KICK_GAP_MS (each look reads every open row), which costs Jira nothing it would notice.
  let lastLookAt = 0;
  const sinceLook = () => Math.max(0, lastLookAt + KICK_GAP_MS - performance.now());
  const kick = () => {
    kicked = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      let timer = setTimeout(done, kicked ? sinceLook() : Math.max(0, ms));
      function done() {
        clearTimeout(timer);
        kicked = false;
        wake = undefined;
        lastLookAt = performance.now();
        resolve();
      }
      wake = () => {
        clearTimeout(timer);
        timer = setTimeout(done, closing ? 0 : sinceLook());
      };
    });
  const tell = (what: string, call: () => void | Promise<void>) => {
    Promise.resolve()
      .then(call)
      .catch((error: unknown) => log(`jira: telling the channel ${what} failed: ${(error as Error).message ?? String(error)}`));
  };

  store.recoverInterrupted(now());
  const running = loop();

  async function loop(): Promise<void> {
    while (!closing) {
      let waitMs = pollMs;
      try {
        if (store.sink().parkedReason !== undefined) {
          if (inFlight.size === 0 && now() >= nextProbeAt) await probeCredentials();
          waitMs = Math.min(pollMs, Math.max(0, nextProbeAt - now()));
        } else {
          waitMs = dispatch();
        }
        checkDrained();
      } catch (error) {
        log(`jira: outbox worker error (retrying): ${(error as Error).stack ?? String(error)}`);
      }
      if (!closing) await sleep(waitMs);
    }
    await Promise.allSettled([...inFlight.values()]);
  }

  /** Starts every due lane head it has room for; returns how long until something may be due. */
  function dispatch(): number {
    const time = now();
    if (time < pausedUntil) return pausedUntil - time;
    let nextDue = time + pollMs;
    // A finished attempt kicks again: until then there is no room to start anything.
    if (inFlight.size >= concurrency) return pollMs;
    // Many lanes wait on one campaign's issue: look each creation up once per pass.
    const creations = new Map<string, OutboxItem | undefined>();
    for (const head of store.laneHeads(config.workflowMode === 'subtask')) {
      if (inFlight.size >= concurrency) break;
      const lane = head.lane;
      if (inFlight.has(lane) || !dependencyReady(head, lane, creations)) continue;
      if (head.nextAttemptAt > time) {
        nextDue = Math.min(nextDue, head.nextAttemptAt);
        continue;
      }
      const item = store.item(head.id);
      if (!item) continue;
      store.markAttempting(item.id);
      inFlight.set(
        lane,
        attempt(item).finally(() => {
          inFlight.delete(lane);
          kick();
        }),
      );
    }
    return nextDue - time;
  }

  /** Whether the issue this item needs exists; queues a record's creation if it predates the sink. */
  function dependencyReady(item: LaneHead, lane: string, creations: Map<string, OutboxItem | undefined>): boolean {
    const needed = createsIssue(item, config.workflowMode)
      ? lane === `CMP-${item.campaignNumber}`
        ? undefined
        : `CMP-${item.campaignNumber}`
      : lane;
    if (needed === undefined) return true;
    if (!creations.has(needed)) creations.set(needed, store.creationItem(needed));
    const creation = creations.get(needed);
    if (creation === undefined) {
      const seq = store.creationEventSeq(needed);
      if (seq !== undefined) store.queueEvent(seq);
      return false;
    }
    if (creation.state === 'done') return true;
    if (creation.state === 'failed') {
      const reason = `waits for ${needed}'s Jira issue, which Jira refused (${creation.lastError ?? 'failed'}); fix that, then /campaign sync`;
      if (item.lastError !== reason) store.markWaiting(item.id, reason, item.nextAttemptAt);
    }
    return false;
  }

  async function attempt(item: OutboxItem): Promise<void> {
    try {
      await options.flushed?.();
      const outcome = await mirrorItem(item, ctx);
      store.markDone(item.id, outcome.result);
      if (store.sink().notifiedMessage !== undefined) store.clearNotified();
      if (outcome.linked) {
        const { recordId, key, url } = outcome.linked;
        log(`jira: ${recordId} is ${key}`);
        if (notices.onLinked) tell(`${recordId} is linked`, () => notices.onLinked!(recordId, key, url));
      }
    } catch (error) {
      if (error instanceof MirrorDeferred) {
        store.markWaiting(item.id, error.message, now() + error.delayMs);
      } else if (error instanceof MirrorRefused) {
        fail(item, { action: 'fail', status: 0, message: error.message, errors: {}, errorMessages: [] });
      } else {
        const failure = classifyJiraError(error, now());
        if (failure.action === 'retry') retry(item, failure);
        else if (failure.action === 'park') park(item, failure.status, failure.message);
        else fail(item, failure);
      }
    }
  }

  function retry(item: OutboxItem, failure: Extract<JiraFailure, { action: 'retry' }>): void {
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(item.attempts, 30));
    let delay = random() * ceiling;
    if (failure.retryAfterMs !== undefined) {
      delay = Math.max(delay, failure.retryAfterMs);
      // Retry-After speaks for the whole client, not just this request.
      pausedUntil = Math.max(pausedUntil, now() + failure.retryAfterMs);
    }
    store.markRetry(item.id, { nextAttemptAt: now() + delay, error: failure.message, ambiguous: failure.ambiguous, now: now() });
    log(`jira: ${item.recordId} ${item.kind} will be retried in ${Math.round(delay)} ms: ${failure.message}`);
  }

  function park(item: OutboxItem, status: number, said: string): void {
    const message =
      status === 401
        ? `Jira refused our credentials (401): check JIRA_PAT, or JIRA_EMAIL and JIRA_API_TOKEN (Cloud API tokens expire). ` +
          `Mirroring to Jira is paused; nothing is lost, and it resumes by itself once Jira accepts them.`
        : `Jira refused access (${status}): the Jira account of JIRA_PAT or JIRA_EMAIL needs permission to browse, create issues, ` +
          `comment, attach files and add links in project ${config.project}. Mirroring to Jira is paused; nothing is lost, ` +
          `and it resumes by itself once Jira lets it in.`;
    const isNews = store.park(message, item.id, now());
    nextProbeAt = now() + probeDelay;
    log(`jira: parked: ${said}`);
    if (isNews && notices.onParked) tell('that Jira is parked', () => notices.onParked!(message, item.recordId));
  }

  function fail(item: OutboxItem, failure: Extract<JiraFailure, { action: 'fail' }>): void {
    store.markFailed(item.id, failure.message);
    log(`jira: ${item.recordId} ${item.kind} failed: ${failure.message}`);
    if (notices.onFailed) tell(`that ${item.recordId} failed`, () => notices.onFailed!(item.recordId, failure.message, failure.errors));
  }

  async function probeCredentials(): Promise<void> {
    try {
      await api.myself();
    } catch (error) {
      const failure = classifyJiraError(error, now());
      nextProbeAt = now() + probeDelay;
      probeDelay = Math.min(probe.maxMs, probeDelay * 2);
      log(`jira: still parked: ${failure.message}`);
      return;
    }
    const resumed = store.unpark(now());
    probeDelay = probe.firstMs;
    log(`jira: credentials accepted again; ${resumed} items resume`);
    if (notices.onResumed) tell('that Jira resumed', () => notices.onResumed!());
  }

  function checkDrained(): void {
    if (drainWaiters.length === 0 || inFlight.size > 0 || store.openCount() > 0) return;
    for (const resolve of drainWaiters.splice(0)) resolve();
  }

  return {
    kick,
    requeueFailed() {
      const count = store.requeueFailed(now());
      nextProbeAt = 0;
      kick();
      return count;
    },
    syncState: (recordId) => jiraSyncState(store, recordId),
    issueOf: (recordId) => jiraIssueOf(store, recordId),
    drained() {
      return new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        kick();
      });
    },
    async close() {
      closing = true;
      kick();
      await running;
      for (const resolve of drainWaiters.splice(0)) resolve();
    },
  };
}

/** Jira off (no JIRA_HOST): stop queueing for it. Rows already queued stay, and go out when it is on again. */
export function disableJiraMirror(db: SqliteDatabase): void {
  createOutboxStore(db, JIRA_SINK).setEnabled(false);
}

