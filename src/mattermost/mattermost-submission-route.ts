import type { IncomingMessage, ServerResponse } from 'node:http';
import { UserError } from '../campaign/user-error.js';
import { runAfterAnswer } from '../chat/answer-command.js';
import type { FormDefinition } from '../chat/chat-form.js';
import { messagePlainText, type ChatMessage } from '../chat/chat-message.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { formOf, submitForm } from '../chat/submit-form.js';
import { readJsonObject, sendJson, type Route } from '../http-server.js';
import { verifyDialogState } from './dialog-state.js';
import type { MattermostRouteDeps } from './mattermost-command-route.js';
import { readMattermostSubmission } from './read-mattermost-submission.js';
import { dialogErrors, renderDialog } from './render-dialog.js';
import { renderPosts } from './render-markdown.js';
import { mattermostEffectContext, runMattermostEffects } from './run-mattermost-effects.js';

/** The durable key of a submitted dialog: a dialog (its signed nonce) is recorded at most once. */
function dialogSubmissionKey(nonce: string): string {
  return `mattermost-dialog:${nonce}`;
}

// A dialog holds at most a few dozen 3000-character fields.
const DIALOG_BODY_LIMIT = 512 * 1024;

const generalError = (message: ChatMessage) => ({ error: messagePlainText(message).replace(/\s*\n\s*/g, ' ') });

/**
 * `POST /mattermost/dialog`: a `dialog_submission`. The state must carry the bot's signature and
 * the submitter's user id, else nothing happens. Validated and recorded by the chat layer, as for
 * Slack: `{errors: {field: message}}` keeps the dialog open, `{}` closes it; the channel post follows.
 */
export function mattermostSubmissionRoute(deps: MattermostRouteDeps): Route {
  const inFlight = new Set<string>();
  return {
    method: 'POST',
    path: '/mattermost/dialog',
    bodyLimit: DIALOG_BODY_LIMIT,
    async handle(req: IncomingMessage, res: ServerResponse) {
      const body = await readJsonObject(req, DIALOG_BODY_LIMIT);
      if (!body) {
        sendJson(res, 400, { error: 'The body is not a JSON object.' });
        return;
      }
      if (body.type !== 'dialog_submission') {
        sendJson(res, 400, { error: 'Expected a dialog_submission.' });
        return;
      }
      if (body.cancelled === true) {
        sendJson(res, 200, {});
        return;
      }
      const state = verifyDialogState(body.state, deps.stateKey, typeof body.user_id === 'string' ? body.user_id : '');
      if (!state || body.callback_id !== state.formId) {
        deps.warn(`refused a dialog submission whose state does not verify (user ${String(body.user_id)}, callback ${String(body.callback_id)})`);
        sendJson(res, 200, { error: 'This form could not be verified (it may be older than a day, or from before the bot was reconfigured). Close it and run the command again.' });
        return;
      }
      const key = dialogSubmissionKey(state.nonce);
      if (inFlight.has(state.nonce) || deps.chatPosts.findPost(key, 'mattermost')) {
        // Already recorded (or being recorded): close the dialog, record nothing.
        sendJson(res, 200, {});
        return;
      }
      inFlight.add(state.nonce);
      const request: ChatRequest = {
        platform: 'mattermost',
        userId: state.userId,
        userName: state.userName,
        channelId: state.channelId,
        ...(state.teamId ? { teamId: state.teamId } : {}),
      };
      const tell = async (message: ChatMessage) => {
        for (const part of renderPosts(message)) {
          await deps.client.createEphemeralPost(state.userId, { channel_id: state.channelId, message: part });
        }
      };
      try {
        let form: FormDefinition;
        try {
          form = formOf(state, deps.chat);
        } catch (error) {
          if (!(error instanceof UserError)) throw error;
          sendJson(res, 200, { error: error.message });
          return;
        }
        const submission = readMattermostSubmission(form, body.submission);
        const outcome = await submitForm(state, submission, request, deps.chat, deps.platform);
        if (outcome.kind === 'errors') {
          sendJson(res, 200, dialogErrors(renderDialog(form, ''), outcome.errors));
          return;
        }
        if (outcome.kind === 'refused') {
          sendJson(res, 200, generalError(outcome.message));
          return;
        }
        if (outcome.kind !== 'recorded') throw new Error(`unexpected outcome ${outcome.kind}`);
        deps.chatPosts.rememberPost({ recordId: key, platform: 'mattermost', channel: state.channelId, messageId: outcome.recordId });
        sendJson(res, 200, {});
        const context = mattermostEffectContext(deps, state, tell);
        await runAfterAnswer(`Posting ${outcome.recordId} to the channel`, outcome.effects, { run: (effects) => runMattermostEffects(effects, context), tell }, deps);
      } catch (error) {
        // The dialog is still open: the failure shows there.
        await deps.report('Recording this form', error, async (message) => {
          if (!res.headersSent) sendJson(res, 200, generalError(message));
        });
      } finally {
        inFlight.delete(state.nonce);
      }
    },
  };
}
