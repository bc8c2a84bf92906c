import { cleanText } from './clean-text.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { Actor, NotebookEvent } from './records.js';
import { UserError } from './user-error.js';

/** Where a note filed from a chat message came from: the message's link and its author (`slack:U0123`). */
export interface NoteSource {
  /** Absent when the platform would not give one. */
  readonly permalink?: string;
  readonly author: string;
}

/** Adds a notebook entry to a campaign or workflow; filed from a chat message (`source`), its text ends with where it came from. */
export function addNote(deps: NotebookDeps, ref: string, text: string, by: Actor, source?: NoteSource): NotebookEvent {
  const note = cleanText(text);
  if (note === undefined) throw new UserError('A note needs some text', { text: 'Required' });
  const at = deps.now().toISOString();
  const { store } = deps;
  return store.transaction(() => {
    const record = resolveRecord(store, ref);
    return store.appendEvent({
      kind: 'note_added',
      campaignNumber: record.campaign.number,
      workflowNumber: record.type === 'workflow' ? record.workflow.number : undefined,
      actor: by,
      at,
      payload: source
        ? { text: `${note}\n\n(from a message by ${source.author}${source.permalink ? `: ${source.permalink}` : ''})`, source: { ...source } }
        : { text: note },
    });
  });
}
