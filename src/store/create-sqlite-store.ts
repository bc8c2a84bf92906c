import type { NotebookStore } from '../campaign/notebook-store.js';
import { createAttachmentIndex } from './create-attachment-index.js';
import { createListStore } from './create-list-store.js';
import { createRecordStore } from './create-record-store.js';
import { createReminderStore } from './create-reminder-store.js';
import type { SqliteDatabase } from './open-database.js';
import { statementCache } from './statement-cache.js';

/**
 * The SQLite store behind the notebook (its NotebookStore port): records, stored lists, and the
 * attachment index that answers `why`, sharing one connection and its prepared statements.
 */
export function createSqliteStore(db: SqliteDatabase): NotebookStore {
  const sql = statementCache(db);
  const runInTransaction = db.transaction((write: () => unknown) => write());
  const transaction = <T>(write: () => T): T => runInTransaction.immediate(write) as T;
  const attachments = createAttachmentIndex(sql);
  const records = createRecordStore(sql, attachments);
  return {
    transaction,
    ...records,
    ...createReminderStore(sql, transaction, records.appendEvent),
    ...createListStore(sql, transaction),
    attachList: attachments.attachList,
    attachedLists: attachments.attachedLists,
    why: attachments.why,
  };
}
