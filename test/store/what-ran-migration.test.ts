import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { campaignShowMessage } from '../../src/chat/record-messages.js';
import { messagePlainText } from '../../src/chat/chat-message.js';
import { formatRecord } from '../../src/cli/format-record.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { MIGRATIONS_DIR, openDatabase, readMigrations, type SqliteDatabase } from '../../src/store/open-database.js';

const WHAT_RAN = readMigrations().find((migration) => migration.name.endsWith('-what-ran.sql'))!;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'notebook-what-ran-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The migrations up to `last` (inclusive), in a directory of their own. */
function migrationsUpTo(last: number, name: string): string {
  const older = join(dir, name);
  mkdirSync(older);
  for (const migration of readMigrations().filter((m) => m.version <= last)) {
    writeFileSync(join(older, migration.name), readFileSync(join(MIGRATIONS_DIR, migration.name)));
  }
  return older;
}

/** A database at the version just before the what-ran migration. */
function openBefore(path: string): SqliteDatabase {
  return openDatabase(path, { migrationsDir: migrationsUpTo(WHAT_RAN.version - 1, 'db-before') });
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

    // Just this migration: a later one may add its own indexes (005 does).
    const db = openDatabase(path, { migrationsDir: migrationsUpTo(WHAT_RAN.version, 'db-what-ran') });
    expect(db.pragma('user_version', { simple: true })).toBe(WHAT_RAN.version);
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

  it('reads older records back, saying "not recorded" for what they lack; their bare operator ids become their platform\'s', () => {
    const path = join(dir, 'notebook.sqlite');
    const before = openBefore(path);
    before
      .prepare(
        `INSERT INTO campaigns (short_name, description, operators, channel_platform, channel_id, defined_by_id, defined_by_name, defined_at)
         VALUES ('w07', 'weekly', '["U0JDOE"]', 'slack', 'C1', 'slack:U1', 'pilot', '2025-11-15T10:00:00Z')`,
      )
      .run();
    before
      .prepare(
        "INSERT INTO workflows (campaign_number, number, label, wms, started_by_id, started_by_name, started_at) VALUES (1, 1, 'step1', 'panda', 'slack:U1', 'pilot', '2025-11-15T11:00:00Z')",
      )
      .run();
    before
      .prepare(
        `INSERT INTO lists (id, sha256, count, dimensions, key_dimensions, stored_by_id, stored_by_name, stored_at)
         VALUES (1, '${'a'.repeat(64)}', 1, '["visit"]', '["visit"]', 'slack:U1', 'pilot', '2025-11-15T11:00:00Z')`,
      )
      .run();
    before.prepare('INSERT INTO list_entries (list_id, v1) VALUES (1, 7)').run();
    before
      .prepare(
        "INSERT INTO list_attachments (campaign_number, workflow_number, list_id, kind, reason, attached_by_id, attached_by_name, attached_at) VALUES (1, 1, 1, 'exclude', 'bad', 'slack:U1', 'pilot', '2025-11-15T11:00:00Z')",
      )
      .run();
    before.close();

    const db = openDatabase(path);
    try {
      const notebook = createNotebook({ store: createSqliteStore(db) });
      const view = notebook.show('w07');
      if (view.type !== 'campaign') throw new Error('expected a campaign');
      expect(view.campaign.operators).toEqual(['slack:U0JDOE']);
      expect(view.campaign).not.toHaveProperty('stackVersion');
      expect(view.workflows[0]).not.toHaveProperty('stackVersion');
      expect(view.workflows[0]!.lists[0]).not.toHaveProperty('provenance');
      expect(formatRecord(view)).toContain('  Software: not recorded');
      expect(messagePlainText(campaignShowMessage(view.campaign, view.workflows, 1))).toContain('Software: not recorded');
      const record = parse(notebook.exportRecord('w07')[0]!.content);
      expect(record.campaign.software).toBe('not recorded');
      expect(record.workflows[0].software).toEqual({ stackVersion: 'not recorded', pipeline: 'not recorded', configOverrides: [] });
      expect(record.workflows[0].lists[0].provenance).toBe('not recorded');
      expect(notebook.exportBps('CMP-1/1').unexpressed).toContain('Not recorded, so not set: pipelineYaml, butlerConfig, inCollection, the software (stack_version).');
      // and they take what is new from now on
      notebook.setOperators('w07', ['slack:U0PILOT'], { id: 'slack:U1', name: 'pilot' });
      expect(notebook.findCampaign('w07').operators).toEqual(['slack:U0PILOT']);
    } finally {
      db.close();
    }
  });
});
