import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, openDatabase, readMigrations, type SqliteDatabase } from '../../src/store/open-database.js';

const WHAT_RAN = readMigrations().find((migration) => migration.name.endsWith('-what-ran.sql'))!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notebook-what-ran-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A database at the version just before the what-ran migration. */
function openBefore(path: string): SqliteDatabase {
  const older = join(dir, 'db-before');
  mkdirSync(older);
  for (const migration of readMigrations().filter((m) => m.version < WHAT_RAN.version)) {
    writeFileSync(join(older, migration.name), readFileSync(join(MIGRATIONS_DIR, migration.name)));
  }
  return openDatabase(path, { migrationsDir: older });
}

const eventsSchema = (db: SqliteDatabase) =>
  db.prepare("SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'events' AND type != 'table' ORDER BY name").all();

describe('the what-ran migration', () => {
  it('makes the events table again with every row, index and trigger it had, and the outbox still pointing at them', () => {
    const path = join(dir, 'notebook.sqlite');
    const before = openBefore(path);
    before.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'jira'").run();
    before
      .prepare(
        "INSERT INTO campaigns (short_name, description, defined_by_id, defined_by_name, defined_at) VALUES ('w07', 'weekly', 'slack:U1', 'pilot', '2025-11-15T10:00:00Z')",
      )
      .run();
    const insertEvent = before.prepare(
      "INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload) VALUES (?, 1, 'CMP-1', 'slack:U1', 'pilot', '2025-11-15T10:00:00Z', '{}')",
    );
    for (const kind of ['campaign_defined', 'note_added', 'status_changed']) insertEvent.run(kind);
    const schemaBefore = eventsSchema(before);
    const rowsBefore = before.prepare('SELECT * FROM events ORDER BY seq').all();
    before.close();

    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(readMigrations().at(-1)!.version);
    expect(eventsSchema(db)).toEqual(schemaBefore);
    expect(db.prepare('SELECT * FROM events ORDER BY seq').all()).toEqual(rowsBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    // new kinds are accepted, numbering goes on after the old rows, the outbox trigger still fires
    db.prepare(
      "INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload) VALUES ('operators_changed', 1, 'CMP-1', 'slack:U1', 'pilot', '2025-11-16T10:00:00Z', '{}')",
    ).run();
    expect(db.prepare('SELECT seq, kind FROM events ORDER BY seq DESC LIMIT 1').get()).toEqual({ seq: 4, kind: 'operators_changed' });
    expect(db.prepare('SELECT event_seq FROM outbox ORDER BY event_seq').pluck().all()).toEqual([1, 2, 3, 4]);
    // still append-only
    expect(() => db.prepare('DELETE FROM events').run()).toThrow('append-only');
    db.close();
  });
});
