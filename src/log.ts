export type LogFields = Readonly<Record<string, unknown>>;

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log: each call writes one JSON line (time, level, msg, fields) to the sink. */
export interface Log {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LogOptions {
  readonly level?: LogLevel;
  /** Where lines go (default: stdout). */
  readonly sink?: (line: string) => void;
  /** Values never written, whatever logs them: tokens and secrets are replaced by `[redacted]`. */
  readonly secrets?: readonly (string | undefined)[];
  /** Called for every error line (the errors counter of /metrics). */
  readonly onError?: () => void;
}

const RANK: Readonly<Record<LogLevel, number>> = { debug: 0, info: 1, warn: 2, error: 3 };
// The short error id the chat adapters show users (src/chat/report-failure.ts): lifted into a field.
const ERROR_ID = /\berror id `?([0-9a-f]{6,8})\b/i;

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A value as log text: an Error as its stack, a string as is, anything else as JSON. */
export function describeLogValue(value: unknown): string {
  if (value instanceof Error) return value.stack ?? `${value.name}: ${value.message}`;
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** A JSON-lines log that redacts the given secrets from every line (messages and fields alike). */
export function createLog(options: LogOptions = {}): Log {
  const min = RANK[options.level ?? 'info'];
  const sink = options.sink ?? ((line: string) => process.stdout.write(`${line}\n`));
  // Short values would redact ordinary words: a secret is at least 8 characters.
  const secrets = [...new Set(options.secrets?.filter((value): value is string => typeof value === 'string' && value.length >= 8))];
  const redact = secrets.length > 0 ? new RegExp(secrets.sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g') : undefined;
  const write = (level: LogLevel, message: string, fields: LogFields = {}) => {
    if (RANK[level] < min) return;
    if (level === 'error') options.onError?.();
    const errorId = ERROR_ID.exec(message)?.[1];
    const entry: Record<string, unknown> = { time: new Date().toISOString(), level, msg: message, ...(errorId ? { error_id: errorId } : {}) };
    for (const [key, value] of Object.entries(fields)) entry[key] = value instanceof Error ? describeLogValue(value) : value;
    let line = JSON.stringify(entry);
    if (redact) line = line.replace(redact, '[redacted]');
    sink(line);
  };
  return {
    debug: (message, fields) => write('debug', message, fields),
    info: (message, fields) => write('info', message, fields),
    warn: (message, fields) => write('warn', message, fields),
    error: (message, fields) => write('error', message, fields),
  };
}

const LEVELS: Readonly<Record<string, LogLevel>> = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' };
// Every environment variable that holds a credential: never written to the log.
const SECRET_ENV = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'JIRA_API_TOKEN', 'JIRA_PAT', 'MATTERMOST_BOT_TOKEN', 'MATTERMOST_COMMAND_TOKEN', 'MATTERMOST_ADMIN_TOKEN'];

/** The app's log from its environment: LOG_LEVEL (debug|info|warn|error, default info), every credential redacted. */
export function createAppLog(env: NodeJS.ProcessEnv, options: Omit<LogOptions, 'level' | 'secrets'> = {}): { log: Log; level: LogLevel } {
  const level = LEVELS[(env.LOG_LEVEL ?? 'info').toLowerCase()] ?? 'info';
  const secrets = SECRET_ENV.map((name) => env[name]);
  // Basic auth carries email:token in base64; redact that form too.
  if (env.JIRA_EMAIL && env.JIRA_API_TOKEN) secrets.push(Buffer.from(`${env.JIRA_EMAIL}:${env.JIRA_API_TOKEN}`).toString('base64'));
  return { log: createLog({ ...options, level, secrets }), level };
}
