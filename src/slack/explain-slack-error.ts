import type { ExplainedError } from '../chat/report-failure.js';

// Slack errors a user can fix themselves.
const HINTS: Readonly<Record<string, string>> = {
  not_in_channel: 'The bot is not in this channel: invite it (/invite @campaign-notebook), then try again.',
  channel_not_found: 'The bot cannot see this channel (a private channel or a DM?): invite it (/invite @campaign-notebook), then try again.',
  is_archived: 'The channel is archived.',
  // views.open after the trigger's 3 s (a slow answer): the form cannot open any more.
  expired_trigger_id: 'The form could not open in time (Slack allows 3 seconds after the command). Run the command again.',
};

/** Slack's error code of a failed Web API call, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } })?.data?.error;
}

/** A failed Web API call's error code, with what the user can do about it when they can. */
export function explainSlackError(error: unknown): ExplainedError | undefined {
  const code = slackErrorCode(error);
  if (code === undefined) return undefined;
  const hint = HINTS[code];
  return hint ? { code, hint } : { code };
}
