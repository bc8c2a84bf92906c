import type { SqliteDatabase } from './open-database.js';

export interface OutboxBacklog {
  /** Rows not yet sent, by state (pending, attempting, parked) and refused ones (failed). */
  readonly states: Readonly<Record<'pending' | 'attempting' | 'done' | 'failed' | 'parked', number>>;
  /** Age in seconds of the oldest row still to send (pending, attempting or parked); 0 when none. */
  readonly oldestPendingSeconds: number;
}

/** What /healthz and /metrics read of the database. */
export interface HealthReads {
  /** Proves the database takes writes now: takes the write lock (BEGIN IMMEDIATE) and lets it go. */
  checkWritable(): void;
  /** The outbox backlog of every enabled sink together. */
  outboxBacklog(): OutboxBacklog;
}

/** The health reads of one database connection (`now` for the age of the oldest row). */
export function createHealthReads(db: SqliteDatabase, now: () => number = Date.now): HealthReads {
  return {
    checkWritable() {
      if (db.readonly) throw new Error('the database is open read-only');
      if (db.inTransaction) return;
      db.prepare('BEGIN IMMEDIATE').run();
      db.prepare('ROLLBACK').run();
    },
    outboxBacklog() {
      const states = { pending: 0, attempting: 0, done: 0, failed: 0, parked: 0 };
      for (const row of db.prepare('SELECT state, count(*) AS n FROM outbox GROUP BY state').all() as { state: keyof typeof states; n: number }[]) {
        states[row.state] = row.n;
      }
      const oldest = db
        .prepare("SELECT min(created_at) AS at FROM outbox WHERE state IN ('pending', 'attempting', 'parked')")
        .get() as { at: string | null };
      const oldestPendingSeconds = oldest.at ? Math.max(0, Math.round((now() - Date.parse(oldest.at)) / 1000)) : 0;
      return { states, oldestPendingSeconds };
    },
  };
}
