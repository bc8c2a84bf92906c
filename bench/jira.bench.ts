/**
 * Jira mirror figures: with a fake Jira answering every request in 300 ms, 200 workflow starts
 * (each with an exclusion list) recorded at once in one campaign; how long until all are in Jira,
 * how many requests each record took, and how long the local commit (what a Slack ack waits for)
 * takes while the outbox drains. Notes recorded meanwhile all go to the campaign issue, in order,
 * so they trail the workflow starts (one request at a time on one issue).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNotebook } from '../src/campaign/create-notebook.js';
import type { Actor } from '../src/campaign/records.js';
import { startJiraMirror } from '../src/jira/start-jira-mirror.js';
import { parseDataIdList } from '../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../src/store/create-sqlite-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { createOutboxStore } from '../src/store/outbox-store.js';
import { startFakeJira } from '../test/fakes/fake-jira.js';
import { jiraMirrorStores, testMirrorConfig } from '../test/jira/jira-test-kit.js';

const WORKFLOWS = 200;
const LATENCY_MS = 300;
const pilot: Actor = { id: 'slack:U0BENCH', name: 'bench' };

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function run(): Promise<void> {
  const concurrency = Number(process.env.BENCH_JIRA_CONCURRENCY ?? 8);
  const dir = mkdtempSync(join(tmpdir(), 'cn-jira-bench-'));
  const fake = await startFakeJira({ latencyMs: LATENCY_MS });
  const db = openDatabase(join(dir, 'notebook.sqlite'));
  const notebook = createNotebook({ store: createSqliteStore(db) });
  const mirror = startJiraMirror({
    ...jiraMirrorStores(db),
    config: testMirrorConfig(fake, { transitions: {}, statusTools: { panda: [{ label: 'PanDA', url: 'https://panda.example.org/tasks/?name={run_name}*' }] } }),
    concurrency,
    log: () => {},
  });
  try {
    const start = performance.now();
    const startWall = Date.now();
    const commitMs: number[] = [];
    const campaign = notebook.defineCampaign({ shortName: 'bench', description: 'Jira mirror bench' }, pilot);
    mirror.kick();
    for (let i = 1; i <= WORKFLOWS; i++) {
      const t = performance.now();
      notebook.startWorkflow(
        campaign.id,
        { label: `step-${i}`, wms: 'panda', dataQuery: `visit = ${i}` },
        [{ kind: 'exclude', reason: 'bad detector', list: parseDataIdList(`instrument=LSSTCam visit=${i} detector=9`, { source: 'bench', format: 'lines' }) }],
        pilot,
      );
      commitMs.push(performance.now() - t);
      mirror.kick();
      // Let the worker run between commands, as it would between Slack requests.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const recordedMs = performance.now() - start;

    // Commands arriving while the outbox drains: the local commit is what a Slack ack waits for.
    const duringDrainMs: number[] = [];
    let draining = true;
    const drained = mirror.drained().then(() => {
      draining = false;
    });
    for (let i = 0; draining && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const t = performance.now();
      notebook.addNote(campaign.id, `note ${i} while draining`, pilot);
      duringDrainMs.push(performance.now() - t);
      mirror.kick();
    }
    await drained;
    await mirror.drained();
    const drainMs = performance.now() - start;

    const records = 1 + WORKFLOWS;
    const lastWorkflowDone = db
      .prepare<[], { at: string }>(
        `SELECT max(o.done_at) AS at FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE e.workflow_number IS NOT NULL`,
      )
      .get()!.at;
    const workflowsMs = Date.parse(lastWorkflowDone) - startWall;
    const counts = createOutboxStore(db, 'jira').counts();
    const byKind = new Map<string, number>();
    for (const request of fake.requests) {
      const kind = `${request.method} ${request.path.replace(/\/issue\/[^/]+/, '/issue/{id}')}`;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    const sortedCommit = [...commitMs].sort((a, b) => a - b);
    const sortedDuring = [...duringDrainMs].sort((a, b) => a - b);
    console.log(`fake Jira latency ${LATENCY_MS} ms, concurrency ${concurrency}, ${WORKFLOWS} workflow starts (1 list each) + 1 campaign`);
    console.log(`recorded all in ${recordedMs.toFixed(0)} ms; commit p50 ${percentile(sortedCommit, 50).toFixed(2)} ms, p99 ${percentile(sortedCommit, 99).toFixed(2)} ms, max ${sortedCommit.at(-1)!.toFixed(2)} ms`);
    console.log(
      `notes recorded while draining: ${duringDrainMs.length}, commit p50 ${percentile(sortedDuring, 50).toFixed(2)} ms, max ${(sortedDuring.at(-1) ?? 0).toFixed(2)} ms`,
    );
    console.log(`all ${WORKFLOWS} workflow starts (sub-task + list attachment) in Jira after ${(workflowsMs / 1000).toFixed(1)} s`);
    console.log(`everything (incl. the notes, in order on the campaign issue) drained in ${(drainMs / 1000).toFixed(1)} s; issues in Jira: ${fake.issues.length}; outbox: ${JSON.stringify(counts)}`);
    console.log(
      `requests: ${fake.requests.length} for ${records} records = ${(fake.requests.length / records).toFixed(2)} per record ` +
        `(notes: ${duringDrainMs.length} comments); by kind: ${[...byKind].map(([kind, n]) => `${kind} ${n}`).join(', ')}`,
    );
    if (fake.issues.length !== records) throw new Error(`expected ${records} issues in Jira, found ${fake.issues.length}`);
  } finally {
    await mirror.close();
    db.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
