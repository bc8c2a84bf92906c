import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Notebook } from '../../src/campaign/notebook.js';
import type { NotebookStore } from '../../src/campaign/notebook-store.js';
import { NOTEBOOK_ACTOR } from '../../src/campaign/records.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { MIGRATIONS_DIR, openDatabase, type SqliteDatabase } from '../../src/store/open-database.js';

const pilot = { id: 'slack:U0PILOT', name: 'pilot' };
let dir: string;
const opened: SqliteDatabase[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notebook-sends-'));
});
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One notebook process: its own connection to the shared file, and its own clock reading `now`. */
function process(path: string, now: () => Date): { notebook: Notebook; store: NotebookStore; db: SqliteDatabase } {
  const db = openDatabase(path);
  opened.push(db);
  const store = createSqliteStore(db);
  return { notebook: createNotebook({ store, now }), store, db };
}

describe('what the notebook sends once (notebook_sends)', () => {
  it('lets one of two processes record a reminder when both found it due before either wrote (the re-check, then the key)', () => {
    const path = join(dir, 'notebook.sqlite');
    let time = Date.parse('2026-12-03T06:00:00Z');
    const now = () => new Date(time);
    const a = process(path, now);
    const b = process(path, now);
    a.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot, { platform: 'slack', id: 'C1' });
    a.notebook.changeStatus('w07', 'running', undefined, pilot);
    a.notebook.changeStatus('w07', 'paused', undefined, pilot);
    time += 3_600_000;
    // Both see the same campaign due, from the same pause: b's look is taken before a writes...
    const looked = b.store.waitingDecisions();
    expect(looked).toEqual(a.store.waitingDecisions());
    expect(a.notebook.recordDueReminders({ pausedMs: 3_600_000 })).toHaveLength(1);
    // ...so b goes on from that look: its check inside the transaction sees a's reminder,
    const racing = createNotebook({ store: { ...b.store, waitingDecisions: (n?: number) => (n === undefined ? looked : b.store.waitingDecisions(n)) }, now });
    expect(racing.recordDueReminders({ pausedMs: 3_600_000 })).toEqual([]);
    // and were that check as stale as its look, the database's key (notebook_sends) refuses it.
    const blind = createNotebook({ store: { ...b.store, waitingDecisions: () => looked }, now });
    expect(blind.recordDueReminders({ pausedMs: 3_600_000 })).toEqual([]);
    expect(b.notebook.history('w07').filter((event) => event.kind === 'reminder_sent')).toHaveLength(1);
  });

  it('refuses a key already sent, by the database, and keeps nothing of the second attempt', () => {
    const path = join(dir, 'notebook.sqlite');
    const now = () => new Date('2026-12-03T08:00:00Z');
    const a = process(path, now);
    const b = process(path, now);
    a.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot, { platform: 'slack', id: 'C1' });
    const send = { key: 'paused:CMP-1@1', kind: 'paused', at: '2026-12-03T08:00:00.000Z' } as const;
    const reminder = { kind: 'reminder_sent', campaignNumber: 1, actor: NOTEBOOK_ACTOR, at: send.at, payload: { reminder: 'paused', follows: 1 } } as const;
    expect(a.store.sendOnce(send, reminder)).toMatchObject({ sent: true, event: { kind: 'reminder_sent', actor: NOTEBOOK_ACTOR } });
    expect(b.store.sendOnce(send, reminder)).toEqual({ sent: false });
    expect(b.db.prepare("SELECT count(*) FROM events WHERE kind = 'reminder_sent'").pluck().get()).toBe(1);
    expect(() => b.db.prepare('INSERT INTO notebook_sends (key, kind, sent_at) VALUES (?, ?, ?)').run(send.key, 'paused', send.at)).toThrow(/UNIQUE constraint failed: notebook_sends.key/);
    expect(() => b.db.prepare('DELETE FROM notebook_sends').run()).toThrow(/append-only/);
  });

  it('sends each channel one digest a UTC day, from its time on', () => {
    const path = join(dir, 'notebook.sqlite');
    let time = Date.parse('2026-12-03T07:59:00Z');
    const a = process(path, () => new Date(time));
    const b = process(path, () => new Date(time));
    a.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot, { platform: 'slack', id: 'C1' });
    a.notebook.defineCampaign({ shortName: 'done', description: 'x' }, pilot, { platform: 'slack', id: 'C2' });
    a.notebook.changeStatus('done', 'running', undefined, pilot);
    a.notebook.changeStatus('done', 'completed', 'all steps succeeded', pilot);
    expect(a.notebook.recordDueDigests({ hour: 8, minute: 0 })).toEqual([]);
    time += 60_000;
    // C2 holds no open campaign: no digest there.
    expect(a.notebook.recordDueDigests({ hour: 8, minute: 0 })).toEqual([{ platform: 'slack', id: 'C1' }]);
    expect(b.notebook.recordDueDigests({ hour: 8, minute: 0 })).toEqual([]);
    time += 15 * 3_600_000;
    expect(b.notebook.recordDueDigests({ hour: 8, minute: 0 })).toEqual([]);
    time += 9 * 3_600_000; // 2026-12-04T08:00Z
    expect(b.notebook.recordDueDigests({ hour: 8, minute: 0 })).toEqual([{ platform: 'slack', id: 'C1' }]);
  });
});

