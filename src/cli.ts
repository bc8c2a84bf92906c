#!/usr/bin/env node
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createNotebook } from './campaign/create-notebook.js';
import type { Notebook } from './campaign/notebook.js';
import { isUserError } from './campaign/user-error.js';
import type { CliContext, CliIo } from './cli/cli-io.js';
import { CliUsageError } from './cli/cli-io.js';
import { runDbCommand } from './cli/run-db-command.js';
import { runMattermostCommand } from './cli/run-mattermost-command.js';
import { runListsCommand } from './cli/run-lists-command.js';
import { cloneCommand, diffCommand, operatorsCommand, rerunCommand, whoCommand } from './cli/run-rerun-commands.js';
import {
  addNoteCommand,
  changeStatusCommand,
  defineCampaignCommand,
  exportCommand,
  historyCommand,
  listCampaignsCommand,
  recordRunCommand,
  showCommand,
  startWorkflowCommand,
  whyCommand,
} from './cli/run-record-command.js';
import { createSqliteStore } from './store/create-sqlite-store.js';
import { openDatabase, type SqliteDatabase } from './store/open-database.js';
import { listLimitsOf, readFileConfig } from './config.js';
import { universeWith } from './lists/dimension-universe.js';
import type { ListLimits } from './lists/list-limits.js';

export const DEFAULT_DATABASE = 'data/campaign-notebook.sqlite';

export const USAGE = `campaign: the campaign notebook from the command line (same records as the chat bot)

Lists (no database needed):
  campaign lists validate <file>... [--json]     count, dimensions and sha256 of each list
  campaign lists convert <file> --to json|ecsv|where
  campaign lists diff <a> <b> [--json]           data IDs added and removed
Stored lists:
  campaign lists                                 the stored lists
  campaign lists add <file> [--name N] [--reason T]
Records (a campaign is CMP-12 or its short name, a workflow CMP-12/3):
  campaign new <short-name> --description T [--production --stack-version --butler-repo
      --input-collections --output-collection --input-data --workflow-definition --jira-issue KEY
      --operators a,b]
  campaign start <campaign> <label> --wms panda|htcondor|pegasus|parsl|prompt|other
      [--pipeline --stack-version --config-override task:field=value... --butler-repo
       --input-collections --output-run --data-query --bps-command --run-id --run-name --notes
       --operators a,b] [--include FILE --include-reason T --include-provenance T]
      [--exclude FILE --exclude-reason T --exclude-provenance T]
      (FILE may also be sha256:<12+ hex digits> or list:<name> of a stored list; --stack-version
       w_2025_47, d_2025_11_20, v29.1.0 or other:<text>; operators slack:U0123, mattermost:<id>
       or a login)
  campaign clone <campaign> <new-short-name> --changes T [any option of new]
  campaign rerun <workflow> [label] [--in <campaign>] --changes T [any option of start]
      [--no-include] [--no-exclude]   (lists, like every field, come from the source unless given)
  campaign diff <a> <b> [--json]                 two campaigns or two workflows side by side
  campaign operators <campaign|workflow> [user... | none]   who operates it; with users, hand over
  campaign who [user] [--json]                   what each operator holds
  campaign run <workflow> <run-id> [run-name]    or: run <workflow> --bps-output FILE (bps submit or bps report output)
  campaign status <campaign|workflow> <status> [reason]   or: status <workflow> --bps-report FILE
  campaign note <campaign|workflow> <text>
  campaign list [--status S] [--mine]
  campaign show|history <campaign|workflow>
  campaign export <campaign|workflow> [--out DIR]
  campaign export <workflow> --to bps [--out DIR]  a BPS submit YAML and its data-ID tables
  campaign why <dim>=<value>... [--json]
Database (CAMPAIGN_DB, default ${DEFAULT_DATABASE}):
  campaign db migrate
  campaign db backup <file>
Mattermost (MATTERMOST_URL, PUBLIC_URL, MATTERMOST_ADMIN_TOKEN or MATTERMOST_BOT_TOKEN):
  campaign mattermost setup --team <team> [--url URL] [--public-url URL] [--token T]
      registers /campaign on the server and prints MATTERMOST_COMMAND_TOKEN
`;

/** Runs the `campaign` command line; returns the exit code (0 ok, 1 a problem to fix, 2 a usage error). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  const cwd = io.cwd ?? process.cwd();
  const databasePath = resolve(cwd, io.env.CAMPAIGN_DB ?? DEFAULT_DATABASE);
  const login = io.env.USER ?? io.env.LOGNAME ?? userInfo().username;
  let db: SqliteDatabase | undefined;
  let notebook: Notebook | undefined;
  let listLimits: ListLimits | undefined;
  const database = (): SqliteDatabase => (db ??= openDatabase(databasePath, { migrate: command !== 'db' }));
  const context: CliContext = {
    args,
    io,
    actor: { id: `cli:${login}`, name: login },
    databasePath,
    database,
    notebook: () =>
      (notebook ??= createNotebook({ store: createSqliteStore(database()), universe: universeWith(context.listLimits().extraDimensions) })),
    listLimits: () =>
      (listLimits ??= listLimitsOf(readFileConfig(resolve(cwd, io.env.CAMPAIGN_CONFIG || 'campaign-notebook.yaml'), Boolean(io.env.CAMPAIGN_CONFIG)))),
    path: (file) => resolve(cwd, file),
    print: (text) => io.stdout.write(`${text}\n`),
  };
  try {
    switch (command) {
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout.write(USAGE);
        return 0;
      case 'lists':
        return runListsCommand(context);
      case 'new':
        return defineCampaignCommand(context);
      case 'start':
        return startWorkflowCommand(context);
      case 'run':
        return recordRunCommand(context);
      case 'status':
        return changeStatusCommand(context);
      case 'note':
        return addNoteCommand(context);
      case 'list':
        return listCampaignsCommand(context);
      case 'show':
        return showCommand(context);
      case 'history':
        return historyCommand(context);
      case 'export':
        return exportCommand(context);
      case 'why':
        return whyCommand(context);
      case 'clone':
        return cloneCommand(context);
      case 'rerun':
        return rerunCommand(context);
      case 'diff':
        return diffCommand(context);
      case 'operators':
        return operatorsCommand(context);
      case 'who':
        return whoCommand(context);
      case 'db':
        return await runDbCommand(context);
      case 'mattermost':
        return await runMattermostCommand(context);
      default:
        throw new CliUsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (isUserError(error)) {
      io.stderr.write(`${error.message}\n`);
      return 1;
    }
    if (error instanceof CliUsageError || isParseArgsError(error)) {
      io.stderr.write(`campaign: ${(error as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.stderr.write(`campaign: ${describeError(error)}\n`);
    return 1;
  } finally {
    db?.close();
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

/** The message and its chain of causes, for an operator. */
function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  while (current instanceof Error && parts.length < 5) {
    parts.push(current.message);
    current = current.cause;
  }
  if (parts.length === 0) parts.push(String(error));
  const hint =
    (error as { code?: unknown } | null)?.code === 'SQLITE_BUSY'
      ? '\n  (another process, the bot perhaps, held the database write lock for more than 5 s; try again)'
      : '';
  return parts.join('\n  caused by: ') + hint;
}

function isMain(): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  try {
    return realpathSync(script) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  process.exitCode = await runCli(process.argv.slice(2), { env: process.env, stdout: process.stdout, stderr: process.stderr });
}
