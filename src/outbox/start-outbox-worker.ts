import type { OutboxItem, OutboxStore } from '../store/outbox-store.js';
import type { OutboxSink, SendFailure, Sent } from './outbox-sink.js';

const KICK_GAP_MS = 50;

/** The outbox rows of one sink, as the worker moves them along. */
export type OutboxQueue = Pick<
  OutboxStore,
  | 'sink'
  | 'setEnabled'
  | 'recoverInterrupted'
  | 'laneHeads'
  | 'openCount'
  | 'item'
  | 'markAttempting'
  | 'markDone'
  | 'markRetry'
  | 'markWaiting'
  | 'markFailed'
  | 'park'
  | 'unpark'
  | 'clearNotified'
  | 'requeueFailed'
>;

export interface OutboxWorkerOptions<Outcome extends Sent> {
  /** The sink's rows (createOutboxStore for `sink.name`). */
  readonly outbox: OutboxQueue;
  readonly sink: OutboxSink<Outcome>;
  /** Items sent at once (each from a different lane). */
  readonly concurrency?: number;
  /** How often the outbox is read for rows committed by other processes (the CLI), besides kick(). */
  readonly pollMs?: number;
  /** Retries wait a random time up to baseMs·2^attempts, at most maxMs (full jitter). */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** While parked, probes wait firstMs, then twice as long each time, at most maxMs. */
  readonly probe?: { readonly firstMs: number; readonly maxMs: number };
  readonly log?: (line: string) => void;
  readonly random?: () => number;
  readonly now?: () => number;
  /**
   * Resolves once what was committed so far is on disk (the store's group commit). An item is sent
   * only after its `attempting` mark is: else a power cut could lose the mark and send it twice.
   */
  readonly flushed?: () => Promise<void>;
  /**
   * Resolves when no chat request waits for its answer (AnswersFirst.afterAnswers): each look at the
   * outbox (which reads every open row) and the sends it starts wait for the acks. Default: at once.
   */
  readonly afterAnswers?: () => Promise<void>;
}

export interface OutboxWorker {
  /** Something was just committed: look at the outbox now. */
  kick(): void;
  /** `/campaign sync`: failed items go back in the queue (and a parked queue is probed at once). Returns how many. */
  requeueFailed(): number;
  /** Resolves once no item is pending or in flight (failed and parked ones do not count). For tests and the bench. */
  drained(): Promise<void>;
  /** Stops taking items, lets the attempts in flight finish, and resolves. */
  close(): Promise<void>;
}

/**
 * Starts the outbox worker of one sink: enables the sink (so events queue for it from now on),
 * then sends due items in event order per lane, several lanes at a time, each when the sink says
 * it is ready. A retry backs off exponentially with full jitter (at least Retry-After, which also
 * pauses the whole sink); parking holds every item until a probe succeeds; a failed item waits for
 * requeueFailed(). Nothing is ever deleted.
 */
