import Database from 'better-sqlite3';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type SqliteDatabase = Database.Database;

/** db/ sits two levels above this module both in src/store (tsx) and in dist/store (built). */
export const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'db');

const BUSY_TIMEOUT_MS = 5000;

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** The numbered migrations `NNN-name.sql` in a directory, in numeric order. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch (error) {
    throw new Error(`Cannot read the database migrations in ${dir}: is the db/ folder shipped next to src/ or dist/?`, {
      cause: error,
    });
  }
  const migrations = files
    .map((name) => ({ name, match: /^(\d+)-[\w.-]+\.sql$/.exec(name) }))
    .filter((file) => file.match !== null)
    .map((file) => ({
      version: Number(file.match![1]),
      name: file.name,
      sql: readFileSync(join(dir, file.name), 'utf8'),
    }))
    .sort((a, b) => a.version - b.version);
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) {
      throw new Error(`Two migrations share number ${migrations[i]!.version}: ${migrations[i - 1]!.name} and ${migrations[i]!.name}`);
    }
  }
  return migrations;
}

/**
 * Opens (creating if needed) the notebook database: WAL, synchronous=FULL, foreign keys, a busy
 * timeout, each read back (refuses to run if one did not take), then applies pending migrations.
 * `:memory:` gives a private in-memory database, for tests. `migrate: false` leaves the schema as it is.
 * `syncEachCommit: false` (the server) commits without an fsync (synchronous=NORMAL): the caller then
 * makes commits durable with a CommitBarrier before it tells anyone they happened.
 */
export function openDatabase(
  path: string,
  options: { migrationsDir?: string; migrate?: boolean; syncEachCommit?: boolean } = {},
): SqliteDatabase {
  const inMemory = path === ':memory:';
  if (!inMemory) mkdirSync(dirname(path), { recursive: true });
  let db: SqliteDatabase;
  try {
    db = new Database(path);
  } catch (error) {
    throw new Error(`Cannot open the notebook database ${path}: check that the path (CAMPAIGN_DB) is writable`, {
      cause: error,
    });
  }
  try {
    applyPragmas(db, path, inMemory);
    if (options.migrate !== false) migrate(db, readMigrations(options.migrationsDir));
    if (options.syncEachCommit === false) {
      db.pragma('synchronous = NORMAL');
      const synchronous = Number(db.pragma('synchronous', { simple: true }));
      if (synchronous !== 1) throw new Error(`The notebook database ${path} refused synchronous=NORMAL (it is ${synchronous})`);
    }
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

function applyPragmas(db: SqliteDatabase, path: string, inMemory: boolean): void {
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('journal_mode = WAL');
  // Must be set on every connection: a WAL database otherwise runs at synchronous=NORMAL.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');

  const problems: string[] = [];
  const journalMode = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (journalMode !== 'wal' && !(inMemory && journalMode === 'memory')) {
    problems.push(`journal_mode is ${journalMode}, expected wal (is the file on a filesystem that supports WAL, e.g. not NFS?)`);
  }
  const synchronous = Number(db.pragma('synchronous', { simple: true }));
  if (synchronous !== 2) problems.push(`synchronous is ${synchronous}, expected 2 (FULL)`);
  const foreignKeys = Number(db.pragma('foreign_keys', { simple: true }));
  if (foreignKeys !== 1) problems.push(`foreign_keys is ${foreignKeys}, expected 1 (ON)`);
  const busyTimeout = Number(db.pragma('busy_timeout', { simple: true }));
  if (busyTimeout !== BUSY_TIMEOUT_MS) problems.push(`busy_timeout is ${busyTimeout}, expected ${BUSY_TIMEOUT_MS}`);
  if (problems.length > 0) {
    throw new Error(`The notebook database ${path} refused its required settings: ${problems.join('; ')}`);
  }
}

/** Applies every migration newer than PRAGMA user_version, each in its own transaction. */
export function migrate(db: SqliteDatabase, migrations: readonly Migration[] = readMigrations()): number {
  const current = Number(db.pragma('user_version', { simple: true }));
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(
      `The notebook database is at schema version ${current} but this program knows only up to ${newest}: run a newer version of campaign-notebook`,
    );
  }
  let applied = 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    const apply = db.transaction(() => {
      // Another process may have applied it while we waited for the write lock.
      if (Number(db.pragma('user_version', { simple: true })) >= migration.version) return false;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
      return true;
    });
    try {
      if (apply.immediate()) applied += 1;
    } catch (error) {
      throw new Error(`Migration ${migration.name} failed; the database was left at the version before it`, {
        cause: error,
      });
    }
  }
  return applied;
}
