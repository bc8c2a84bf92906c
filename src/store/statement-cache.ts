import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from './open-database.js';

/** Prepares a statement once per SQL text and connection, then reuses it. */
export type Sql = (text: string) => Statement;

/** The statement cache of one connection, shared by the parts of the store. */
export function statementCache(db: SqliteDatabase): Sql {
  const statements = new Map<string, Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}