export function startOutboxWorker<Outcome extends Sent>(options: OutboxWorkerOptions<Outcome>): OutboxWorker {
  const { outbox, sink } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const log = options.log ?? ((line: string) => console.log(line));
  const concurrency = options.concurrency ?? 8;
  const pollMs = options.pollMs ?? 2000;
  const backoff = options.backoff ?? { baseMs: 1000, maxMs: 5 * 60_000 };
  const probe = options.probe ?? { firstMs: 15_000, maxMs: 5 * 60_000 };
  const laneGapMs = sink.laneGapMs ?? 0;
  outbox.setEnabled(true);

  const inFlight = new Map<string, Promise<void>>();
  // When each lane last started a send (only with a lane gap).
  const laneStarted = new Map<string, number>();
  let closing = false;
  let wake: (() => void) | undefined;
  let kicked = false;
  let pausedUntil = 0;
  let nextProbeAt = 0;
  let probeDelay = probe.firstMs;
  const drainWaiters: (() => void)[] = [];

  // Every commit kicks the worker; under a burst of writes it looks at the outbox at most every
  // KICK_GAP_MS (each look reads every open row), which costs the other side nothing it would notice.
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
      .catch((error: unknown) => log(`${sink.name}: telling the channel ${what} failed: ${(error as Error).message ?? String(error)}`));
  };

  outbox.recoverInterrupted(now());
  const running = loop();

  async function loop(): Promise<void> {
    while (!closing) {
      let waitMs = pollMs;
      try {
        if (outbox.sink().parkedReason !== undefined) {
          if (inFlight.size === 0 && now() >= nextProbeAt) await probeCredentials();
          waitMs = Math.min(pollMs, Math.max(0, nextProbeAt - now()));
        } else {
          await options.afterAnswers?.();
          waitMs = dispatch();
        }
        checkDrained();
      } catch (error) {
        log(`${sink.name}: outbox worker error (retrying): ${(error as Error).stack ?? String(error)}`);
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
    const ready = sink.readiness();
    for (const head of outbox.laneHeads(sink.workflowLanes)) {
      if (inFlight.size >= concurrency) break;
      const lane = head.lane;
      if (inFlight.has(lane) || !ready(head)) continue;
      const due = Math.max(head.nextAttemptAt, (laneStarted.get(lane) ?? -Infinity) + laneGapMs);
      if (due > time) {
        nextDue = Math.min(nextDue, due);
        continue;
      }
      const item = outbox.item(head.id);
      // Another process on the same database (the CLI's, a second bot) may have claimed it.
      if (!item || !outbox.markAttempting(item.id)) continue;
      if (laneGapMs > 0) laneStarted.set(lane, time);
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

  async function attempt(item: OutboxItem): Promise<void> {
    try {
      await options.flushed?.();
      const outcome = await sink.send(item);
      outbox.markDone(item.id, outcome.result, sink.whenDone && (() => sink.whenDone!(item, outcome)));
      if (outbox.sink().notifiedMessage !== undefined) outbox.clearNotified();
      if (sink.sent) tell(`about ${item.recordId}`, () => sink.sent!(item, outcome));
    } catch (error) {
      const failure = sink.classify(error);
      if (failure.action === 'retry') retry(item, failure);
      else if (failure.action === 'wait') outbox.markWaiting(item.id, failure.message, now() + failure.delayMs);
      else if (failure.action === 'park') park(item, failure);
      else fail(item, failure);
    }
  }

  function retry(item: OutboxItem, failure: Extract<SendFailure, { action: 'retry' }>): void {
    const ceiling = Math.min(backoff.maxMs, backoff.baseMs * 2 ** Math.min(item.attempts, 30));
    let delay = random() * ceiling;
    if (failure.retryAfterMs !== undefined) {
      delay = Math.max(delay, failure.retryAfterMs);
      // Retry-After speaks for the whole client, not just this request.
      pausedUntil = Math.max(pausedUntil, now() + failure.retryAfterMs);
    }
    outbox.markRetry(item.id, { nextAttemptAt: now() + delay, error: failure.message, ambiguous: failure.ambiguous, now: now() });
    log(`${sink.name}: ${item.recordId} ${item.kind} will be retried in ${Math.round(delay)} ms: ${failure.message}`);
  }

  function park(item: OutboxItem, failure: Extract<SendFailure, { action: 'park' }>): void {
    const isNews = outbox.park(failure.notice, item.id, now());
    nextProbeAt = now() + probeDelay;
    log(`${sink.name}: parked: ${failure.message}`);
    if (isNews && sink.parked) tell(`that ${sink.name} is parked`, () => sink.parked!(failure.notice, item));
  }

  function fail(item: OutboxItem, failure: Extract<SendFailure, { action: 'fail' }>): void {
    outbox.markFailed(item.id, failure.message, sink.whenFailed && (() => sink.whenFailed!(item, failure)));
    log(`${sink.name}: ${item.recordId} ${item.kind} failed: ${failure.message}`);
    if (sink.failed) tell(`that ${item.recordId} failed`, () => sink.failed!(item, failure));
  }

  async function probeCredentials(): Promise<void> {
    try {
      await sink.probe();
    } catch (error) {
      nextProbeAt = now() + probeDelay;
      probeDelay = Math.min(probe.maxMs, probeDelay * 2);
      log(`${sink.name}: still parked: ${sink.classify(error).message}`);
      return;
    }
    const resumed = outbox.unpark(now());
    probeDelay = probe.firstMs;
    log(`${sink.name}: credentials accepted again; ${resumed} items resume`);
    if (sink.resumed) tell(`that ${sink.name} resumed`, () => sink.resumed!());
  }

  function checkDrained(): void {
    if (drainWaiters.length === 0 || inFlight.size > 0 || outbox.openCount() > 0) return;
    for (const resolve of drainWaiters.splice(0)) resolve();
  }

  return {
    kick,
    requeueFailed() {
      const count = outbox.requeueFailed(now());
      nextProbeAt = 0;
      kick();
      return count;
    },
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
