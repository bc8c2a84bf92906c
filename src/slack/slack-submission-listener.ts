import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction, webApi } from '@slack/bolt';
import { UserError } from '../campaign/user-error.js';
import { runAfterAnswer, type AnswerTransport } from '../chat/answer-command.js';
import type { FormState } from '../chat/chat-form.js';
import { simpleMessage, text, code } from '../chat/chat-message.js';
import type { ChatRequest } from '../chat/chat-request.js';
import { formOf, submitForm } from '../chat/submit-form.js';
import { hasDeferredLists, type FormErrors, type FormSubmission, type SubmittedFile } from '../chat/validate-form.js';
import { downloadFile } from './download-file.js';
import { readSlackSubmission, type SlackFileRef } from './read-slack-submission.js';
import { decodeFormState, renderInfoModal, renderModal } from './render-modal.js';
import { replyPrivately, runSlackEffects, type SlackEffectContext } from './run-slack-effects.js';
import type { SlackListenerDeps } from './slack-command-listener.js';

/** The durable key of a submitted view: a view recorded once is never recorded again. */
function submissionKey(viewId: string): string {
  return `slack-view:${viewId}`;
}

export interface SubmissionDeps extends SlackListenerDeps {
  readonly download: { readonly botToken: string; readonly maxBytes: number; readonly allowedOrigin: string };
}

/** Carries out a recorded form's effects (the channel post) after the ack, telling the user privately if it fails. */
function effectsTransport(context: SlackEffectContext): AnswerTransport {
  return { run: (effects) => runSlackEffects(effects, context), tell: (message) => replyPrivately(context, message) };
}

async function downloadAll(
  fileRefs: Record<string, SlackFileRef[]>,
  submission: FormSubmission,
  deps: SubmissionDeps,
): Promise<{ submission: FormSubmission } | { errors: FormErrors }> {
  const files: Record<string, SubmittedFile[]> = {};
  const errors: FormErrors = {};
  for (const [field, refs] of Object.entries(fileRefs)) {
    files[field] = [];
    for (const ref of refs) {
      try {
        files[field].push({ name: ref.name, content: await downloadFile(ref, { ...deps.download, field }) });
      } catch (error) {
        if (!(error instanceof UserError)) throw error;
        errors[field] = error.fields[field] ?? error.message;
      }
    }
  }
  return Object.keys(errors).length > 0 ? { errors } : { submission: { ...submission, files } };
}

/**
 * The listener of `view_submission` of `campaign_new` and `workflow_start`. Pasted fields are validated and the
 * record made before the ack (inline errors via `response_action: errors`); list files (and pasted
 * lists longer than a person can paste in Slack) are read after it, behind a "checking your lists…"
 * view that is then updated with the outcome. A view id is recorded at most once: its key is stored
 * through ChatPosts in the same transaction as the record, however often it is submitted.
 */
