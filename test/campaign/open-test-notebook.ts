import { UserError } from '../../src/campaign/user-error.js';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Notebook } from '../../src/campaign/notebook.js';
import type { Actor } from '../../src/campaign/records.js';
import type { DataIdList } from '../../src/lists/data-id-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/open-database.js';

export const alice: Actor = { id: 'slack:U0ALICE', name: 'alice' };
export const bob: Actor = { id: 'slack:U0BOB', name: 'bob' };

/** A notebook over a fresh in-memory database with the real migrations, and a clock one second per call. */
export function openTestNotebook(): { notebook: Notebook; db: SqliteDatabase; store: ReturnType<typeof createSqliteStore> } {
  const db = openDatabase(':memory:');
  const store = createSqliteStore(db);
  let tick = Date.parse('2026-11-25T10:00:00Z');
  const notebook = createNotebook({ store, now: () => new Date((tick += 1000)) });
  return { notebook, db, store };
}

/** A list from data-ID lines, e.g. `visit=1 detector=2 # reason`. */
export function lines(text: string): DataIdList {
  return parseDataIdList(text, { source: 'test', format: 'lines' });
}

/** The UserError an action throws (fails the test when it throws nothing, rethrows anything else). */
export function catchUserError(action: () => unknown): UserError {
  try {
    action();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError, but nothing was thrown');
}
