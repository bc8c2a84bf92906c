import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxSink, SendFailure } from '../../src/outbox/outbox-sink.js';
import { startOutboxWorker, type OutboxWorker } from '../../src/outbox/start-outbox-worker.js';
import { createOutboxStore, type OutboxItem } from '../../src/store/outbox-store.js';
import { alice, openTestNotebook } from '../campaign/open-test-notebook.js';
import { waitFor } from '../jira/jira-test-kit.js';

// A sink of its own (not Jira) over the real outbox table: the port the chat platforms will use too.
const SINK = 'test-sink';

interface Send {
  readonly recordId: string;
  readonly text: string;
  readonly started: number;
  ended?: number;
  readonly attempts: number;
  readonly ambiguous: boolean;
}

class Refused extends Error {}
class Denied extends Error {}
class Later extends Error {}

/** A sink that records each send; `behave` may throw for an item (the test's classify reads it). */
function recordingSink(overrides: Partial<OutboxSink> = {}, behave: (item: OutboxItem, sends: Send[]) => void = () => {}) {
  const sends: Send[] = [];
  const heard = { parked: [] as string[], resumed: 0, failed: [] as { recordId: string; errors: Readonly<Record<string, string>> }[] };
  const sink: OutboxSink = {
    name: SINK,
    workflowLanes: false,
    readiness: () => () => true,
    async send(item) {
      const send: Send = { recordId: item.recordId, text: String(item.payload.text ?? item.kind), started: Date.now(), attempts: item.attempts, ambiguous: item.ambiguous };
      sends.push(send);
      behave(item, sends);
      await new Promise((resolve) => setTimeout(resolve, 20));
      send.ended = Date.now();
      return { result: { sent: send.text } };
    },
    classify(error): SendFailure {
      if (error instanceof Refused) return { action: 'fail', message: 'refused', errors: { text: 'too rude' } };
      if (error instanceof Denied) return { action: 'park', message: 'answered 401', notice: 'fix the token' };
      if (error instanceof Later) return { action: 'wait', message: 'not yet', delayMs: 30 };
      return { action: 'retry', message: (error as Error).message, ambiguous: true };
    },
    probe: async () => {},
    parked: (notice) => void heard.parked.push(notice),
    resumed: () => void (heard.resumed += 1),
    failed: (item, failure) => void heard.failed.push({ recordId: item.recordId, errors: failure.errors }),
    ...overrides,
  };
  return { sink, sends, heard };
}

let worker: OutboxWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

/** A notebook whose events queue for the test sink; `start` starts the worker on them. */
function setup() {
  const { notebook, db } = openTestNotebook();
  const outbox = createOutboxStore(db, SINK);
  outbox.setEnabled(true);
  const log: string[] = [];
  const start = (sink: OutboxSink, options: { concurrency?: number } = {}) =>
    (worker = startOutboxWorker({ outbox, sink, pollMs: 20, backoff: { baseMs: 5, maxMs: 20 }, probe: { firstMs: 20, maxMs: 40 }, log: (line) => void log.push(line), ...options }));
  return { notebook, outbox, log, start };
}

const textsOf = (sends: readonly Send[], recordId: string) => sends.filter((send) => send.recordId === recordId).map((send) => send.text);

