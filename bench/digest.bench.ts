/**
 * The digest's cost on a notebook of 1,000 campaigns and 50,000 workflows (about 250,000 events
 * over 200 days): `notebook.digest(channel)` (what `/campaign digest` and the daily digest run), for
 * a channel of 100 campaigns and for one channel holding all 1,000. Target: p99 < 50 ms. Also what
 * one look of the reminders costs (every open record examined), and App Home.
 * The database is built by SQL in the store's own tables (the same rows the use cases write).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNotebook } from '../src/campaign/create-notebook.js';
import type { ChannelRef } from '../src/campaign/records.js';
import { createSqliteStore } from '../src/store/create-sqlite-store.js';
import { openDatabase } from '../src/store/open-database.js';

const CAMPAIGNS = 1000;
// 950 campaigns have workflows (a defined one has none yet): 53 each makes 50,350.
const WORKFLOWS_PER_CAMPAIGN = 53;
const DAY_MS = 86_400_000;
const NOW = Date.parse('2026-12-03T08:00:00Z');
const START = NOW - 200 * DAY_MS;

// Campaign n's final status: 60% completed, 10% failed, 20% running, 5% paused, 5% defined (30% open).
const CAMPAIGN_STATUS = `CASE WHEN n % 20 < 12 THEN 'completed' WHEN n % 20 < 14 THEN 'failed' WHEN n % 20 < 18 THEN 'running' WHEN n % 20 = 18 THEN 'paused' ELSE 'defined' END`;

/** An ISO time, as SQL, `days` (a SQL expression) after START. */
const at = (days: string) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${START / 1000} + (${days}) * 86400, 'unixepoch')`;

function buildDatabase(path: string, channels: number): void {
  const db = openDatabase(path);
  db.pragma('synchronous = OFF'); // building only; the timed part reopens with openDatabase's settings
  db.exec('DROP TRIGGER events_into_outbox'); // no sink is enabled: the trigger would insert nothing
  db.transaction(() => {
    db.exec(`
      CREATE TEMP TABLE c AS WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${CAMPAIGNS})
        SELECT n, ${CAMPAIGN_STATUS} AS final, (n * 0.1985) AS day FROM s;
      INSERT INTO campaigns (number, short_name, description, channel_platform, channel_id, defined_by_id, defined_by_name, defined_at, operators)
        SELECT n, 'camp-' || n, 'bench campaign ' || n, 'slack', 'C' || ((n / 20) % ${channels}), 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day')},
               CASE WHEN n % 3 = 0 THEN json_array('U' || ((n + 1) % 7)) END FROM c;
      INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'campaign_defined', n, 'CMP-' || n, 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day')}, '{}' FROM c;
      INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'status_changed', n, 'CMP-' || n, 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day + 0.01')}, '{"from":"defined","to":"running"}' FROM c WHERE final <> 'defined';

      CREATE TEMP TABLE w AS WITH RECURSIVE s(m) AS (SELECT 1 UNION ALL SELECT m + 1 FROM s WHERE m < ${WORKFLOWS_PER_CAMPAIGN})
        SELECT c.n, s.m, c.final, c.day + 0.02 + s.m * 0.003 AS day,
               -- the last workflows of a running campaign still run (some quiet for days), the others ended
               CASE WHEN c.final = 'running' AND s.m > 48 THEN 'running' WHEN s.m % 10 = 0 THEN 'failed' ELSE 'succeeded' END AS final_w
        FROM c JOIN s WHERE c.final <> 'defined';
      INSERT INTO workflows (campaign_number, number, label, wms, started_by_id, started_by_name, started_at)
        SELECT n, m, 'step' || m, 'panda', 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day')} FROM w;
      INSERT INTO events (kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
        SELECT kind, n, m, 'CMP-' || n || '/' || m, 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day + offset')}, payload FROM w JOIN (
          SELECT 'workflow_started' AS kind, 0 AS offset, '{}' AS payload
          UNION ALL SELECT 'run_recorded', 0.001, '{"runId":"1"}'
          UNION ALL SELECT 'status_changed', 0.001, '{"from":"recorded","to":"submitted"}'
          UNION ALL SELECT 'status_changed', 0.002, '{"from":"submitted","to":"running"}')
        ORDER BY day + offset;
      INSERT INTO events (kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'status_changed', n, m, 'CMP-' || n || '/' || m, 'slack:U' || (n % 7), 'pilot' || (n % 7), ${at('day + 0.1')},
               json_object('from', 'running', 'to', final_w) FROM w WHERE final_w <> 'running' ORDER BY day;
      INSERT INTO events (kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'note_added', n, m, 'CMP-' || n || '/' || m, 'slack:U' || (n % 5), 'pilot' || (n % 5), ${at('day + 0.05')}, '{"text":"bench note"}' FROM w WHERE m % 5 = 0;
      -- The last day: notes on the open campaigns' running workflows.
      INSERT INTO events (kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'note_added', n, m, 'CMP-' || n || '/' || m, 'slack:U' || (n % 5), 'pilot' || (n % 5), ${at('199.2 + (n % 40) * 0.02')}, '{"text":"still going"}' FROM w WHERE final_w = 'running' AND m % 2 = 0;
      -- How the campaigns ended (or paused): after their workflows, the open ones within the last days.
      INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload)
        SELECT 'status_changed', n, 'CMP-' || n, 'slack:U' || (n % 7), 'pilot' || (n % 7),
               ${at(`min(day + 1, 199.99)`)}, json_object('from', 'running', 'to', final, 'reason', 'bench') FROM c WHERE final IN ('completed', 'failed', 'paused');
    `);
  })();
  const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  const workflows = db.prepare('SELECT count(*) FROM workflows').pluck().get() as number;
  console.log(`${CAMPAIGNS.toLocaleString('en-US')} campaigns in ${channels} channel(s), ${workflows.toLocaleString('en-US')} workflows, ${events.toLocaleString('en-US')} events (${(statSync(path).size / 1e6).toFixed(0)} MB)`);
  db.close();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function time(name: string, runs: number, work: () => unknown, target?: number): void {
  for (let i = 0; i < 5; i++) work(); // warm-up
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    work();
    times.push(performance.now() - start);
    const cpu = process.cpuUsage(cpuStart);
    cpuTimes.push((cpu.user + cpu.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpuTimes.sort((a, b) => a - b);
  const p99 = percentile(times, 99);
  console.log(
    [
      name.padEnd(44),
      String(runs).padStart(5),
      percentile(times, 50).toFixed(2).padStart(8),
      p99.toFixed(2).padStart(8),
      times.at(-1)!.toFixed(2).padStart(8),
      percentile(cpuTimes, 99).toFixed(2).padStart(11),
      target === undefined ? '  (no target)' : `  ${p99 < target ? 'met' : 'MISSED'} (p99 < ${target} ms)`,
    ].join(' '),
  );
}

export async function run(): Promise<void> {
  for (const channels of [10, 1]) {
    const dir = mkdtempSync(join(tmpdir(), 'digest-bench-'));
    try {
      const path = join(dir, 'notebook.sqlite');
      buildDatabase(path, channels);
      const db = openDatabase(path);
      const notebook = createNotebook({ store: createSqliteStore(db), now: () => new Date(NOW) });
      const channel: ChannelRef = { platform: 'slack', id: 'C0' };
      const sample = notebook.digest(channel, DAY_MS);
      console.log(
        `digest of C0: ${Object.entries(sample.byStatus).map(([status, list]) => `${status} ${list.length}`).join(', ')}; waiting ${sample.waiting.length}, quiet ${sample.quiet.length}, changes in 24 h ${sample.changeCount}`,
      );
      // On a busy machine the wall-clock tail is other processes' time slices: the CPU-time p99 shows ours.
      console.log(`load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${cpus().length} CPUs`);
      console.log('what                                          runs   p50 ms   p99 ms   max ms  cpu p99 ms');
      time(`digest of a channel (${CAMPAIGNS / channels} campaigns)`, 200, () => notebook.digest(channel, DAY_MS), 50);
      time('one look of the reminders (nothing due)', 50, () => notebook.recordDueReminders({ pausedMs: 1000 * DAY_MS, quietMs: 1000 * DAY_MS }));
      time('App Home of one pilot', 50, () => notebook.home('slack:U3'));
      db.close();
    } finally {
      if (process.env.KEEP_BENCH_DB) console.log(`kept ${dir}`); else rmSync(dir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
