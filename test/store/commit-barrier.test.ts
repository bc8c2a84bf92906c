import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCommitBarrier } from '../../src/store/commit-barrier.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/open-database.js';

let dir: string;
let db: SqliteDatabase;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notebook-barrier-'));
  db = openDatabase(join(dir, 'notebook.sqlite'), { syncEachCommit: false });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const remember = (n: number) => db.prepare("INSERT INTO chat_posts VALUES (?, 'slack', 'C1', ?)").run(`CMP-${n}`, `${n}.0`);

describe('createCommitBarrier', () => {
  it('opens the database committing without an fsync (synchronous=NORMAL) after its migrations', () => {
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
  });

  it('flushes many commits made together with one sync of the write-ahead log', async () => {
    const barrier = createCommitBarrier(db);
    for (let n = 1; n <= 50; n++) remember(n);
    await Promise.all(Array.from({ length: 50 }, () => barrier.flushed()));
    expect(barrier.syncs).toBe(1);
    // nothing new committed: nothing to sync
    await barrier.flushed();
    expect(barrier.syncs).toBe(1);
  });

  it('does not count a commit made while a sync runs as flushed by that sync', async () => {
    const barrier = createCommitBarrier(db);
    remember(1);
    const first = barrier.flushed();
    remember(2); // committed after the first sync began
    const second = barrier.flushed();
    await first;
    expect(barrier.syncs).toBe(1);
    await second;
    expect(barrier.syncs).toBe(2);
  });

  it('has nothing to sync for an in-memory database', async () => {
    const memory = openDatabase(':memory:', { syncEachCommit: false });
    const barrier = createCommitBarrier(memory);
    memory.prepare("INSERT INTO chat_posts VALUES ('CMP-1', 'slack', 'C1', '1.0')").run();
    await barrier.flushed();
    expect(barrier.syncs).toBe(0);
    memory.close();
  });
});
