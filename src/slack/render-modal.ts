import type { types } from '@slack/bolt';
import { packFormState, unpackFormState, type FormDefinition, type FormField, type FormState } from '../chat/chat-form.js';
import type { ChatMessage } from '../chat/chat-message.js';
import type { FormErrors, FormSubmission } from '../chat/validate-form.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { renderMessage } from './render-message.js';

type View = types.ModalView;
type KnownBlock = types.KnownBlock;

const plain = (text: string, max = 2000) => ({ type: 'plain_text' as const, text: text.length > max ? `${text.slice(0, max - 1)}…` : text });

/** The form state as Slack `private_metadata` (≤ 3000 characters; the submission carries no channel). */
function encodeFormState(state: FormState): string {
  return JSON.stringify(packFormState(state));
}

/** The form state back from `private_metadata`; undefined when it is not ours. */
export function decodeFormState(metadata: string | undefined): FormState | undefined {
  try {
    const raw = JSON.parse(metadata ?? '') as unknown;
    return raw && typeof raw === 'object' ? unpackFormState(raw as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function element(field: FormField, value: string | readonly string[] | undefined): Record<string, unknown> {
  const initial = value ?? field.initial;
  const text = typeof initial === 'string' ? initial : undefined;
  switch (field.kind) {
    case 'text':
    case 'textarea':
      return {
        type: 'plain_text_input',
        action_id: field.id,
        ...(field.kind === 'textarea' ? { multiline: true } : {}),
        ...(field.maxLength ? { max_length: Math.min(field.maxLength, 3000) } : {}),
        ...(text ? { initial_value: text.slice(0, 3000) } : {}),
        ...(field.placeholder ? { placeholder: plain(field.placeholder, 150) } : {}),
      };
    case 'select': {
      const options = (field.options ?? []).map((option) => ({ text: plain(option.label, 75), value: option.value }));
      const chosen = options.find((option) => option.value === text);
      return { type: 'static_select', action_id: field.id, options, ...(chosen ? { initial_option: chosen } : {}), placeholder: plain('Choose', 150) };
    }
    case 'users':
      return {
        type: 'multi_users_select',
        action_id: field.id,
        ...(slackUsers(initial).length > 0 ? { initial_users: slackUsers(initial) } : {}),
      };
    case 'file':
      return { type: 'file_input', action_id: field.id, max_files: 1 };
  }
}

/**
 * A neutral form as a Slack modal: each input block's block_id and its element's action_id are the
 * field id. With `errors` (after an asynchronous check), the problems show at the top and under
 * each field, and the values given are kept.
 */
export function renderModal(form: FormDefinition, state: FormState, previous?: { submission: FormSubmission; errors: FormErrors }): View {
  const blocks: KnownBlock[] = [];
  if (form.intro) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(form.intro) } });
  if (previous) {
    const lines = Object.entries(previous.errors).map(([id, message]) => {
      const label = form.fields.find((field) => field.id === id)?.label ?? id;
      return `• *${escapeMrkdwn(label)}*: ${escapeMrkdwn(message)}`;
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: Please fix:\n${lines.join('\n')}`.slice(0, 3000) } });
  }
  for (const field of form.fields) {
    const error = previous?.errors[field.id];
    const hint = error ? `⚠ ${error}` : field.hint;
    blocks.push({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: plain(field.label),
      ...(hint ? { hint: plain(hint) } : {}),
      element: element(field, field.kind === 'file' ? undefined : previous?.submission.values[field.id]),
    } as unknown as KnownBlock);
  }
  return {
    type: 'modal',
    callback_id: form.id,
    title: plain(form.title, 24),
    submit: plain(form.submitLabel, 24),
    close: plain('Cancel', 24),
    private_metadata: encodeFormState(state),
    blocks,
  };
}

/** A modal that only shows a message (progress, result, refusal). */
export function renderInfoModal(title: string, message: ChatMessage, callbackId = 'campaign_info'): View {
  const { blocks } = renderMessage(message);
  return {
    type: 'modal',
    callback_id: callbackId,
    title: plain(title, 24),
    close: plain('Close', 24),
    blocks: blocks.filter((block) => block.type !== 'header').slice(0, 90),
  };
}

/** The Slack users among a users field's initial ids (`slack:U0123`, or a bare id chosen in a form earlier). */
function slackUsers(initial: string | readonly string[] | undefined): string[] {
  if (!Array.isArray(initial)) return [];
  return (initial as readonly string[]).filter((id) => id.startsWith('slack:') || !id.includes(':')).map((id) => id.replace(/^slack:/, ''));
}
