import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { issuesPerRecordLabel } from '../jira/jira-test-kit.js';
import { crashDamage, killAtRandom, seededRandom, startChild, type Acknowledged, type KillRound } from './crash-kit.js';

// The short version for CI; bench/crash.bench.ts runs 1,000,000-entry lists and more kills.
const ENTRIES = 100_000;
const KILLS = 5;
const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cn-crash-'));
  path = join(dir, 'notebook.sqlite');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe(`SIGKILL at random points (seed ${seed})`, () => {
  it(`leaves no acknowledged record incomplete and no half-written list during ${ENTRIES.toLocaleString('en-US')}-entry list ingests`, async () => {
    const random = seededRandom(seed);
    const acks: Acknowledged = { workflows: new Map(), notes: new Set() };
    const rounds: KillRound[] = [];
    for (let round = 0; round < KILLS; round++) {
      rounds.push(await killAtRandom({ CHILD_DB: path, CHILD_ENTRIES: String(ENTRIES) }, acks, random, 600));
      expect(crashDamage(path, acks), `after kill ${round + 1} (${JSON.stringify(rounds.at(-1))})`).toEqual([]);
    }
    // The database takes new records after the kills, and they are whole too.
    const last = startChild({ CHILD_DB: path, CHILD_ENTRIES: String(ENTRIES), CHILD_WORKFLOWS: '1' });
    expect(await last.exited).toBe(0);
    expect(last.lines.at(-1)).toBe('finished');
    expect(crashDamage(path, acks)).toEqual([]);
    expect(rounds.reduce((sum, r) => sum + r.acknowledged, 0)).toBe(acks.workflows.size + acks.notes.size);
  }, 300_000);
});

describe(`SIGKILL during Jira sync (seed ${seed})`, () => {
  let fake: FakeJira;
  beforeEach(async () => {
    fake = await startFakeJira({ latencyMs: 20 });
  });
  afterEach(async () => {
    await fake.close();
  });

  it('finishes the outbox after restart with one issue per record and nothing failed', async () => {
    const random = seededRandom(seed + 1);
    const acks: Acknowledged = { workflows: new Map(), notes: new Set() };
    const env = { CHILD_DB: path, CHILD_ENTRIES: '50', CHILD_JIRA: fake.url };
    for (let round = 0; round < KILLS; round++) {
      await killAtRandom(env, acks, random, 400);
    }
    const drain = startChild({ ...env, CHILD_MODE: 'drain' });
    expect(await drain.exited).toBe(0);
    expect(drain.lines).toContain('drained');
    expect(crashDamage(path, acks)).toEqual([]);

    const db = openDatabase(path);
    try {
      const records = db.prepare('SELECT (SELECT count(*) FROM campaigns) + (SELECT count(*) FROM workflows) AS n').get() as { n: number };
      expect(createOutboxStore(db, 'jira').counts()).toMatchObject({ pending: 0, attempting: 0, failed: 0, parked: 0 });
      const perLabel = issuesPerRecordLabel(fake);
      expect([...perLabel.values()].filter((n) => n !== 1)).toEqual([]);
      expect(perLabel.size).toBe(records.n);
      expect(fake.issues.length).toBe(records.n);
      // every acknowledged note reached its issue
      const comments = fake.issues.flatMap((issue) => issue.comments.map((comment) => comment.body));
      for (const note of acks.notes) expect(comments.filter((body) => body.includes(note.replace(/ on CMP-\d+\/\d+$/, ''))).length).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  }, 300_000);
});
