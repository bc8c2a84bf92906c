import { readFileSync, existsSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { WMS_NAMES } from './campaign/records.js';
import type { StatusToolTemplate } from './links/status-links.js';
import { statusTemplateProblems } from './links/status-template-problems.js';
import { DAF_BUTLER_UNIVERSE } from './lists/dimension-universe.js';
import type { ListLimits } from './lists/list-limits.js';
import type { ReminderSettings } from './chat/start-reminders.js';

const statusToolSchema: z.ZodType<StatusToolTemplate> = z
  .strictObject({
    label: z.string().min(1),
    url: z.string().min(1).optional(),
    command: z.string().min(1).optional(),
  })
  .refine((tool) => (tool.url === undefined) !== (tool.command === undefined), {
    message: 'give exactly one of `url` or `command`',
  });

const DURATION_UNITS_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration `<n>s`, `<n>m`, `<n>h` or `<n>d` (n a whole number from 1), in milliseconds. */
const durationSchema = z
  .string()
  .regex(/^[1-9]\d*[smhd]$/, 'a duration is a whole number and a unit: 30s, 15m, 12h or 2d')
  .transform((value) => Number(value.slice(0, -1)) * DURATION_UNITS_MS[value.slice(-1) as keyof typeof DURATION_UNITS_MS]);

/** A UTC time of day "HH:MM". */
const timeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day is "HH:MM", 24-hour, UTC (e.g. "08:00")')
  .transform((value) => ({ hour: Number(value.slice(0, 2)), minute: Number(value.slice(3)) }));

export const fileConfigSchema = z.strictObject({
  slack: z.strictObject({ team_id: z.string().min(1).optional() }).optional(),
  mattermost: z
    .strictObject({
      team_id: z.string().min(1).optional(),
      // the server's FileSettings.MaxFileSize: the most one upload request may carry (100 MiB by default)
      max_file_size: z.number().int().min(1024 * 1024).optional(),
    })
    .optional(),
  access: z.strictObject({ writers: z.array(z.string().min(1)).default([]) }).optional(),
  status_tools: z
    .record(z.string(), z.array(statusToolSchema))
    .superRefine((tools, ctx) => {
      for (const message of statusTemplateProblems(tools, WMS_NAMES)) ctx.addIssue({ code: 'custom', message });
    })
    .optional(),
  jira: z
    .strictObject({
      project: z.string().min(1).optional(),
      campaign_issue_type: z.string().default('Task'),
      workflow_mode: z.enum(['subtask', 'comment']).default('subtask'),
      workflow_issue_type: z.string().default('Sub-task'),
      labels: z.array(z.string().regex(/^\S+$/, 'Jira labels cannot contain spaces')).default(['campaign-notebook']),
      transitions: z.record(z.string(), z.string()).default({}),
    })
    .optional(),
  reminders: z
    .strictObject({
      // a campaign waiting for a decision this long: remind its operators, in its thread
      paused: durationSchema.optional(),
      // a submitted or running workflow with no event for this long: ask its operators
      quiet: durationSchema.optional(),
      // daily, UTC: each channel with open campaigns gets a digest
      digest: timeOfDaySchema.optional(),
    })
    .optional(),
  lists: z
    .strictObject({
      max_upload_bytes: z.number().int().positive().optional(),
      max_inflated_bytes: z.number().int().positive().optional(),
      max_entries: z.number().int().positive().optional(),
      // dimensions of the site's own universe beyond daf_butler's, with their primary-key types
      extra_dimensions: z
        .record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a dimension name is letters, digits and _'), z.enum(['int', 'string']))
        .superRefine((extra, ctx) => {
          for (const name of Object.keys(extra)) {
            const known = DAF_BUTLER_UNIVERSE.keyTypes.get(name);
            if (known !== undefined) ctx.addIssue({ code: 'custom', path: [name], message: `${name} is already a dimension of the ${DAF_BUTLER_UNIVERSE.name} (${known})` });
          }
        })
        .optional(),
    })
    .optional(),
});

export type FileConfig = z.infer<typeof fileConfigSchema>;

/** The list parser's limits from the `lists` keys (a key left out keeps the parser's default). */
export function listLimitsOf(config: FileConfig): ListLimits {
  return {
    ...(config.lists?.max_inflated_bytes ? { maxInflatedBytes: config.lists.max_inflated_bytes } : {}),
    ...(config.lists?.max_entries ? { maxEntries: config.lists.max_entries } : {}),
    ...(config.lists?.extra_dimensions ? { extraDimensions: config.lists.extra_dimensions } : {}),
  };
}

/** The `reminders` keys as the reminders take them (none set: no reminders, no digest). */
export function remindersOf(config: FileConfig): ReminderSettings {
  const reminders = config.reminders ?? {};
  return {
    ...(reminders.paused ? { pausedMs: reminders.paused } : {}),
    ...(reminders.quiet ? { quietMs: reminders.quiet } : {}),
    ...(reminders.digest ? { digest: reminders.digest } : {}),
  };
}

/** Reads and validates the YAML config; errors name the file and the key. Absent file = all defaults. */
export function readFileConfig(path: string | undefined, required: boolean): FileConfig {
  if (path === undefined || (!required && !existsSync(path))) return fileConfigSchema.parse({});
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    throw new Error(`Cannot read the config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  const result = fileConfigSchema.safeParse(raw);
  if (!result.success) {
    throw new Error(`The config file ${path} is not valid:\n${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** Secrets and endpoints, from the environment. A pure function of the env it is given. */
export interface EnvConfig {
  readonly port: number;
  readonly databasePath: string;
  readonly configPath: string | undefined;
  readonly configRequired: boolean;
  readonly slack?: {
    readonly botToken: string;
    readonly signingSecret: string;
    readonly appToken?: string;
    readonly apiUrl?: string;
  };
  readonly jira?: {
    readonly host: string;
    readonly project?: string;
    readonly auth: { readonly email: string; readonly apiToken: string } | { readonly pat: string };
  };
  readonly mattermost?: {
    readonly url: string;
    readonly botToken: string;
    readonly commandToken: string;
    readonly publicUrl: string;
  };
}

export function readEnvConfig(env: NodeJS.ProcessEnv): EnvConfig {
  const missing = (names: string[]) => names.filter((name) => !env[name]);
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);

  let slack: EnvConfig['slack'];
  if (env.SLACK_BOT_TOKEN || env.SLACK_SIGNING_SECRET || env.SLACK_APP_TOKEN) {
    // Socket Mode signs nothing (the app-level token opens the connection): no signing secret needed.
    const absent = missing(env.SLACK_APP_TOKEN ? ['SLACK_BOT_TOKEN'] : ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET']);
    if (absent.length > 0) throw new Error(`Slack is half configured: set ${absent.join(' and ')} as well`);
    slack = {
      botToken: env.SLACK_BOT_TOKEN!,
      signingSecret: env.SLACK_SIGNING_SECRET ?? '',
      ...(env.SLACK_APP_TOKEN ? { appToken: env.SLACK_APP_TOKEN } : {}),
      ...(env.SLACK_API_URL ? { apiUrl: env.SLACK_API_URL } : {}),
    };
  }

  let jira: EnvConfig['jira'];
  if (env.JIRA_HOST) {
    let auth: NonNullable<EnvConfig['jira']>['auth'];
    if (env.JIRA_PAT) auth = { pat: env.JIRA_PAT };
    else if (env.JIRA_EMAIL && env.JIRA_API_TOKEN) auth = { email: env.JIRA_EMAIL, apiToken: env.JIRA_API_TOKEN };
    else throw new Error('JIRA_HOST is set: set JIRA_PAT (Data Center) or JIRA_EMAIL and JIRA_API_TOKEN (Cloud) too');
    jira = { host: env.JIRA_HOST.replace(/\/+$/, ''), auth, ...(env.JIRA_PROJECT ? { project: env.JIRA_PROJECT } : {}) };
  }

  let mattermost: EnvConfig['mattermost'];
  if (env.MATTERMOST_URL) {
    const absent = missing(['MATTERMOST_BOT_TOKEN', 'MATTERMOST_COMMAND_TOKEN', 'PUBLIC_URL']);
    if (absent.length > 0) throw new Error(`MATTERMOST_URL is set: set ${absent.join(', ')} as well`);
    mattermost = {
      url: env.MATTERMOST_URL.replace(/\/+$/, ''),
      botToken: env.MATTERMOST_BOT_TOKEN!,
      commandToken: env.MATTERMOST_COMMAND_TOKEN!,
      publicUrl: env.PUBLIC_URL!.replace(/\/+$/, ''),
    };
  }

  return {
    port,
    databasePath: env.CAMPAIGN_DB || 'data/campaign-notebook.sqlite',
    configPath: env.CAMPAIGN_CONFIG || 'campaign-notebook.yaml',
    configRequired: Boolean(env.CAMPAIGN_CONFIG),
    ...(slack ? { slack } : {}),
    ...(jira ? { jira } : {}),
    ...(mattermost ? { mattermost } : {}),
  };
}
