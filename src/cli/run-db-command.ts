import { statSync } from 'node:fs';
import { migrate, readMigrations } from '../store/open-database.js';
import type { CliContext } from './cli-io.js';
import { CliUsageError } from './cli-io.js';

/** `campaign db migrate` and `campaign db backup <file>` (SQLite's online backup: safe while the bot writes). */
export async function runDbCommand(context: CliContext): Promise<number> {
  const [verb, ...rest] = context.args;
  if (verb === 'migrate' && rest.length === 0) {
    const db = context.database();
    const applied = migrate(db, readMigrations());
    const version = Number(db.pragma('user_version', { simple: true }));
    context.print(`${context.databasePath}: schema version ${version} (${applied === 0 ? 'up to date' : `applied ${applied} migration(s)`})`);
    return 0;
  }
  if (verb === 'backup' && rest.length === 1) {
    const target = context.path(rest[0]!);
    await context.database().backup(target);
    context.print(`Backed up ${context.databasePath} to ${target} (${statSync(target).size} bytes).`);
    return 0;
  }
  throw new CliUsageError('db commands: db migrate | db backup <file>');
}
