import { cleanText } from './clean-text.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { Actor, NotebookEvent } from './records.js';
import { UserError } from './user-error.js';

/** Adds a notebook entry to a campaign or workflow. */
export function addNote(deps: NotebookDeps, ref: string, text: string, by: Actor): NotebookEvent {
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
      payload: { text: note },
    });
  });
}