export function slackSubmissionListener(deps: SubmissionDeps) {
  const seen = new Set<string>();
  // Checks after the ack run one at a time, each when no request waits for its ack, so a burst
  // of big lists cannot starve the acknowledgements of new requests (Slack's 3 s).
  let deferred: Promise<unknown> = Promise.resolve();
  const later = (work: () => Promise<void>): Promise<void> => {
    const next = deferred.then(deps.afterAnswers).then(work);
    deferred = next.catch(() => undefined);
    return next;
  };

  return (args: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => deps.inFlight.run(() => onSubmission(args, deps, seen, later));
}

/** One submission of our forms; `seen` holds the view ids being recorded right now. */
async function onSubmission(
  { ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs,
  deps: SubmissionDeps,
  seen: Set<string>,
  later: (work: () => Promise<void>) => Promise<void>,
): Promise<void> {
  const state = decodeFormState(view.private_metadata);
  if (!state) {
    await ack({ response_action: 'update', view: renderInfoModal('Form expired', simpleMessage([text('Form expired')], [text('This form is from an older version of the bot. Run the command again.')])) });
    return;
  }
  const key = submissionKey(view.id);
  if (seen.has(view.id) || deps.chatPosts.findPost(key, 'slack')) {
    // Already recorded (or being recorded): close the form, record nothing.
    await ack();
    return;
  }
  seen.add(view.id);
  const request: ChatRequest = {
    platform: 'slack',
    userId: body.user.id,
    userName: (body.user as { name?: string; username?: string }).name ?? (body.user as { username?: string }).username ?? body.user.id,
    channelId: state.channelId,
    teamId: body.team?.id ?? (body.user as { team_id?: string }).team_id ?? '',
  };
  const effectContext: SlackEffectContext = { client, userId: body.user.id, channelId: state.channelId };
  // 'open': not acked yet; 'closed': the ack closed the form; 'shown': the form shows our view.
  let form: 'open' | 'closed' | 'shown' = 'open';
  try {
    const { submission, fileRefs } = readSlackSubmission(view.state.values as never);
    const rememberKey = (recordId: string) =>
      deps.chatPosts.rememberPost({ recordId: key, platform: 'slack', channel: state.channelId, messageId: recordId });
    if (!hasDeferredLists(submission)) {
      const outcome = await submitForm(state, submission, request, deps.chat, deps.platform, { onRecorded: rememberKey });
      if (outcome.kind === 'errors') {
        form = 'shown';
        await ack({ response_action: 'errors', errors: outcome.errors });
        return;
      }
      if (outcome.kind === 'refused') {
        form = 'shown';
        await ack({ response_action: 'update', view: renderInfoModal('Not allowed', outcome.message) });
        return;
      }
      if (outcome.kind !== 'recorded') throw new Error(`unexpected outcome ${outcome.kind}`);
      form = 'closed';
      await ack();
      await runAfterAnswer(`${outcome.recordId} is recorded, but posting it to the channel`, outcome.effects, effectsTransport(effectContext), deps);
      return;
    }

    const precheck = await submitForm(state, submission, request, deps.chat, deps.platform, { validateOnly: true, deferLongLists: true });
    if (precheck.kind === 'errors') {
      form = 'shown';
      await ack({ response_action: 'errors', errors: precheck.errors });
      return;
    }
    if (precheck.kind === 'refused') {
      form = 'shown';
      await ack({ response_action: 'update', view: renderInfoModal('Not allowed', precheck.message) });
      return;
    }
    const names = [...Object.values(fileRefs).flat().map((file) => file.name), ...(Object.keys(fileRefs).length === 0 ? ['the pasted lists'] : [])].join(', ');
    form = 'shown';
    await ack({
      response_action: 'update',
      view: renderInfoModal('Checking your lists', simpleMessage([text('Checking')], [text('Checking your lists… downloading and reading '), code(names), text('. This view updates when done.')])),
    });
    await later(() => finishWithFiles(view.id, state, submission, fileRefs, request, client, deps));
  } catch (error) {
    // Told where the user looks: the form while it is open, else privately.
    await deps.report('Recording this form', error, async (message) => {
      if (form === 'open') await ack({ response_action: 'update', view: renderInfoModal('Not recorded', message) });
      else if (form === 'closed') await replyPrivately(effectContext, message);
      else await client.views.update({ view_id: view.id, view: renderInfoModal('Something went wrong', message) }).catch(() => replyPrivately(effectContext, message));
    });
  } finally {
    seen.delete(view.id);
  }
}

async function finishWithFiles(
  viewId: string,
  state: FormState,
  submission: FormSubmission,
  fileRefs: Record<string, SlackFileRef[]>,
  request: ChatRequest,
  client: webApi.WebClient,
  deps: SubmissionDeps,
): Promise<void> {
  const form = formOf(state, deps.chat);
  const downloaded = await downloadAll(fileRefs, submission, deps);
  const showErrors = (errors: FormErrors) => client.views.update({ view_id: viewId, view: renderModal(form, state, { submission, errors }) });
  if ('errors' in downloaded) {
    await showErrors(downloaded.errors);
    return;
  }
  const outcome = await submitForm(state, downloaded.submission, request, deps.chat, deps.platform, {
    onRecorded: (recordId) => deps.chatPosts.rememberPost({ recordId: submissionKey(viewId), platform: 'slack', channel: state.channelId, messageId: recordId }),
  });
  if (outcome.kind === 'errors') {
    await showErrors(outcome.errors);
    return;
  }
  if (outcome.kind === 'refused') {
    await client.views.update({ view_id: viewId, view: renderInfoModal('Not allowed', outcome.message) });
    return;
  }
  if (outcome.kind !== 'recorded') throw new Error(`unexpected outcome ${outcome.kind}`);
  await client.views.update({
    view_id: viewId,
    view: renderInfoModal('Recorded', simpleMessage([text('Recorded')], [text(`Recorded ${outcome.recordId}. The channel has the details.`)])),
  });
  const context: SlackEffectContext = { client, userId: request.userId, channelId: state.channelId };
  await runAfterAnswer(`${outcome.recordId} is recorded, but posting it to the channel`, outcome.effects, effectsTransport(context), deps);
}
