import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { answerCommand } from '../chat/answer-command.js';
import type { ChatDeps, PlatformAccess } from '../chat/chat-deps.js';
import type { ChatPosts } from '../chat/chat-posts.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleCommand } from '../chat/handle-command.js';
import type { ReportFailure } from '../chat/report-failure.js';
import type { InFlight } from '../chat/track-in-flight.js';
import { answerAndRest, countResponseUrlUses } from '../chat/response-url.js';
import { readSlackCommandText } from './read-slack-command-text.js';
import { renderMessages, type SlackMessage } from './render-message.js';
import { replyPrivately, runSlackEffects, type SlackEffectContext } from './run-slack-effects.js';

/** What the Slack listeners share, built once by createSlackPlatform. */
export interface SlackListenerDeps {
  readonly chat: ChatDeps;
  readonly chatPosts: ChatPosts;
  readonly platform: PlatformAccess;
  /** Work still running after the ack, so shutdown can wait for it. */
  readonly inFlight: InFlight;
  /** Resolves when no chat request waits for its answer (see answers-first.ts). */
  readonly afterAnswers: () => Promise<void>;
  readonly report: ReportFailure;
  readonly warn: (line: string) => void;
}

// Slack drops the command unless it is acknowledged within 3 s.
export const ANSWER_IN_ACK_MS = 1000;

/** `/campaign <verb> ...`: the chat layer's handler; a quick reply rides on the ack (no response_url round trip), other effects follow it. */
export function slackCommandListener(deps: SlackListenerDeps) {
  return (args: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => deps.inFlight.run(() => answerSlackCommand(args, deps));
}

async function answerSlackCommand({ command, ack, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs, deps: SlackListenerDeps): Promise<void> {
  const { text: typed, mentions } = readSlackCommandText(command.text ?? '');
  const request: ChatRequest = {
    platform: 'slack',
    userId: command.user_id,
    userName: command.user_name,
    channelId: command.channel_id,
    teamId: command.team_id,
    ...(Object.keys(mentions).length > 0 ? { mentions } : {}),
  };
  const responseUrl = countResponseUrlUses((part: SlackMessage) => respond({ response_type: 'ephemeral', ...part } as Parameters<typeof respond>[0]));
  const context: SlackEffectContext = {
    client,
    userId: command.user_id,
    channelId: command.channel_id,
    triggerId: command.trigger_id,
    responseUrl,
  };
  const verb = typed.trim().split(/\s+/)[0] || 'help';
  await answerCommand(
    verb,
    handleCommand(typed, request, deps.chat, deps.platform),
    {
      async answer(reply) {
        if (!reply) return ack();
        // A reply longer than one message: its first part rides on the ack, the rest follows through the response_url.
        const [first, rest] = answerAndRest(reply, renderMessages, responseUrl);
        await ack({ response_type: 'ephemeral', ...first });
        try {
          for (const part of rest) await responseUrl.send(part);
        } catch (error) {
          await deps.report(`/campaign ${verb}: the rest of a long answer`, error);
        }
      },
      answerLater: () => ack(),
      run: (effects) => runSlackEffects(effects, context),
      tell: (message) => replyPrivately(context, message),
    },
    { afterAnswers: deps.afterAnswers, report: deps.report, warn: deps.warn, answerWithinMs: ANSWER_IN_ACK_MS },
  );
}