describe('startOutboxWorker', () => {
  it("sends each campaign's items one at a time in event order, campaigns side by side", async () => {
    const { notebook, outbox, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.defineCampaign({ shortName: 'b', description: 'y' }, alice);
    for (const n of [1, 2, 3]) {
      notebook.addNote('a', `a${n}`, alice);
      notebook.addNote('b', `b${n}`, alice);
    }
    const { sink, sends } = recordingSink();
    await start(sink).drained();

    expect(textsOf(sends, 'CMP-1')).toEqual(['campaign_defined', 'a1', 'a2', 'a3']);
    expect(textsOf(sends, 'CMP-2')).toEqual(['campaign_defined', 'b1', 'b2', 'b3']);
    for (const recordId of ['CMP-1', 'CMP-2']) {
      const lane = sends.filter((send) => send.recordId === recordId);
      for (let i = 1; i < lane.length; i++) expect(lane[i]!.started).toBeGreaterThanOrEqual(lane[i - 1]!.ended!);
    }
    // The two campaigns' first items went out together.
    expect(sends[1]!.started).toBeLessThan(sends[0]!.ended!);
    expect(outbox.counts()).toMatchObject({ done: 8, pending: 0, attempting: 0 });
  });

  it('keeps a lane its pacing gap between sends, without holding up other lanes', async () => {
    const { notebook, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.addNote('a', 'a1', alice);
    notebook.addNote('a', 'a2', alice);
    notebook.defineCampaign({ shortName: 'b', description: 'y' }, alice);
    const { sink, sends } = recordingSink({ laneGapMs: 150 });
    await start(sink).drained();

    const lane = sends.filter((send) => send.recordId === 'CMP-1');
    expect(lane.map((send) => send.text)).toEqual(['campaign_defined', 'a1', 'a2']);
    for (let i = 1; i < lane.length; i++) expect(lane[i]!.started - lane[i - 1]!.started).toBeGreaterThanOrEqual(145);
    expect(sends.find((send) => send.recordId === 'CMP-2')!.started).toBeLessThan(lane[1]!.started);
  });

  it('holds a lane while the sink says its head is not ready, and sends it once it is', async () => {
    const { notebook, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.defineCampaign({ shortName: 'b', description: 'y' }, alice);
    let bReady = false;
    const { sink, sends } = recordingSink({ readiness: () => (head) => head.lane !== 'CMP-2' || bReady });
    const running = start(sink);
    await waitFor(() => sends.some((send) => send.recordId === 'CMP-1' && send.ended !== undefined), 'CMP-1 sent');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(textsOf(sends, 'CMP-2')).toEqual([]);
    bReady = true;
    running.kick();
    await running.drained();
    expect(textsOf(sends, 'CMP-2')).toEqual(['campaign_defined']);
  });

  it('retries what the sink classifies as retry, telling the next attempt it may have gone through', async () => {
    const { notebook, outbox, log, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    const { sink, sends } = recordingSink({}, (_item, all) => {
      if (all.length === 1) throw new Error('connection reset');
    });
    await start(sink).drained();
    expect(sends.map(({ attempts, ambiguous }) => ({ attempts, ambiguous }))).toEqual([
      { attempts: 0, ambiguous: false },
      { attempts: 1, ambiguous: true },
    ]);
    expect(log.some((line) => /^test-sink: CMP-1 campaign_defined will be retried in \d+ ms: connection reset$/.test(line))).toBe(true);
    expect(outbox.counts()).toMatchObject({ done: 1 });
  });

  it('waits without counting an attempt when the sink says not yet', async () => {
    const { notebook, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    const { sink, sends } = recordingSink({}, (_item, all) => {
      if (all.length < 3) throw new Later();
    });
    await start(sink).drained();
    expect(sends.map((send) => send.attempts)).toEqual([0, 0, 0]);
  });

  it('pauses the whole sink for Retry-After', async () => {
    const { notebook, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.defineCampaign({ shortName: 'b', description: 'y' }, alice);
    const { sink, sends } = recordingSink(
      { classify: () => ({ action: 'retry', message: 'rate limited', ambiguous: false, retryAfterMs: 300 }) },
      (item, all) => {
        if (item.recordId === 'CMP-1' && all.length === 1) throw new Error('429');
      },
    );
    await start(sink, { concurrency: 1 }).drained();
    expect(sends.map((send) => send.recordId)).toEqual(['CMP-1', 'CMP-1', 'CMP-2']);
    expect(sends[1]!.started - sends[0]!.started).toBeGreaterThanOrEqual(295);
  });

  it('fails what the sink refuses, tells it once with the errors, and sends it again when re-queued', async () => {
    const { notebook, outbox, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.addNote('a', 'rude', alice);
    let refusing = true;
    const { sink, sends, heard } = recordingSink({}, (item) => {
      if (refusing && item.payload.text === 'rude') throw new Refused();
    });
    const running = start(sink);
    await running.drained();
    expect(outbox.counts()).toMatchObject({ done: 1, failed: 1 });
    expect(heard.failed).toEqual([{ recordId: 'CMP-1', errors: { text: 'too rude' } }]);
    refusing = false;
    expect(running.requeueFailed()).toBe(1);
    await running.drained();
    expect(textsOf(sends, 'CMP-1')).toEqual(['campaign_defined', 'rude', 'rude']);
    expect(outbox.counts()).toMatchObject({ done: 2, failed: 0 });
  });

  it('parks every item on refused credentials, tells it once, probes until they work, then sends everything', async () => {
    const { notebook, outbox, log, start } = setup();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.defineCampaign({ shortName: 'b', description: 'y' }, alice);
    let denying = true;
    let probes = 0;
    const { sink, sends, heard } = recordingSink(
      {
        async probe() {
          probes += 1;
          if (probes < 3) throw new Denied();
          denying = false;
        },
      },
      () => {
        if (denying) throw new Denied();
      },
    );
    const running = start(sink, { concurrency: 1 });
    await waitFor(() => outbox.sink().parkedReason !== undefined, 'parked');
    expect(outbox.counts()).toMatchObject({ parked: 2 });
    await waitFor(() => heard.resumed === 1, 'resumed');
    await running.drained();
    expect(heard.parked).toEqual(['fix the token']);
    expect(probes).toBe(3);
    expect(log.filter((line) => line === 'test-sink: still parked: answered 401')).toHaveLength(2);
    expect(sends.filter((send) => send.ended !== undefined).map((send) => send.recordId)).toEqual(['CMP-1', 'CMP-2']);
    expect(outbox.counts()).toMatchObject({ done: 2, parked: 0 });
  });
});
