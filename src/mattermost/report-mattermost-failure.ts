import { randomBytes } from 'node:crypto';
import { code, simpleMessage, text, type ChatMessage } from '../chat/chat-message.js';

/** The user's side of a failure: what failed, that records stand, and an error id that is in the log. */
export function failureMessage(what: string, errorId: string): ChatMessage {
  return simpleMessage([text('Something went wrong')], [
    text(`${what} failed: an internal error, not something you typed. Anything already recorded is kept. Error id `),
    code(errorId),
    text(' (give it to the bot operators; it is in their log).'),
  ]);
}

/** Logs a failure with a short error id and tells the user through `tell` (never throws). */
export async function reportMattermostFailure(
  log: (line: string) => void,
  what: string,
  error: unknown,
  tell: (message: ChatMessage) => Promise<unknown>,
): Promise<string> {
  const errorId = randomBytes(3).toString('hex');
  log(`[mattermost] error id ${errorId}: ${what} failed: ${(error as Error)?.stack ?? String(error)}`);
  try {
    await tell(failureMessage(what, errorId));
  } catch (tellError) {
    log(`[mattermost] error id ${errorId}: could not tell the user either: ${(tellError as Error)?.message ?? String(tellError)}`);
  }
  return errorId;
}
