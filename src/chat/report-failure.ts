import { randomBytes } from 'node:crypto';
import { code, simpleMessage, text, type ChatMessage } from './chat-message.js';
import { PLATFORM_NAMES, type ChatRequest } from './chat-request.js';

/** What a platform knows of one of its errors: its error code (for the log) and, when the user can fix it, how. */
export interface ExplainedError {
  readonly code: string;
  readonly hint?: string;
}

/** Logs a failure with a new error id and tells the user through `tell` (never throws); returns the error id. */
export type ReportFailure = (what: string, error: unknown, tell?: (message: ChatMessage) => Promise<unknown>) => Promise<string>;

/** A short id that links what a user is told to the log line an operator reads. */
function newErrorId(): string {
  return randomBytes(3).toString('hex');
}

/** The user's side of a failure: what failed, why when they can fix it, that records stand, and the error id. */
function failureMessage(what: string, errorId: string, hint?: string): ChatMessage {
  return simpleMessage([text('Something went wrong')], [
    text(`${what} failed: ${hint ?? 'an internal error, not something you typed.'} Anything already recorded is kept. Error id `),
    code(errorId),
    text(' (give it to the bot operators; it is in their log).'),
  ]);
}

/**
 * One platform's ReportFailure: log lines start with `[platform] error id …` (the log lifts the id
 * into a field), and `explain` turns the platform's error codes into the log's detail and the user's hint.
 */
export function createReportFailure(options: {
  readonly platform: ChatRequest['platform'];
  readonly log: (line: string) => void;
  readonly explain?: (error: unknown) => ExplainedError | undefined;
}): ReportFailure {
  return async (what, error, tell) => {
    const errorId = newErrorId();
    const explained = options.explain?.(error);
    const detail = explained ? ` (${PLATFORM_NAMES[options.platform]}: ${explained.code})` : '';
    options.log(`[${options.platform}] error id ${errorId}: ${what} failed${detail}: ${(error as Error)?.stack ?? String(error)}`);
    try {
      await tell?.(failureMessage(what, errorId, explained?.hint));
    } catch (tellError) {
      options.log(`[${options.platform}] error id ${errorId}: could not tell the user either: ${(tellError as Error)?.message ?? String(tellError)}`);
    }
    return errorId;
  };
}
