import type { AllMiddlewareArgs, App, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleCommand } from '../chat/handle-command.js';
import { replyPrivately, runEffects, type SlackEffectContext } from './run-effects.js';
import { reportFailure } from './report-failure.js';
import { renderMessage } from './render-message.js';
import type { InFlight } from './track-in-flight.js';

interface CommandDeps {
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  readonly platform: PlatformAccess;
  readonly logger: Logger;
  readonly inFlight: InFlight;
  readonly afterAnswers: () => Promise<void>;
}

/** `/campaign <verb> ...`: the chat layer's handler; a quick reply rides on the ack, other effects follow it. */
export function registerCommand(app: App, deps: CommandDeps): void {
  app.command('/campaign', (args) => deps.inFlight.run(() => onCommand(args, deps)));
}

/** One slash command, exported for tests that call it without HTTP. */
export async function onCommand(
  { command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  deps: CommandDeps,
): Promise<void> {
  const request: ChatRequest = {
    platform: 'slack',
    userId: command.user_id,
    userName: command.user_name,
    channelId: command.channel_id,
    teamId: command.team_id,
  };
  const context: SlackEffectContext = {
    client,
    chatPosts: deps.chatPosts,
    userId: command.user_id,
    channelId: command.channel_id,
    triggerId: command.trigger_id,
    ...(deps.chat.notifier ? { notifier: deps.chat.notifier } : {}),
    respond: (message) => respond(message as Parameters<typeof respond>[0]),
  };
  const work = handleCommand(command.text ?? '', request, deps.chat, deps.platform).then(
    (effects) => ({ effects }),
    (error: unknown) => ({ error }),
  );
  // A reply that is ready at once goes in the acknowledgement itself (Slack's immediate response:
  // no response_url round trip); anything slower is acknowledged first, well inside Slack's 3 s.
  let timer: NodeJS.Timeout | undefined;
  const early = await Promise.race([
    work,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ANSWER_IN_ACK_MS);
    }),
  ]);
  clearTimeout(timer);
  const only = early && 'effects' in early && early.effects.length === 1 ? early.effects[0] : undefined;
  if (only?.kind === 'reply') {
    const { text, blocks } = renderMessage(only.message);
    await ack({ response_type: 'ephemeral', text, blocks });
    return;
  }
  await ack();
  const outcome = await work;
  try {
    if ('error' in outcome) throw outcome.error;
    // Posts wait for a moment when no request waits for its ack; a form opens at once (its trigger lasts 3 s).
    if (!outcome.effects.some((effect) => effect.kind === 'openForm')) await deps.afterAnswers();
    await runEffects(outcome.effects, context);
  } catch (error) {
    const verb = (command.text ?? '').trim().split(/\s+/)[0] || 'help';
    await reportFailure(deps.logger, `/campaign ${verb}`, error, (message) => replyPrivately(context, message));
  }
}

// Slack drops the command unless it is acknowledged within 3 s.
const ANSWER_IN_ACK_MS = 1000;
