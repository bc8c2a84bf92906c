import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { runAfterAnswer } from '../chat/answer-command.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleRecordAction } from '../chat/handle-record-action.js';
import { countResponseUrlUses } from '../chat/response-url.js';
import type { SlackMessage } from './render-message.js';
import { replyPrivately, runSlackEffects, type SlackEffectContext } from './run-slack-effects.js';
import type { SlackListenerDeps } from './slack-command-listener.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/**
 * A click on a card's button (`block_actions` from the block `record_actions`): acknowledged at
 * once (a click's ack carries nothing), then recorded by the chat layer; what follows (a form from
 * the click's trigger id, the clicker told privately, posts, redraws) runs after it, acks first.
 */
export function slackActionListener(deps: SlackListenerDeps) {
  return (args: ButtonArgs): Promise<void> => deps.inFlight.run(() => onClick(args, deps));
}

async function onClick({ ack, body, action, client, respond }: ButtonArgs, deps: SlackListenerDeps): Promise<void> {
  await ack();
  const channelId = body.channel?.id ?? body.container?.channel_id ?? '';
  const user = body.user as { id: string; name?: string; username?: string; team_id?: string };
  const request: ChatRequest = { platform: 'slack', userId: user.id, userName: user.username ?? user.name ?? user.id, channelId, teamId: body.team?.id ?? user.team_id ?? '' };
  const context: SlackEffectContext = {
    client,
    chatPosts: deps.chatPosts,
    userId: user.id,
    channelId,
    triggerId: body.trigger_id,
    // Through the click's response_url (5 uses, counted): an ephemeral reply reaches the clicker in any channel.
    ...(body.response_url
      ? { responseUrl: countResponseUrlUses((part: SlackMessage) => respond({ response_type: 'ephemeral', replace_original: false, ...part } as Parameters<typeof respond>[0])) }
      : {}),
  };
  const what = `The button ${action.action_id} on ${action.value ?? 'a card'}`;
  try {
    // Acked already: the recording waits, as all work after an ack, until no request waits for its ack.
    const effects = await handleRecordAction({ action: action.action_id, value: action.value ?? '' }, request, deps.chat, deps.platform, { beforeRecording: deps.afterAnswers });
    await runAfterAnswer(what, effects, { run: (list) => runSlackEffects(list, context), tell: (message) => replyPrivately(context, message) }, deps);
  } catch (error) {
    await deps.report(what, error, (message) => replyPrivately(context, message));
  }
}
