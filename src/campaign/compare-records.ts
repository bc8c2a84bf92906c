import { diffRecords, type DiffSide, type RecordDiff } from './diff-records.js';
import type { NotebookDeps } from './notebook-deps.js';
import { resolveRecord } from './resolve-record.js';

/** `diff <a> <b>`: two campaigns (with all their workflows) or two workflows, side by side. */
export function compareRecords(deps: NotebookDeps, refA: string, refB: string): RecordDiff {
  const { store } = deps;
  const side = (ref: string): DiffSide => {
    const record = resolveRecord(store, ref);
    return record.type === 'workflow' ? record : { type: 'campaign', campaign: record.campaign, workflows: store.workflows(record.campaign.number) };
  };
  // Workflows of two campaigns often share their lists: each pair of lists is compared once.
  const compared = new Map<string, ReturnType<typeof store.diffStoredLists>>();
  return diffRecords(side(refA), side(refB), (a, b, first) => {
    const key = `${a}:${b}:${first}`;
    let difference = compared.get(key);
    if (difference === undefined) compared.set(key, (difference = store.diffStoredLists(a, b, first)));
    return difference;
  });
}
