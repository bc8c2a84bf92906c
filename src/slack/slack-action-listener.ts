import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { answerRequest } from '../chat/answer-command.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleRecordAction } from '../chat/handle-record-action.js';
import { countResponseUrlUses } from '../chat/response-url.js';
import type { SlackMessage } from './render-message.js';
import { replyPrivately, runSlackEffects, type SlackEffectContext } from './run-slack-effects.js';
import { ANSWER_IN_ACK_MS, type SlackListenerDeps } from './slack-command-listener.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A click on a card's button (`block_actions` from the block `record_actions`): recorded by the chat
 * layer, then acknowledged (at the latest after a second); what follows (a form from the click's
 * trigger id, the clicker told privately) runs after the ack, acks first.
 */
export function slackActionListener(deps: SlackListenerDeps) {
  return (args: ButtonArgs): Promise<void> => deps.inFlight.run(() => onClick(args, deps));
}

async function onClick({ ack, body, action, client, respond }: ButtonArgs, deps: SlackListenerDeps): Promise<void> {
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  const user = body.user as { id: string; name?: string; username?: string; team_id?: string };
  const request: ChatRequest = { platform: 'slack', userId: user.id, userName: user.username ?? user.name ?? user.id, channelId, teamId: body.team?.id ?? user.team_id ?? '' };
  const context: SlackEffectContext = {
    client,
    userId: user.id,
    channelId,
    triggerId: body.trigger_id,
    // Through the click's response_url (5 uses, counted): an ephemeral reply reaches the clicker in any channel.
    ...(body.response_url
      ? { responseUrl: countResponseUrlUses((part: SlackMessage) => respond({ response_type: 'ephemeral', replace_original: false, ...part } as Parameters<typeof respond>[0])) }
      : {}),
  };
  const what = `The button ${action.action_id} on ${action.value ?? 'a card'}`;
  // Recorded (and on disk) before the ack when that takes less than a second, as a command is: an
  // acknowledged click is never lost to a crash. A click's ack carries nothing, so a reply follows it.
  await answerRequest(
    what,
    handleRecordAction({ action: action.action_id, value: action.value ?? '' }, request, deps.chat, deps.platform),
    {
      async answer(reply) {
        await ack();
        if (reply) await replyPrivately(context, reply);
      },
      answerLater: () => ack(),
      run: (effects) => runSlackEffects(effects, context),
      tell: (message) => replyPrivately(context, message),
    },
    { afterAnswers: deps.afterAnswers, report: deps.report, warn: deps.warn, answerWithinMs: ANSWER_IN_ACK_MS },
  );
}
