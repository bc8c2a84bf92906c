import { beforeEach, describe, expect, it } from 'vitest';
import type { SqliteDatabase } from '../../src/store/open-database.js';
import { alice, lines, openTestNotebook } from '../campaign/open-test-notebook.js';

let db: SqliteDatabase;
beforeEach(() => {
  const opened = openTestNotebook();
  db = opened.db;
  const { notebook } = opened;
  notebook.defineCampaign({ shortName: 'w07', description: 'weekly' }, alice);
  notebook.startWorkflow('w07', { label: 'step1', wms: 'panda' }, [{ kind: 'exclude', reason: 'bad', list: lines('visit=1 detector=2') }], alice);
  notebook.storeList(lines('visit=3'), { name: 'named' }, alice);
});

const tables = [
  ['campaigns', "description = 'changed'"],
  ['workflows', "label = 'changed'"],
  ['events', "payload = '{}'"],
  ['lists', 'count = 7'],
  ['list_names', "name = 'other'"],
  ['list_entries', 'v1 = 99'],
  ['list_attachments', "reason = 'changed'"],
] as const;

describe('the database itself keeps the notebook append-only', () => {
  for (const [table, change] of tables) {
    it(`refuses UPDATE on ${table}`, () => {
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBeGreaterThan(0);
      expect(() => db.prepare(`UPDATE ${table} SET ${change}`).run()).toThrow(/^append-only: /);
    });
    it(`refuses DELETE on ${table}`, () => {
      expect(() => db.prepare(`DELETE FROM ${table}`).run()).toThrow(/^append-only: /);
      expect(db.prepare(`SELECT count(*) FROM ${table}`).pluck().get()).toBeGreaterThan(0);
    });
  }

  it('still lets chat adapters replace the post they remember', () => {
    db.prepare("INSERT INTO chat_posts VALUES ('CMP-1', 'slack', 'C1', '1.1')").run();
    expect(() => db.prepare("UPDATE chat_posts SET message_id = '1.2'").run()).not.toThrow();
  });
});
