import type { FormDefinition } from '../chat/chat-form.js';
import type { FormSubmission } from '../chat/validate-form.js';

/**
 * A dialog's `submission` (`{name: value}`) as a neutral submission. Only the form's own fields
 * are read; numbers and booleans become text, a multi-select of users a list of user ids.
 */
export function readMattermostSubmission(form: FormDefinition, submission: unknown): FormSubmission {
  const raw = submission !== null && typeof submission === 'object' ? (submission as Record<string, unknown>) : {};
  const values: Record<string, string | readonly string[] | undefined> = {};
  for (const field of form.fields) {
    if (field.kind === 'file' || !Object.hasOwn(raw, field.id)) continue;
    const value = raw[field.id];
    if (field.kind === 'users') {
      const ids = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(',') : [];
      values[field.id] = ids.map((id) => id.trim()).filter(Boolean);
    } else if (typeof value === 'string') values[field.id] = value;
    else if (typeof value === 'number' || typeof value === 'boolean') values[field.id] = String(value);
  }
  return { values };
}
