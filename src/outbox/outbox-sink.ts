import type { LaneHead, OutboxItem } from '../store/outbox-store.js';

/** What the worker does about a failed send, as the sink sees it. */
export type SendFailure =
  /**
   * Try again after a backoff. `ambiguous`: the request may have taken effect, so the next attempt
   * looks before it writes. `retryAfterMs`: the other side asked to wait (the whole sink pauses).
   */
  | { readonly action: 'retry'; readonly message: string; readonly ambiguous: boolean; readonly retryAfterMs?: number }
  /** Not now, and no failure: try again after `delayMs` without counting an attempt (e.g. a search that lags). */
  | { readonly action: 'wait'; readonly message: string; readonly delayMs: number }
  /**
   * The credentials are refused: every item waits until a probe succeeds. `notice` says what to
   * fix; it is stored as the sink's reason and told once; `message` is what the other side said (logged).
   */
  | { readonly action: 'park'; readonly message: string; readonly notice: string }
  /** The other side refuses this item: it fails until re-queued (`/campaign sync`); `errors` per field when it says. */
  | { readonly action: 'fail'; readonly message: string; readonly errors: Readonly<Record<string, string>> };

/** What a send returns: `result` is stored on the item (what the other side answered). */
export interface Sent {
  readonly result: Record<string, unknown>;
}

/**
 * One destination of the outbox (Jira; a chat platform): what to send and how to read its errors.
 * The worker (startOutboxWorker) owns the when: lanes, backoff, pauses, parking, concurrency.
 * Notices are called at most once per occurrence, after the outbox row records it; errors are logged.
 */
export interface OutboxSink<Outcome extends Sent = Sent> {
  /** The sink's name in the outbox (`outbox_sink.name`), also the prefix of its log lines. */
  readonly name: string;
  /**
   * Items of one lane go one at a time, in event order; lanes go side by side. A lane is a
   * campaign, or with `workflowLanes` each workflow of it (its events go to a record of their own).
   */
  readonly workflowLanes: boolean;
  /** Least time between the starts of two sends in one lane (e.g. a chat channel's posting rate); none when absent. */
  readonly laneGapMs?: number;
  /**
   * Called once per pass over the lanes: whether a lane's head may go now, for an item that waits
   * for another (e.g. a workflow's issue waits for its campaign's). The pass may remember lookups.
   */
  readiness(): (head: LaneHead) => boolean;
  /** Sends one item; throws what `classify` reads. */
  send(item: OutboxItem): Promise<Outcome>;
  classify(error: unknown): SendFailure;
  /** While parked: resolves once the credentials work again, throws while they do not. */
  probe(): Promise<void>;
  sent?(item: OutboxItem, outcome: Outcome): void | Promise<void>;
  parked?(notice: string, item: OutboxItem): void | Promise<void>;
  resumed?(): void | Promise<void>;
  failed?(item: OutboxItem, failure: Extract<SendFailure, { action: 'fail' }>): void | Promise<void>;
}
