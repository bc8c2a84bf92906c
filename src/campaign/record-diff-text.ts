import { formatDataId, type DataId } from '../lists/data-id.js';
import type { FieldDifference, ListDifference, ListSide, RecordDiff, WorkflowDifference } from './diff-records.js';

const NOT_RECORDED = 'not recorded';

/** A diff as plain text, one difference a line (what `campaign diff` prints and chat attaches when long). */
export function recordDiffText(diff: RecordDiff): string {
  const lines: string[] = [];
  if (diff.type === 'workflow') {
    lines.push(`${diff.a} and ${diff.b} (${diff.label})`);
    lines.push(...workflowLines(diff, ''));
  } else {
    lines.push(`${diff.a} and ${diff.b}`);
    lines.push(...diff.fields.flatMap((field) => fieldLines(field, diff, '')));
    if (diff.fields.length === 0) lines.push('Campaign fields: the same');
    if (diff.sameWorkflows > 0) lines.push(`${diff.sameWorkflows} workflow${diff.sameWorkflows === 1 ? '' : 's'} paired by label: the same`);
    for (const workflow of diff.workflows) {
      lines.push(`${workflow.a} and ${workflow.b} (${workflow.label}):`);
      lines.push(...workflowLines(workflow, '  '));
    }
    if (diff.onlyInA.length > 0) lines.push(`Only in ${diff.a}: ${diff.onlyInA.map((w) => `${w.id} (${w.label})`).join(', ')}`);
    if (diff.onlyInB.length > 0) lines.push(`Only in ${diff.b}: ${diff.onlyInB.map((w) => `${w.id} (${w.label})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

function workflowLines(diff: WorkflowDifference, indent: string): string[] {
  const lines = [...diff.fields.flatMap((field) => fieldLines(field, diff, indent)), ...diff.lists.flatMap((list) => listLines(list, indent))];
  if (diff.fields.length === 0) lines.unshift(`${indent}Fields: the same`);
  if (diff.lists.length === 0) lines.push(`${indent}Lists: none on either`);
  return lines;
}

function fieldLines(field: FieldDifference, ids: { a: string; b: string }, indent: string): string[] {
  const a = field.a ?? NOT_RECORDED;
  const b = field.b ?? NOT_RECORDED;
  if (!a.includes('\n') && !b.includes('\n') && a.length + b.length <= 100) return [`${indent}${field.label}: ${a} → ${b}`];
  const block = (id: string, value: string) => `${indent}  ${id}: ${value.split('\n').join(`\n${indent}    `)}`;
  return [`${indent}${field.label}:`, block(ids.a, a), block(ids.b, b)];
}

function listLines(list: ListDifference, indent: string): string[] {
  const noun = list.kind === 'include' ? 'Inclusion list' : 'Exclusion list';
  if (list.same) return [`${indent}${noun}: the same, ${describe(list.a!)}`];
  const sides = `${list.a ? describe(list.a) : 'none'} → ${list.b ? describe(list.b) : 'none'}`;
  if (list.added === undefined) return [`${indent}${noun}: ${sides}${list.note ? `; ${list.note}` : ''}`];
  const lines = [`${indent}${noun}: ${sides}: ${list.added.toLocaleString('en-US')} added, ${list.removed!.toLocaleString('en-US')} removed`];
  const named = (word: string, ids: readonly DataId[], count: number) => {
    for (const dataId of ids) lines.push(`${indent}  ${word} ${formatDataId(dataId)}`);
    if (count > ids.length) lines.push(`${indent}  …and ${(count - ids.length).toLocaleString('en-US')} more ${word}`);
  };
  named('added', list.firstAdded ?? [], list.added);
  named('removed', list.firstRemoved ?? [], list.removed!);
  return lines;
}

function describe(list: ListSide): string {
  return `sha256:${list.sha256.slice(0, 12)} (${list.count.toLocaleString('en-US')} data IDs)`;
}

