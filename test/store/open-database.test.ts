import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { MIGRATIONS_DIR, openDatabase, readMigrations } from '../../src/store/open-database.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notebook-db-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('openDatabase', () => {
  it('sets WAL, synchronous=FULL, foreign keys and a busy timeout, and they hold after a write and a reopen', () => {
    const path = join(dir, 'nested', 'notebook.sqlite');
    const first = openDatabase(path);
    first.prepare("INSERT INTO chat_posts VALUES ('CMP-1', 'slack', 'C1', '1.2')").run();
    expect(first.pragma('synchronous', { simple: true })).toBe(2);
    first.close();

    const db = openDatabase(path);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    db.prepare("INSERT INTO chat_posts VALUES ('CMP-2', 'slack', 'C1', '1.3')").run();
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });

  it('applies every migration once, in order, and records the newest in user_version', () => {
    const path = join(dir, 'notebook.sqlite');
    const newest = readMigrations().at(-1)!.version;
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(newest);
    db.close();
    // a second open finds nothing to do (re-running 001 would fail on CREATE TABLE)
    const again = openDatabase(path);
    expect(again.pragma('user_version', { simple: true })).toBe(newest);
    again.close();
  });

  it('finds db/ next to src/ (the migrations start with 001-notebook.sql)', () => {
    expect(readMigrations(MIGRATIONS_DIR)[0]).toMatchObject({ version: 1, name: '001-notebook.sql' });
  });

  it('opens :memory: with the schema', () => {
    const db = openDatabase(':memory:');
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['campaigns', 'workflows', 'events', 'lists', 'list_entries', 'list_attachments', 'chat_posts']));
    db.close();
  });

  it('rolls a failing migration back whole and leaves user_version before it', () => {
    const migrations = join(dir, 'db');
    mkdirSync(migrations);
    writeFileSync(join(migrations, '001-one.sql'), 'CREATE TABLE one (x);');
    writeFileSync(join(migrations, '002-two.sql'), 'CREATE TABLE two (x); CREATE TABLE one (y);');
    const path = join(dir, 'notebook.sqlite');
    expect(() => openDatabase(path, { migrationsDir: migrations })).toThrow(
      'Migration 002-two.sql failed; the database was left at the version before it',
    );
    const db = openDatabase(path, { migrationsDir: migrations, migrate: false });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'two'").pluck().get()).toBe(0);
    db.close();
  });

  it('upgrades a version-2 notebook: its outbox rows get their record ids, and new rows come with theirs', () => {
    const older = join(dir, 'db-v2');
    mkdirSync(older);
    for (const name of ['001-notebook.sql', '002-outbox.sql']) writeFileSync(join(older, name), readFileSync(join(MIGRATIONS_DIR, name)));
    const path = join(dir, 'notebook.sqlite');
    const v2 = openDatabase(path, { migrationsDir: older });
    v2.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'jira'").run();
    // as the version-2 program wrote them (today's store writes columns a version-2 database lacks)
    v2.prepare("INSERT INTO campaigns (short_name, description, defined_by_id, defined_by_name, defined_at) VALUES ('w07', 'x', 'slack:U1', 'pilot', '2025-11-15T10:00:00Z')").run();
    const event = v2.prepare("INSERT INTO events (kind, campaign_number, record_id, actor_id, actor_name, at, payload) VALUES (?, 1, 'CMP-1', 'slack:U1', 'pilot', '2025-11-15T10:00:00Z', ?)");
    event.run('campaign_defined', '{"shortName":"w07","description":"x"}');
    event.run('note_added', '{"text":"before the upgrade"}');
    v2.close();

    const db = openDatabase(path);
    createNotebook({ store: createSqliteStore(db) }).addNote('w07', 'after the upgrade', { id: 'slack:U1', name: 'pilot' });
    expect(db.prepare('SELECT record_id FROM outbox ORDER BY id').pluck().all()).toEqual(['CMP-1', 'CMP-1', 'CMP-1']);
    db.close();
  });

  it('upgrades a version-5 notebook to the chat outbox: Jira rows kept as they were, chat sinks fed only their own campaigns', () => {
    const older = join(dir, 'db-v5');
    mkdirSync(older);
    for (const name of ['001-notebook.sql', '002-outbox.sql', '003-lookups-by-record-id.sql', '004-what-ran.sql', '005-reminders.sql']) writeFileSync(join(older, name), readFileSync(join(MIGRATIONS_DIR, name)));
    const path = join(dir, 'notebook.sqlite');
    const pilot = { id: 'slack:U1', name: 'pilot' };
    const v5 = openDatabase(path, { migrationsDir: older });
    v5.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name = 'jira'").run();
    const before = createNotebook({ store: createSqliteStore(v5) });
    before.defineCampaign({ shortName: 'w07', description: 'x' }, pilot, { platform: 'slack', id: 'C1' });
    before.addNote('w07', 'before the upgrade', pilot);
    v5.prepare(`UPDATE outbox SET state = 'done', result = '{"key":"DM-1"}' WHERE id = 1`).run();
    const rowsBefore = v5.prepare('SELECT * FROM outbox ORDER BY id').all();
    v5.close();

    const db = openDatabase(path);
    expect(db.prepare('SELECT id, sink, event_seq, state, attempts, next_attempt_at, ambiguous, ambiguous_since, last_error, result, created_at, updated_at, done_at, record_id FROM outbox ORDER BY id').all()).toEqual(rowsBefore);
    expect(db.prepare("SELECT name, enabled, channel_platform FROM outbox_sink ORDER BY name").all()).toEqual([
      { name: 'jira', enabled: 1, channel_platform: null },
      { name: 'mattermost', enabled: 0, channel_platform: 'mattermost' },
      { name: 'slack', enabled: 0, channel_platform: 'slack' },
    ]);
    db.prepare("UPDATE outbox_sink SET enabled = 1 WHERE name IN ('slack', 'mattermost')").run();
    const notebook = createNotebook({ store: createSqliteStore(db) });
    notebook.addNote('w07', 'after the upgrade', pilot);
    notebook.defineCampaign({ shortName: 'mm', description: 'x' }, pilot, { platform: 'mattermost', id: 'town-square' });
    notebook.defineCampaign({ shortName: 'cli', description: 'x' }, { id: 'cli:jdoe', name: 'jdoe' });
    expect(db.prepare('SELECT id, sink, record_id, item FROM outbox WHERE id > 2 ORDER BY id').all()).toEqual([
      { id: 3, sink: 'jira', record_id: 'CMP-1', item: '' },
      // A chat sink also gets the redraw of the card the event changes.
      { id: 4, sink: 'slack', record_id: 'CMP-1', item: '' },
      { id: 5, sink: 'slack', record_id: 'CMP-1', item: 'card:CMP-1' },
      { id: 6, sink: 'jira', record_id: 'CMP-2', item: '' },
      { id: 7, sink: 'mattermost', record_id: 'CMP-2', item: '' },
      { id: 8, sink: 'mattermost', record_id: 'CMP-2', item: 'card:CMP-2' },
      { id: 9, sink: 'jira', record_id: 'CMP-3', item: '' },
    ]);
    // A notice is a row of its own beside the event's; the same one twice is refused.
    const queueCard = db.prepare("INSERT INTO outbox (sink, event_seq, item, record_id) VALUES ('slack', 3, 'notice:jira_refused', 'CMP-1')");
    queueCard.run();
    expect(() => queueCard.run()).toThrow(/UNIQUE/);
    expect(() => db.prepare('DELETE FROM outbox WHERE id = 1').run()).toThrow(/keeps every row/);
    db.close();
  });

  it('refuses a database newer than the program', () => {
    const path = join(dir, 'notebook.sqlite');
    const db = openDatabase(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabase(path)).toThrow(/schema version 999 but this program knows only up to \d+: run a newer version/);
  });
});
