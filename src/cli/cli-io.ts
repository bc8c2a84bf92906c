import type { Notebook } from '../campaign/notebook.js';
import type { ListLimits } from '../lists/list-limits.js';
import type { Actor } from '../campaign/records.js';
import type { SqliteDatabase } from '../store/open-database.js';

/** Where the CLI reads and writes, so tests drive it in-process. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Relative file names are read and written from here; default process.cwd(). */
  readonly cwd?: string;
}

/** What a command gets: its arguments, output, and the notebook opened on first use. */
export interface CliContext {
  readonly args: readonly string[];
  readonly io: CliIo;
  readonly actor: Actor;
  readonly databasePath: string;
  notebook(): Notebook;
  database(): SqliteDatabase;
  /** The list limits of the config file (CAMPAIGN_CONFIG, or campaign-notebook.yaml if present), read on first use. */
  listLimits(): ListLimits;
  /** A path given on the command line, resolved against the CLI's working directory. */
  path(file: string): string;
  print(text: string): void;
}

/** A command line that does not parse: printed with the usage, exit code 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}
