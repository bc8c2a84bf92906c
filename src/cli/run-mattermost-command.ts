import { parseArgs } from 'node:util';
import { UserError } from '../campaign/user-error.js';
import { createMattermostClient, MattermostApiError } from '../mattermost/create-mattermost-client.js';
import type { CliContext } from './cli-io.js';
import { CliUsageError } from './cli-io.js';

const MATTERMOST_ID = /^[a-z0-9]{26}$/;

/** What Mattermost's refusals mean for the operator running setup. */
function explain(error: MattermostApiError, team: string, url: string): UserError {
  switch (error.errorId) {
    case 'api.command.duplicate_trigger.app_error':
      return new UserError(
        `Team ${team} already has a /campaign command. Remove it (Main Menu → Integrations → Slash Commands) and run setup again, ` +
          'or keep it and copy its token from there into MATTERMOST_COMMAND_TOKEN.',
        {},
        { cause: error },
      );
    case 'api.command.disabled.app_error':
      return new UserError('Custom slash commands are disabled on this server: enable them in System Console → Integrations → Integration Management.', {}, { cause: error });
    default:
      break;
  }
  if (error.status === 401) return new UserError(`${url} refused the token (401): give a valid personal access token or bot token with --token or MATTERMOST_ADMIN_TOKEN.`, {}, { cause: error });
  if (error.status === 403)
    return new UserError(`The token may not create slash commands in team ${team} (403): use an account with the manage_slash_commands permission in that team (a team or system admin).`, {}, { cause: error });
  if (error.status === 404) return new UserError(`No team named "${team}" on ${url}: give its name (as in its URL) or its id.`, {}, { cause: error });
  return new UserError(error.message, {}, { cause: error });
}

/**
 * `campaign mattermost setup --team <team>`: registers the `/campaign` slash command on the
 * Mattermost server (POST /api/v4/commands) and prints the token to set as MATTERMOST_COMMAND_TOKEN.
 */
export async function runMattermostCommand(context: CliContext): Promise<number> {
  const [verb, ...rest] = context.args;
  if (verb !== 'setup') throw new CliUsageError('mattermost commands: mattermost setup --team <team> [--url URL] [--public-url URL] [--token TOKEN] [--trigger campaign]');
  const { values } = parseArgs({
    args: [...rest],
    options: {
      team: { type: 'string' },
      url: { type: 'string' },
      'public-url': { type: 'string' },
      token: { type: 'string' },
      trigger: { type: 'string', default: 'campaign' },
    },
    strict: true,
    allowPositionals: false,
  });
  const env = context.io.env;
  const url = (values.url ?? env.MATTERMOST_URL ?? '').replace(/\/+$/, '');
  const publicUrl = (values['public-url'] ?? env.PUBLIC_URL ?? '').replace(/\/+$/, '');
  const token = values.token ?? env.MATTERMOST_ADMIN_TOKEN ?? env.MATTERMOST_BOT_TOKEN;
  const team = values.team;
  const missing = [
    ...(team ? [] : ['--team <team name or id>']),
    ...(url ? [] : ['--url or MATTERMOST_URL (the Mattermost server)']),
    ...(publicUrl ? [] : ['--public-url or PUBLIC_URL (where the server reaches the bot)']),
    ...(token ? [] : ['--token, MATTERMOST_ADMIN_TOKEN or MATTERMOST_BOT_TOKEN (allowed to manage slash commands)']),
  ];
  if (missing.length > 0) throw new CliUsageError(`mattermost setup needs ${missing.join(', ')}`);
  const trigger = values.trigger;
  if (!/^[a-z0-9._-]{1,128}$/.test(trigger) || trigger.startsWith('/')) throw new CliUsageError(`"${trigger}" is not a slash command trigger (lower-case word, no slash)`);

  const client = createMattermostClient({ url, token: token! });
  try {
    let teamId: string;
    try {
      teamId = (await client.getTeamByName(team!)).id;
    } catch (error) {
      if (!(error instanceof MattermostApiError && error.status === 404 && MATTERMOST_ID.test(team!))) throw error;
      teamId = team!;
    }
    const command = await client.createCommand({
      team_id: teamId,
      trigger,
      method: 'P',
      url: `${publicUrl}/mattermost/command`,
      display_name: 'Campaign notebook',
      description: 'The lab notebook of processing campaigns: it records, it does not execute.',
      auto_complete: true,
      auto_complete_desc: 'Record and look up campaigns and workflow starts: help, new, start, list, show, status, run, note, history, why, export, lists',
      auto_complete_hint: '[help | new [name] | start <campaign> [label] | rerun <workflow> | show <ref> | why <dim>=<value> ...]',
    });
    context.print(`Registered /${command.trigger} in team ${team} (command id ${command.id}); Mattermost will POST it to ${publicUrl}/mattermost/command.`);
    context.print('Set this on the bot and restart it:');
    context.print(`MATTERMOST_COMMAND_TOKEN=${command.token}`);
    return 0;
  } catch (error) {
    if (error instanceof MattermostApiError) throw explain(error, team!, url);
    throw error;
  }
}
