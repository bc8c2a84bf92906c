import { isUserError, UserError } from '../campaign/user-error.js';
import type { ListError } from '../lists/list-error.js';
import type { ChatDeps, PlatformAccess } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { campaignNewForm, noteFromMessageForm, recordNoteForm, recordRunForm, statusReasonForm, workflowStartForm, type FormDefinition, type FormState } from './chat-form.js';
import type { ChatMessage } from './chat-message.js';
import { actorOf, type ChatRequest } from './chat-request.js';
import { accessRefusal } from './check-access.js';
import { announced, noteEffects, runEffects, statusChangeEffects } from './record-change-effects.js';
import { fieldErrors, parseListsInBackground, textValue, validateCampaignForm, validateNoteForm, validateWorkflowForm, type FormErrors, type FormSubmission } from './validate-form.js';

export type FormOutcome =
  | { readonly kind: 'errors'; readonly errors: FormErrors }
  | { readonly kind: 'refused'; readonly message: ChatMessage }
  | { readonly kind: 'valid' }
  | { readonly kind: 'recorded'; readonly recordId: string; readonly effects: readonly ChatEffect[] };

/** The form a state belongs to, rebuilt for validation (throws UserError when its campaign is gone). */
export function formOf(state: FormState, deps: ChatDeps): FormDefinition {
  const { notebook } = deps;
  switch (state.formId) {
    case 'note_from_message':
      return noteFromMessageForm();
    case 'campaign_new':
      return campaignNewForm(state.sourceId ? { clone: notebook.findCampaign(state.sourceId) } : {});
    case 'workflow_start': {
      const source = state.sourceId === undefined ? undefined : notebook.show(state.sourceId, { workflowLimit: 0 });
      return workflowStartForm(notebook.findCampaign(state.campaignId ?? ''), source?.type === 'workflow' ? { rerun: source.workflow } : {});
    }
    case 'status_reason':
      return statusReasonForm(state.recordId ?? '', state.status ?? '');
    case 'record_note':
      return recordNoteForm(state.recordId ?? '');
    case 'record_run':
      return recordRunForm(state.recordId ?? '');
  }
}

/** Operators picked in a form are the platform's user ids: the notebook keeps them as `slack:U0123`, `mattermost:<id>`. */
function onPlatform<T extends { readonly operators?: readonly string[] }>(input: T, platform: ChatRequest['platform']): T {
  return input.operators === undefined ? input : { ...input, operators: input.operators.map((id) => (id.includes(':') ? id : `${platform}:${id}`)) };
}

function userErrorAsFields(error: UserError | ListError, form: FormDefinition): FormErrors {
  const known = Object.entries(error.fields).filter(([id]) => form.fields.some((field) => field.id === id));
  if (known.length > 0) return Object.fromEntries(known);
  return { [form.fields[0]!.id]: error.message };
}

/**
 * Validates a form submission and, unless `validateOnly`, records it. Access is checked here too,
 * not only when the form opened. Files not yet downloaded are only checked for their reasons.
 */
