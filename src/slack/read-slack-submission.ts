import type { FormSubmission } from '../chat/validate-form.js';

/** A file named in a `file_input` value, with where Slack serves it. */
export interface SlackFileRef {
  readonly id: string;
  readonly name: string;
  readonly size?: number;
  readonly url: string;
}

interface StateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_users?: string[] | null;
  files?: { id?: string; name?: string; size?: number; url_private_download?: string; url_private?: string }[] | null;
}

/** `view.state.values[block_id][action_id]` as a neutral submission, plus the files still to fetch. */
export function readSlackSubmission(values: Record<string, Record<string, StateValue>> | undefined): {
  submission: FormSubmission;
  fileRefs: Record<string, SlackFileRef[]>;
} {
  const fieldValues: Record<string, string | readonly string[] | undefined> = {};
  const files: Record<string, { name: string }[]> = {};
  const fileRefs: Record<string, SlackFileRef[]> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const value = actions[blockId] ?? Object.values(actions)[0];
    if (!value) continue;
    if (value.type === 'file_input' || value.files) {
      const refs = (value.files ?? []).flatMap((file) => {
        const url = file.url_private_download ?? file.url_private;
        return url ? [{ id: file.id ?? '', name: file.name ?? 'list', url, ...(file.size !== undefined ? { size: file.size } : {}) }] : [];
      });
      if (refs.length > 0) {
        fileRefs[blockId] = refs;
        files[blockId] = refs.map((ref) => ({ name: ref.name }));
      }
    } else if (value.selected_users) fieldValues[blockId] = value.selected_users;
    else if (value.selected_option !== undefined) fieldValues[blockId] = value.selected_option?.value ?? undefined;
    else fieldValues[blockId] = value.value ?? undefined;
  }
  return { submission: { values: fieldValues, files }, fileRefs };
}