describe('migration 005 (reminders)', () => {
  it('upgrades a version-4 notebook: events, their outbox rows and triggers kept; reminder_sent accepted; the new indexes used', () => {
    const older = join(dir, 'db-v4');
    mkdirSync(older);
    for (const name of ['001-notebook.sql', '002-outbox.sql', '003-lookups-by-record-id.sql', '004-what-ran.sql']) writeFileSync(join(older, name), readFileSync(join(MIGRATIONS_DIR, name)));
    const path = join(dir, 'notebook.sqlite');
    const v4 = openDatabase(path, { migrationsDir: older });
    v4.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'jira'").run();
    const before = createNotebook({ store: createSqliteStore(v4) });
    before.defineCampaign({ shortName: 'w07', description: 'x' }, pilot, { platform: 'slack', id: 'C1' });
    before.addNote('w07', 'before the upgrade', pilot);
    // A kind of event 004 brought: the rebuild keeps it.
    v4.prepare("INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload) VALUES ('operators_changed', 1, 'CMP-1', 'slack:U1', 'pilot', '2026-12-03T00:00:00Z', '{}')").run();
    const eventsSchema = (db: SqliteDatabase) => db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'events' AND type != 'table' ORDER BY name").all();
    const schemaBefore = eventsSchema(v4);
    const eventsBefore = v4.prepare('SELECT * FROM events ORDER BY seq').all();
    const outboxBefore = v4.prepare('SELECT id, event_seq, record_id FROM outbox ORDER BY id').all();
    v4.close();

    // Up to this migration (a later one, the chat outbox's 006, changes the events trigger again).
    const upTo5 = join(dir, 'db-v5');
    mkdirSync(upTo5);
    for (const name of ['001-notebook.sql', '002-outbox.sql', '003-lookups-by-record-id.sql', '004-what-ran.sql', '005-reminders.sql']) writeFileSync(join(upTo5, name), readFileSync(join(MIGRATIONS_DIR, name)));
    const db = openDatabase(path, { migrationsDir: upTo5 });
    opened.push(db);
    expect(db.prepare('SELECT * FROM events ORDER BY seq').all()).toEqual(eventsBefore);
    // Every index and trigger the table had, and the two new indexes.
    expect(eventsSchema(db)).toEqual(expect.arrayContaining(schemaBefore as object[]));
    expect((eventsSchema(db) as { name: string }[]).map((row) => row.name).filter((name) => !(schemaBefore as { name: string }[]).some((old) => old.name === name))).toEqual(['events_by_actor', 'events_by_time']);
    expect(db.prepare('SELECT id, event_seq, record_id FROM outbox ORDER BY id').all()).toEqual(outboxBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const store = createSqliteStore(db);
    let time = Date.parse('2026-12-04T00:00:00Z');
    const after = createNotebook({ store, now: () => new Date((time += 1000)) });
    after.changeStatus('w07', 'running', undefined, pilot);
    after.changeStatus('w07', 'paused', undefined, pilot);
    expect(after.recordDueReminders({ pausedMs: 1000 })).toHaveLength(1);
    // New events still reach the outbox, and stay append-only.
    expect(db.prepare("SELECT count(*) FROM outbox WHERE sink = 'jira'").pluck().get()).toBe(6);
    expect(() => db.prepare("UPDATE events SET actor_name = 'x'").run()).toThrow(/append-only/);
    const plan = (query: string) => (db.prepare(`EXPLAIN QUERY PLAN ${query}`).all() as { detail: string }[]).map((row) => row.detail).join('\n');
    expect(plan("SELECT * FROM events WHERE at >= '2026-12-03'")).toContain('events_by_time');
    expect(plan("SELECT * FROM events WHERE actor_id = 'x' ORDER BY seq DESC LIMIT 10")).toContain('events_by_actor');
  });
});
