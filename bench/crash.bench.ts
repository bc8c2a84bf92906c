/**
 * Crash safety, long version (test/faults/crash-safety.test.ts is the short one in CI): a child
 * process ingests 1,000,000-entry lists through the real use cases and is SIGKILLed at random
 * points, repeatedly; after each kill the database must pass integrity_check, hold every
 * acknowledged record whole and no half-written list. Then the same with the Jira mirror syncing
 * to a fake Jira, killed during sync: after a restart the outbox finishes, one issue per record.
 * Env: CRASH_ENTRIES (default 1,000,000), CRASH_KILLS (default 10), CRASH_SEED.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createOutboxStore } from '../src/store/outbox-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { startFakeJira } from '../test/fakes/fake-jira.js';
import { crashDamage, killAtRandom, seededRandom, startChild, type Acknowledged, type KillRound } from '../test/faults/crash-kit.js';
import { issuesPerRecordLabel } from '../test/jira/jira-test-kit.js';

export async function run(): Promise<boolean> {
  const entries = Number(process.env.CRASH_ENTRIES ?? 1_000_000);
  const kills = Number(process.env.CRASH_KILLS ?? 10);
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
  let ok = true;
  const dir = mkdtempSync(join(tmpdir(), 'cn-crash-bench-'));
  try {
    // 1. List ingest.
    const path = join(dir, 'ingest.sqlite');
    const random = seededRandom(seed);
    const acks: Acknowledged = { workflows: new Map(), notes: new Set() };
    const rounds: KillRound[] = [];
    const started = performance.now();
    for (let round = 0; round < kills; round++) {
      // A 1M-entry list takes seconds to parse and commit: kill anywhere in up to 4 s after a `begin`.
      const result = await killAtRandom({ CHILD_DB: path, CHILD_ENTRIES: String(entries) }, acks, random, entries >= 500_000 ? 4000 : 800);
      rounds.push(result);
      const damage = crashDamage(path, acks);
      console.log(`kill ${round + 1}: ${result.during}, ${result.acknowledged} records acknowledged; after restart: ${damage.length === 0 ? 'integrity ok, all acknowledged records whole, no half list' : damage.join('; ')}`);
      if (damage.length > 0) ok = false;
    }
    const last = startChild({ CHILD_DB: path, CHILD_ENTRIES: String(entries), CHILD_WORKFLOWS: '1' });
    const code = await last.exited;
    const finalDamage = crashDamage(path, acks);
    if (code !== 0 || finalDamage.length > 0) ok = false;
    const db = openDatabase(path);
    const lists = db.prepare('SELECT count(*) AS n, sum(count) AS entries FROM lists').get() as { n: number; entries: number };
    db.close();
    console.log(
      `list ingest (${entries.toLocaleString('en-US')} entries a list, seed ${seed}): ${kills} SIGKILLs, ` +
        `${rounds.filter((r) => r.during === 'list ingest').length} inside a list ingest, ${rounds.filter((r) => r.during === 'between records').length} between records; ` +
        `${acks.workflows.size} workflow starts and ${acks.notes.size} notes acknowledged, all present; ${lists.n} lists (${lists.entries.toLocaleString('en-US')} entries) whole; ` +
        `a clean run after the kills ${code === 0 ? 'recorded one more' : `failed (${code})`}; database ${(statSync(path).size / 1e6).toFixed(0)} MB; ` +
        `${((performance.now() - started) / 1000).toFixed(0)} s`,
    );

    // 2. Jira sync.
    const jiraPath = join(dir, 'jira.sqlite');
    const fake = await startFakeJira({ latencyMs: 20 });
    try {
      const jiraRandom = seededRandom(seed + 1);
      const jiraAcks: Acknowledged = { workflows: new Map(), notes: new Set() };
      const env = { CHILD_DB: jiraPath, CHILD_ENTRIES: '50', CHILD_JIRA: fake.url };
      for (let round = 0; round < kills; round++) await killAtRandom(env, jiraAcks, jiraRandom, 400);
      const drain = startChild({ ...env, CHILD_MODE: 'drain' });
      await drain.exited;
      const damage = crashDamage(jiraPath, jiraAcks);
      const jdb = openDatabase(jiraPath);
      const records = (jdb.prepare('SELECT (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM workflows) AS n').get() as { n: number }).n;
      const notes = (jdb.prepare("SELECT count(*) AS n FROM events WHERE kind = 'note_added'").get() as { n: number }).n;
      const counts = createOutboxStore(jdb, 'jira').counts();
      jdb.close();
      const perLabel = [...issuesPerRecordLabel(fake).values()];
      const comments = fake.issues.flatMap((issue) => issue.comments.map((comment) => comment.body));
      const noteComments = comments.filter((body) => /note \d+ on CMP/.test(body)).length;
      const attachments = fake.issues.reduce((sum, issue) => sum + issue.attachments.length, 0);
      const workflows = records - 1;
      const good = damage.length === 0 && perLabel.every((n) => n === 1) && perLabel.length === records && counts.pending === 0 && counts.failed === 0 && counts.parked === 0;
      if (!good) ok = false;
      console.log(
        `Jira sync: ${kills} SIGKILLs during sync, then a restart drained the outbox: ${records} records, ${fake.issues.length} issues ` +
          `(${perLabel.filter((n) => n > 1).length} labels with more than one issue), outbox ${JSON.stringify(counts)}; ` +
          `${noteComments} note comments for ${notes} notes, ${attachments} attachments for ${workflows} workflow lists${damage.length ? `; DAMAGE: ${damage.join('; ')}` : ''}`,
      );
    } finally {
      await fake.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  run().then(
    (ok) => {
      if (!ok) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
