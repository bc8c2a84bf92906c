import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerRequest } from '../chat/answer-command.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { handleRecordAction } from '../chat/handle-record-action.js';
import { readJsonObject, sendJson, type Route } from '../http-server.js';
import type { MattermostRouteDeps } from './mattermost-command-route.js';
import { renderPosts } from './render-markdown.js';
import { verifyActionContext } from './render-post.js';
import { mattermostEffectContext, runMattermostEffects } from './run-mattermost-effects.js';

// A click's body is small: ids and the button's context.
const ACTION_BODY_LIMIT = 64 * 1024;
// Mattermost waits up to 30 s for a click's answer; a reply ready sooner rides on it as ephemeral_text.
const ANSWER_WITHIN_MS = 2_000;

/**
 * `POST /mattermost/action`: a click on a card's button (a post's attachment action). Mattermost
 * signs nothing, so the context must carry the bot's own signature over its action and record,
 * else nothing happens. The chat layer records the click; a reply to the clicker rides on the
 * answer (`ephemeral_text`), posts, redraws and forms (from the click's trigger id) follow it.
 */
export function mattermostActionRoute(deps: MattermostRouteDeps): Route {
  return {
    method: 'POST',
    path: '/mattermost/action',
    bodyLimit: ACTION_BODY_LIMIT,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const body = await readJsonObject(req, ACTION_BODY_LIMIT);
      if (!body) {
        sendJson(res, 400, { error: 'The body is not a JSON object.' });
        return;
      }
      const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
      const context = verifyActionContext(body.context, deps.render.actionKey);
      if (!context || !field('user_id')) {
        deps.warn(`refused a button click whose context the bot did not sign (user ${field('user_id') || '?'}, post ${field('post_id') || '?'})`);
        sendJson(res, 200, { ephemeral_text: 'This button could not be verified (changed on the way, or from before the bot was reconfigured): nothing was recorded. Use the /campaign command instead.' });
        return;
      }
      const request: ChatRequest = {
        platform: 'mattermost',
        userId: field('user_id'),
        userName: field('user_name') || field('user_id'),
        channelId: field('channel_id'),
        ...(field('team_id') ? { teamId: field('team_id') } : {}),
      };
      const ephemeral = (part: string) => deps.client.createEphemeralPost(request.userId, { channel_id: request.channelId, message: part });
      const tell = async (message: ChatMessage) => {
        for (const part of renderPosts(message)) await ephemeral(part);
      };
      const effects = mattermostEffectContext(deps, request, tell, field('trigger_id') || undefined);
      await answerRequest(
        `The button ${context.action} on ${context.record}`,
        handleRecordAction({ action: context.action, value: context.record }, request, deps.chat, deps.platform),
        {
          // The answer takes one post; a longer one goes on in ephemeral posts, never cut.
          answer: async (message) => {
            const [first = '', ...rest] = message ? renderPosts(message) : [];
            sendJson(res, 200, message ? { ephemeral_text: first } : {});
            for (const part of rest) await ephemeral(part);
          },
          answerLater: async () => sendJson(res, 200, {}),
          run: (list) => runMattermostEffects(list, effects),
          tell,
        },
        { afterAnswers: deps.afterAnswers, report: deps.report, warn: deps.warn, answerWithinMs: ANSWER_WITHIN_MS },
      );
    },
  };
}