export async function submitForm(
  state: FormState,
  submission: FormSubmission,
  request: ChatRequest,
  deps: ChatDeps,
  platform: PlatformAccess,
  options: {
    readonly validateOnly?: boolean;
    /** Check long pasted lists later (see INLINE_LIST_CHARS); only with validateOnly. */
    readonly deferLongLists?: boolean;
    /** Called inside the recording transaction, e.g. to store the platform's duplicate-submission key. */
    readonly onRecorded?: (recordId: string) => void;
  } = {},
): Promise<FormOutcome> {
  const refusal = await accessRefusal(request, true, deps.access, platform.groupsOf);
  if (refusal) return { kind: 'refused', message: refusal };
  let form: FormDefinition;
  try {
    form = formOf(state, deps);
  } catch (error) {
    if (error instanceof UserError) return { kind: 'errors', errors: { label: error.message } };
    throw error;
  }
  const actor = actorOf(request);
  const atomically = deps.atomically ?? (<T>(work: () => T): T => work());
  // Recorded = committed and on disk: only then is the form closed or the channel told.
  const record = async <T extends { readonly id: string }>(work: () => T): Promise<T> => {
    const recorded = atomically(() => {
      const made = work();
      options.onRecorded?.(made.id);
      return made;
    });
    await deps.flushed?.();
    return recorded;
  };
  try {
    if (state.formId === 'note_from_message') {
      const validated = validateNoteForm(form, submission);
      if (!validated.ok) return { kind: 'errors', errors: validated.errors };
      if (options.validateOnly) return { kind: 'valid' };
      const source = state.filedMessage ? { ...state.filedMessage } : undefined;
      const { event } = await record(() => {
        const made = deps.notebook.addNote(validated.value.record, validated.value.text, actor, source);
        return { id: made.workflowId ?? made.campaignId, event: made };
      });
      const here = { ...request, channelId: state.channelId };
      return { kind: 'recorded', recordId: event.workflowId ?? event.campaignId, effects: noteEffects(deps.notebook.findCampaign(event.campaignId), event, here, deps) };
    }
    if (state.formId === 'campaign_new') {
      const validated = validateCampaignForm(form, submission, state.sourceId);
      if (!validated.ok) return { kind: 'errors', errors: validated.errors };
      if (options.validateOnly) return { kind: 'valid' };
      const input = onPlatform(validated.value, request.platform);
      const campaign = await record(() => deps.notebook.defineCampaign(input, actor, { platform: request.platform, id: state.channelId }));
      // The campaign's card (its defining message, redrawn after every event of the campaign) is the outbox's.
      const here = { ...request, channelId: state.channelId };
      return { kind: 'recorded', recordId: campaign.id, effects: announced(campaign, here, deps, `Campaign ${campaign.id} recorded.`) };
    }
    if (state.formId !== 'workflow_start') {
      const errors = fieldErrors(form, submission);
      if (Object.keys(errors).length > 0) return { kind: 'errors', errors };
      if (options.validateOnly) return { kind: 'valid' };
      const recordId = state.recordId ?? '';
      const here = { ...request, channelId: state.channelId };
      const campaign = deps.notebook.findCampaign(recordId.split('/')[0]!);
      if (state.formId === 'status_reason') {
        const reason = textValue(submission, 'reason');
        const change = await record(() => ({ id: recordId, change: deps.notebook.changeStatus(recordId, state.status as never, reason, actor, state.seenEvent === undefined ? {} : { seenEvent: state.seenEvent }) }));
        return { kind: 'recorded', recordId, effects: statusChangeEffects(change.change, here, deps) };
      }
      if (state.formId === 'record_note') {
        const note = textValue(submission, 'text')!;
        const event = await record(() => ({ id: recordId, event: deps.notebook.addNote(recordId, note, actor) }));
        return { kind: 'recorded', recordId, effects: noteEffects(campaign, event.event, here, deps) };
      }
      const workflow = await record(() => deps.notebook.recordRun(recordId, textValue(submission, 'run_id')!, textValue(submission, 'run_name'), actor));
      return { kind: 'recorded', recordId, effects: runEffects(campaign, workflow, here, deps) };
    }
    // Lists read after the ack (files, long or ranged pastes) are parsed off the event loop.
    const parseList = options.validateOnly ? deps.parseList : await parseListsInBackground(submission, deps.parseList);
    const validated = validateWorkflowForm(
      form,
      submission,
      { notebook: deps.notebook, parseList },
      { deferLongLists: options.validateOnly === true && options.deferLongLists === true, ...(state.sourceId ? { sourceId: state.sourceId } : {}) },
    );
    if (!validated.ok) return { kind: 'errors', errors: validated.errors };
    if (options.validateOnly) return { kind: 'valid' };
    const campaign = deps.notebook.findCampaign(state.campaignId ?? '');
    const workflow = await record(() => deps.notebook.startWorkflow(campaign.id, onPlatform(validated.value.input, request.platform), validated.value.lists, actor));
    const here = { ...request, channelId: state.channelId };
    return { kind: 'recorded', recordId: workflow.id, effects: announced(campaign, here, deps, `Workflow ${workflow.id} recorded.`) };
  } catch (error) {
    if (isUserError(error)) return { kind: 'errors', errors: userErrorAsFields(error, form) };
    throw error;
  }
}
