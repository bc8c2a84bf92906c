import { randomBytes } from 'node:crypto';
import type { Logger } from '@slack/bolt';
import { simpleMessage, code, text, type ChatMessage } from '../chat/chat-message.js';

/** A short id that links what a user is told to the log line an operator reads. */
export function newErrorId(): string {
  return randomBytes(3).toString('hex');
}

// Slack errors a user can fix themselves.
const HINTS: Readonly<Record<string, string>> = {
  not_in_channel: 'The bot is not in this channel: invite it (/invite @campaign-notebook), then try again.',
  channel_not_found: 'The bot cannot see this channel (a private channel or a DM?): invite it (/invite @campaign-notebook), then try again.',
  is_archived: 'The channel is archived.',
};

/** The user's side of a failure: what happened, that the record (if any) stands, and the error id. */
export function failureMessage(what: string, errorId: string, slackError?: string): ChatMessage {
  const hint = slackError ? HINTS[slackError] : undefined;
  return simpleMessage([text('Something went wrong')], [
    text(`${what} failed: ${hint ?? 'an internal error, not something you typed.'} Anything already recorded is kept. Error id `),
    code(errorId),
    text(' (give it to the bot operators; it is in their log).'),
  ]);
}

/** Slack's error code of a failed Web API call, if it is one. */
export function slackErrorCode(error: unknown): string | undefined {
  return (error as { data?: { error?: string } })?.data?.error;
}

/** Logs a failure after the ack with an error id, and tells the user through `tell` (never throws). */
export async function reportFailure(
  logger: Logger,
  what: string,
  error: unknown,
  tell: (message: ChatMessage) => Promise<unknown>,
): Promise<string> {
  const errorId = newErrorId();
  const detail = slackErrorCode(error);
  logger.error(`[slack] error id ${errorId}: ${what} failed${detail ? ` (Slack: ${detail})` : ''}: ${(error as Error)?.stack ?? String(error)}`);
  try {
    await tell(failureMessage(what, errorId, detail));
  } catch (tellError) {
    logger.error(`[slack] error id ${errorId}: could not tell the user either: ${(tellError as Error)?.message ?? String(tellError)}`);
  }
  return errorId;
}
