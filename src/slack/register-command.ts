import type { AllMiddlewareArgs, App, Logger, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleCommand } from '../chat/handle-command.js';
import { replyPrivately, runEffects, type SlackEffectContext } from './run-effects.js';
import { reportFailure } from './report-failure.js';
import type { InFlight } from './track-in-flight.js';

interface CommandDeps {
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  readonly platform: PlatformAccess;
  readonly logger: Logger;
  readonly inFlight: InFlight;
}

/** `/campaign <verb> ...`: ack at once, then the chat layer's handler, then its effects. */
export function registerCommand(app: App, deps: CommandDeps): void {
  app.command('/campaign', (args) => deps.inFlight.run(() => onCommand(args, deps)));
}

/** One slash command, exported for tests that call it without HTTP. */
export async function onCommand(
  { command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
  deps: CommandDeps,
): Promise<void> {
  // Slack shows an error unless we ack within 3 s: ack first, then work.
  await ack();
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
    respond: (message) => respond(message as Parameters<typeof respond>[0]),
  };
  try {
    const effects = await handleCommand(command.text ?? '', request, deps.chat, deps.platform);
    await runEffects(effects, context);
  } catch (error) {
    const verb = (command.text ?? '').trim().split(/\s+/)[0] || 'help';
    await reportFailure(deps.logger, `/campaign ${verb}`, error, (message) => replyPrivately(context, message));
  }
}
