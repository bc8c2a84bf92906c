import type { SqliteDatabase } from './open-database.js';

export interface OutboxBacklog {
  /** Rows not yet sent, by state (pending, attempting, parked) and refused ones (failed). */
  readonly states: Readonly<Record<'pending' | 'attempting' | 'done' | 'failed' | 'parked', number>>;
  /** Age in seconds of the oldest row still to send (pending, attempting or parked); 0 when none. */
  readonly oldestPendingSeconds: number;
}

/** The outbox backlog of every sink together, and of each enabled sink (jira, slack, mattermost) by its name. */
export interface OutboxBacklogs {
  readonly all: OutboxBacklog;
  readonly sinks: Readonly<Record<string, OutboxBacklog>>;
}

/** What /healthz and /metrics read of the database. */
export interface HealthReads {
  /** Proves the database takes writes now: takes the write lock (BEGIN IMMEDIATE) and lets it go. */
  checkWritable(): void;
  /** The outbox backlogs, in one read: counts from the (sink, state) index, ages from the open rows only. */
  outboxBacklogs(): OutboxBacklogs;
}

type States = { pending: number; attempting: number; done: number; failed: number; parked: number };
const noStates = (): States => ({ pending: 0, attempting: 0, done: 0, failed: 0, parked: 0 });

/** The health reads of one database connection (`now` for the age of the oldest row). */
export function createHealthReads(db: SqliteDatabase, now: () => number = Date.now): HealthReads {
  const begin = db.prepare('BEGIN IMMEDIATE');
  const rollback = db.prepare('ROLLBACK');
  const enabledSinks = db.prepare('SELECT name FROM outbox_sink WHERE enabled = 1 ORDER BY name').pluck();
  const counts = db.prepare('SELECT sink, state, count(*) AS n FROM outbox GROUP BY sink, state');
  const oldestOpen = db.prepare("SELECT sink, min(created_at) AS at FROM outbox WHERE state IN ('pending', 'attempting', 'parked') GROUP BY sink");
  const ageOf = (at: string) => Math.max(0, Math.round((now() - Date.parse(at)) / 1000));
  return {
    checkWritable() {
      if (db.readonly) throw new Error('the database is open read-only');
      if (db.inTransaction) return;
      begin.run();
      rollback.run();
    },
    outboxBacklogs() {
      const all = { states: noStates(), oldestPendingSeconds: 0 };
      const sinks: Record<string, { states: States; oldestPendingSeconds: number }> = {};
      for (const name of enabledSinks.all() as string[]) sinks[name] = { states: noStates(), oldestPendingSeconds: 0 };
      for (const row of counts.all() as { sink: string; state: keyof States; n: number }[]) {
        all.states[row.state] += row.n;
        if (sinks[row.sink]) sinks[row.sink]!.states[row.state] = row.n;
      }
      for (const row of oldestOpen.all() as { sink: string; at: string }[]) {
        const age = ageOf(row.at);
        all.oldestPendingSeconds = Math.max(all.oldestPendingSeconds, age);
        if (sinks[row.sink]) sinks[row.sink]!.oldestPendingSeconds = age;
      }
      return { all, sinks };
    },
  };
}
