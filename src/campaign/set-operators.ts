import { showRecord } from './change-status.js';
import { cleanOperators } from './define-campaign.js';
import type { RecordView } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';
import type { Actor } from './records.js';
import { UserError } from './user-error.js';

/**
 * Sets who operates a campaign or workflow now (user ids; none clears them), as an
 * `operators_changed` event saying who handed over to whom. The same operators again is a UserError.
 */
export function setOperators(deps: NotebookDeps, ref: string, operators: readonly string[], by: Actor): RecordView {
  const to = cleanOperators(operators) ?? [];
  const at = deps.now().toISOString();
  const { store } = deps;
  return store.transaction(() => {
    const record = resolveRecord(store, ref);
    const current = record.type === 'campaign' ? record.campaign : record.workflow;
    const from = current.operators ?? [];
    if (from.length === to.length && from.every((id) => to.includes(id))) {
      throw new UserError(to.length === 0 ? `${current.id} has no operators already` : `Those already operate ${current.id}`);
    }
    store.appendEvent({
      kind: 'operators_changed',
      campaignNumber: record.campaign.number,
      workflowNumber: record.type === 'workflow' ? record.workflow.number : undefined,
      actor: by,
      at,
      payload: { from, to },
    });
    return showRecord(deps, current.id, 0);
  });
}
