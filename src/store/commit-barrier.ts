import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SqliteDatabase } from './open-database.js';

export interface CommitBarrier {
  /** Resolves once every transaction this connection committed before the call is on disk. */
  flushed(): Promise<void>;
  /** How many times the write-ahead log was synced (each sync covers every commit before it). */
  readonly syncs: number;
}

/**
 * Group commit for a connection opened with `syncEachCommit: false` (WAL, synchronous=NORMAL):
 * commits return without an fsync, and `flushed()` syncs the write-ahead log off the event loop
 * (libuv's thread pool), one sync for every commit made while the previous one ran. After it, those
 * commits survive power loss as with synchronous=FULL: recovery replays the WAL up to its last
 * synced commit, and a checkpoint syncs the WAL before it copies pages out of it. `:memory:`
 * databases have nothing to sync.
 */
export function createCommitBarrier(db: SqliteDatabase): CommitBarrier {
  const totalChanges = db.prepare('SELECT total_changes()').pluck() as { get(): number };
  const walPath = `${db.name}-wal`;
  let synced = totalChanges.get();
  let syncs = 0;
  let syncing: Promise<void> | undefined;
  // The first sync also makes the WAL file's directory entry durable (SQLite would, at its first sync).
  let directorySynced = false;

  async function syncOnce(): Promise<void> {
    const covered = totalChanges.get();
    try {
      await datasync(walPath);
      if (!directorySynced) {
        await datasync(dirname(walPath));
        directorySynced = true;
      }
      synced = Math.max(synced, covered);
      syncs += 1;
    } finally {
      syncing = undefined;
    }
  }

  return {
    async flushed() {
      if (db.memory) return;
      const wanted = totalChanges.get();
      while (synced < wanted) {
        // A sync already running may have started before our commit: wait for it, then look again.
        syncing ??= syncOnce();
        await syncing;
      }
    },
    get syncs() {
      return syncs;
    },
  };
}

async function datasync(path: string): Promise<void> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    // No WAL file: the last checkpoint moved everything into the database file (and synced it).
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}
