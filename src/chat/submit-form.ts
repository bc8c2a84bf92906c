import { isUserError, UserError } from '../campaign/user-error.js';
import type { ListError } from '../lists/list-error.js';
import type { ChatDeps, PlatformAccess } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { campaignNewForm, noteFromMessageForm, workflowStartForm, type FormDefinition, type FormState } from './chat-form.js';
import type { ChatMessage } from './chat-message.js';
import { actorOf, type ChatRequest } from './chat-request.js';
import { accessRefusal } from './check-access.js';
import { campaignChannel, channelPost, postedElsewhere } from './handle-command.js';
import { operatorNames } from './operator-names.js';
import { campaignDefinedMessage, noteMessage, workflowStartedMessage } from './record-messages.js';
import { parseListsInBackground, validateCampaignForm, validateNoteForm, validateWorkflowForm, type FormErrors, type FormSubmission } from './validate-form.js';

export type FormOutcome =
  | { readonly kind: 'errors'; readonly errors: FormErrors }
  | { readonly kind: 'refused'; readonly message: ChatMessage }
  | { readonly kind: 'valid' }
  | { readonly kind: 'recorded'; readonly recordId: string; readonly effects: readonly ChatEffect[] };

/** The form a state belongs to, rebuilt for validation (throws UserError when its campaign is gone). */
export function formOf(state: FormState, deps: ChatDeps): FormDefinition {
  const { notebook } = deps;
  if (state.formId === 'note_from_message') return noteFromMessageForm();
  if (state.formId === 'campaign_new') return campaignNewForm(state.sourceId ? { clone: notebook.findCampaign(state.sourceId) } : {});
  const source = state.sourceId === undefined ? undefined : notebook.show(state.sourceId, { workflowLimit: 0 });
  return workflowStartForm(notebook.findCampaign(state.campaignId ?? ''), source?.type === 'workflow' ? { rerun: source.workflow } : {});
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
      const recordId = event.workflowId ?? event.campaignId;
      const here = { ...request, channelId: state.channelId };
      const channel = campaignChannel(deps.notebook.findCampaign(event.campaignId), here, deps);
      return {
        kind: 'recorded',
        recordId,
        effects: [
          channelPost(channel, here, { threadOf: recordId, message: noteMessage(recordId, String(event.payload.text), actor) }),
          ...postedElsewhere(channel, here, `Note added to ${recordId}.`),
        ],
      };
    }
    if (state.formId === 'campaign_new') {
      const validated = validateCampaignForm(form, submission, state.sourceId);
      if (!validated.ok) return { kind: 'errors', errors: validated.errors };
      if (options.validateOnly) return { kind: 'valid' };
      const input = onPlatform(validated.value, request.platform);
      const campaign = await record(() => deps.notebook.defineCampaign(input, actor, { platform: request.platform, id: state.channelId }));
      return {
        kind: 'recorded',
        recordId: campaign.id,
        effects: [{ kind: 'post', channelId: state.channelId, recordId: campaign.id, message: campaignDefinedMessage(campaign, deps.trackerLink?.(campaign.id), operatorNames(deps.notebook, campaign)) }],
      };
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
    const channel = campaignChannel(campaign, here, deps);
    return {
      kind: 'recorded',
      recordId: workflow.id,
      effects: [
        channelPost(channel, here, {
          recordId: workflow.id,
          message: workflowStartedMessage(campaign, workflow, deps.statusLinks(campaign, workflow), deps.trackerLink?.(workflow.id), operatorNames(deps.notebook, campaign, workflow)),
        }),
        ...postedElsewhere(channel, here, `Workflow ${workflow.id} recorded.`),
      ],
    };
  } catch (error) {
    if (isUserError(error)) return { kind: 'errors', errors: userErrorAsFields(error, form) };
    throw error;
  }
}
