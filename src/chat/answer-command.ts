import { isUserError } from '../campaign/user-error.js';
import type { ChatEffect } from './chat-effect.js';
import { simpleMessage, text, type ChatMessage } from './chat-message.js';
import type { ReportFailure } from './report-failure.js';

/** How one platform answers one request: the transport; what is said when is the chat layer's. */
export interface AnswerTransport {
  /** Carries out effects after the answer, in order (a `reply` is said privately). */
  run(effects: readonly ChatEffect[]): Promise<void>;
  /** Tells the user privately after the answer. */
  tell(message: ChatMessage): Promise<void>;
}

/** How one platform answers one slash command. */
export interface CommandTransport extends AnswerTransport {
  /** The answer itself (Slack: the ack; Mattermost: the HTTP answer), with this reply or with nothing. */
  answer(reply?: ChatMessage): Promise<void>;
  /** The answer when the outcome is not ready yet (Slack: an empty ack; Mattermost: "Working on…"). */
  answerLater(): Promise<void>;
}

export interface AfterAnswerOptions {
  /** Resolves when no chat request waits for its answer (AnswersFirst.afterAnswers). */
  readonly afterAnswers: () => Promise<void>;
  readonly report: ReportFailure;
  /** For a UserError after the answer (the user is told its message): worth a look, not a failure. */
  readonly warn: (line: string) => void;
}

/**
 * Carries out what follows an answer: once no request waits for its own answer (acks first), except
 * when a form opens (its trigger expires within seconds). A failure is told to the user privately,
 * as their own mistake for a UserError (or ListError), else with an error id.
 */
export async function runAfterAnswer(what: string, effects: readonly ChatEffect[], transport: AnswerTransport, options: AfterAnswerOptions): Promise<void> {
  if (effects.length === 0) return;
  try {
    if (!effects.some((effect) => effect.kind === 'openForm')) await options.afterAnswers();
    await transport.run(effects);
  } catch (error) {
    if (!isUserError(error)) {
      await options.report(what, error, (message) => transport.tell(message));
      return;
    }
    options.warn(`${what}: ${error.message}${error.cause ? ` (${(error.cause as Error).message})` : ''}`);
    await transport.tell(simpleMessage([text(error.message)])).catch((tellError: unknown) => options.warn(`${what}: could not tell the user: ${(tellError as Error).message}`));
  }
}

/**
 * Answers a slash command whose handler is `work`: an outcome ready within `answerWithinMs` rides on
 * the answer (its first reply, or the failure's message), a slower one is acknowledged first and
 * told after. Everything else follows the answer (runAfterAnswer).
 */
export async function answerCommand(
  verb: string,
  work: Promise<readonly ChatEffect[]>,
  transport: CommandTransport,
  options: AfterAnswerOptions & { readonly answerWithinMs: number },
): Promise<void> {
  await answerRequest(`/campaign ${verb}`, work, transport, options);
}

/** answerCommand for any request whose answer may carry a reply (a Mattermost button click too); `what` names it in failures. */
export async function answerRequest(
  what: string,
  work: Promise<readonly ChatEffect[]>,
  transport: CommandTransport,
  options: AfterAnswerOptions & { readonly answerWithinMs: number },
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    work.then((effects) => ({ effects }), (error: unknown) => ({ error })),
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), options.answerWithinMs);
    }),
  ]);
  clearTimeout(timer);
  let effects: readonly ChatEffect[];
  if (early === undefined) {
    await transport.answerLater();
    try {
      effects = await work;
    } catch (error) {
      await options.report(what, error, (message) => transport.tell(message));
      return;
    }
  } else if ('error' in early) {
    await options.report(what, early.error, (message) => transport.answer(message));
    return;
  } else {
    const [first, ...rest] = early.effects;
    await transport.answer(first?.kind === 'reply' ? first.message : undefined);
    effects = first?.kind === 'reply' ? rest : early.effects;
  }
  await runAfterAnswer(what, effects, transport, options);
}
