import type { FormDefinition, FormField } from '../chat/chat-form.js';
import type { FormErrors } from '../chat/validate-form.js';
import { escapeMarkdown } from './escape-markdown.js';

/** An interactive dialog element, as `POST /api/v4/actions/dialogs/open` takes it. */
export interface DialogElement {
  readonly display_name: string;
  readonly name: string;
  readonly type: 'text' | 'textarea' | 'select';
  readonly subtype?: string;
  readonly default?: string;
  readonly placeholder?: string;
  readonly help_text?: string;
  readonly optional: boolean;
  readonly max_length?: number;
  readonly data_source?: 'users';
  readonly multiselect?: boolean;
  readonly options?: readonly { readonly text: string; readonly value: string }[];
}

export interface Dialog {
  readonly callback_id: string;
  readonly title: string;
  readonly introduction_text: string;
  readonly elements: readonly DialogElement[];
  readonly submit_label: string;
  readonly notify_on_cancel: boolean;
  readonly state: string;
}

// The server checks these lengths in bytes (Go len): title and display name 24, help text 150,
// a text element's default and placeholder 150, a textarea's 3000.
const TITLE_BYTES = 24;
const DISPLAY_NAME_BYTES = 24;
const HELP_BYTES = 150;
const TEXT_BYTES = 150;
const TEXTAREA_MAX = 3000;

/** Cuts to at most `max` UTF-8 bytes, with an ellipsis when cut. */
export function fitBytes(value: string, max: number): string {
  if (Buffer.byteLength(value) <= max) return value;
  let out = '';
  for (const char of value) {
    if (Buffer.byteLength(`${out}${char}…`) > max) break;
    out += char;
  }
  return `${out}…`;
}

function helpText(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  if (Buffer.byteLength(hint) <= HELP_BYTES) return hint;
  const firstSentence = /^.*?[.!?](?=\s|$)/.exec(hint)?.[0];
  return firstSentence && Buffer.byteLength(firstSentence) <= HELP_BYTES ? firstSentence : fitBytes(hint, HELP_BYTES);
}

function element(field: FormField): DialogElement | undefined {
  const initial = typeof field.initial === 'string' ? field.initial : undefined;
  const common = {
    display_name: fitBytes(field.label, DISPLAY_NAME_BYTES),
    name: field.id,
    optional: !field.required,
    ...(helpText(field.hint) ? { help_text: helpText(field.hint) } : {}),
  };
  switch (field.kind) {
    case 'text':
    case 'textarea': {
      // A prefilled value too long for a one-line element goes in a textarea instead.
      const multiline = field.kind === 'textarea' || (initial !== undefined && Buffer.byteLength(initial) > TEXT_BYTES);
      const limit = multiline ? TEXTAREA_MAX : TEXT_BYTES;
      return {
        ...common,
        type: multiline ? 'textarea' : 'text',
        max_length: Math.min(field.maxLength ?? TEXTAREA_MAX, TEXTAREA_MAX),
        ...(initial ? { default: fitBytes(initial, limit) } : {}),
        ...(field.placeholder ? { placeholder: fitBytes(field.placeholder, limit) } : {}),
      };
    }
    case 'select':
      return {
        ...common,
        type: 'select',
        options: (field.options ?? []).map((option) => ({ text: option.label, value: option.value })),
        ...(initial && field.options?.some((option) => option.value === initial) ? { default: initial } : {}),
      };
    case 'users': {
      // A multiselect's default is its values joined by commas (the server's model/integration_action.go).
      const ids = (Array.isArray(field.initial) ? (field.initial as readonly string[]) : []).filter((id) => id.startsWith('mattermost:')).map((id) => id.slice('mattermost:'.length));
      return { ...common, type: 'select', data_source: 'users', multiselect: true, ...(ids.length > 0 ? { default: ids.join(',') } : {}) };
    }
    case 'file':
      // Mattermost dialogs have no file input: lists are pasted, or referenced once stored.
      return undefined;
  }
}

const LIST_NOTE =
  'Lists: paste them (one data ID a line, `instrument=LSSTCam visit=2025111500226 detector=42 # reason`, or JSON, YAML or CSV), ' +
  'up to 3000 characters. A bigger list: store it with `campaign lists add <file> --name NAME` and write `list:NAME` or `sha256:<prefix>` instead.';

/**
 * A neutral form as a Mattermost interactive dialog: each element's `name` is the field id, file
 * fields are left out (lists are pasted or referenced), and every length fits the server's limits.
 */
export function renderDialog(form: FormDefinition, signedState: string): Dialog {
  const elements = form.fields.flatMap((field) => element(field) ?? []);
  const hasFiles = form.fields.some((field) => field.kind === 'file');
  return {
    callback_id: form.id,
    title: fitBytes(form.title, TITLE_BYTES),
    introduction_text: [form.intro ? escapeMarkdown(form.intro) : '', hasFiles ? LIST_NOTE : ''].filter(Boolean).join('\n\n'),
    elements,
    submit_label: form.submitLabel,
    notify_on_cancel: false,
    state: signedState,
  };
}

/**
 * Validation errors as a dialog answer: `errors` for the elements shown (the dialog stays open,
 * each message under its field), `error` for anything else.
 */
export function dialogErrors(dialog: Pick<Dialog, 'elements'>, errors: FormErrors): { errors?: Record<string, string>; error?: string } {
  const shown = new Set(dialog.elements.map((item) => item.name));
  const inline: Record<string, string> = {};
  const general: string[] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (shown.has(field)) inline[field] = message;
    else general.push(message);
  }
  return {
    ...(Object.keys(inline).length > 0 ? { errors: inline } : {}),
    ...(general.length > 0 || Object.keys(inline).length === 0 ? { error: general.join(' ') || 'Please check the form.' } : {}),
  };
}
