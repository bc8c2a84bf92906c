import type { RecordView, StoredList } from '../campaign/notebook.js';
import type { AttachedList, Campaign, NotebookEvent, WhyMatch, Workflow } from '../campaign/records.js';
import { formatDataId } from '../lists/data-id.js';

export function formatCampaignLine(campaign: Campaign): string {
  return `${campaign.id}  ${campaign.shortName}  ${campaign.status}  defined ${campaign.definedAt} by ${campaign.definedBy.name}`;
}

export function formatListLine(list: AttachedList): string {
  const name = list.name === undefined ? '' : ` "${list.name}"`;
  const made = list.provenance === undefined ? '' : `; made by: ${list.provenance}`;
  return `${list.kind === 'include' ? 'include' : 'exclude'}${name}: ${list.count} data IDs (${list.dimensions.join(', ')}) sha256:${list.sha256} — ${list.reason}${made}`;
}

export function formatStoredList(list: StoredList): string {
  const name = list.name === undefined ? '(no name)' : list.name;
  const reason = list.reason === undefined ? '' : `  ${list.reason}`;
  return `${list.sha256}  ${name}  ${list.count} data IDs (${list.dimensions.join(', ')})  stored ${list.storedAt} by ${list.storedBy.name}${reason}`;
}

const CAMPAIGN_FIELDS: readonly [keyof Campaign, string][] = [
  ['description', 'Description'],
  ['production', 'Production'],
  ['butlerRepo', 'Butler repo'],
  ['inputCollections', 'Input collections'],
  ['outputCollection', 'Output collection'],
  ['inputData', 'Input data'],
  ['workflowDefinition', 'Workflow definition'],
  ['jiraIssue', 'Jira issue'],
  ['operators', 'Operators'],
];

const WORKFLOW_FIELDS: readonly [keyof Workflow, string][] = [
  ['pipeline', 'Pipeline'],
  ['configOverrides', 'Config overrides'],
  ['operators', 'Operators'],
  ['butlerRepo', 'Butler repo'],
  ['inputCollections', 'Input collections'],
  ['outputRun', 'Output run'],
  ['dataQuery', 'Data query'],
  ['bpsCommand', 'BPS command'],
  ['runId', 'Run id'],
  ['runName', 'Run name'],
  ['notes', 'Notes'],
];

function fields<T extends object>(record: T, names: readonly [keyof T, string][], indent: string): string[] {
  return names
    .filter(([key]) => record[key] !== undefined)
    .map(([key, label]) => {
      const value = record[key];
      const text = Array.isArray(value) ? value.join(', ') : String(value);
      return `${indent}${label}: ${text.split('\n').join(`\n${indent}  `)}`;
    });
}

/** Extra lines about a record (e.g. its Jira sync state), or none. */
export type RecordNotes = (recordId: string) => readonly string[];

const NOT_RECORDED = 'not recorded';

/** `Rerun of CMP-3/2: <changes>` / `Clone of CMP-3: <changes>`. */
function sourceLine(record: Campaign | Workflow, indent: string): string[] {
  if (record.source === undefined) return [];
  return [`${indent}${record.source.id.includes('/') ? 'Rerun' : 'Clone'} of ${record.source.id}: ${record.source.changes}`];
}

export function formatWorkflow(workflow: Workflow, indent = '', notes: RecordNotes = () => [], campaign?: Campaign): string[] {
  const software = workflow.stackVersion ?? (campaign?.stackVersion ? `${campaign.stackVersion} (the campaign's)` : NOT_RECORDED);
  return [
    `${indent}${workflow.id}  ${workflow.label}  ${workflow.status}  (${workflow.wms}) started ${workflow.startedAt} by ${workflow.startedBy.name}`,
    ...notes(workflow.id).map((line) => `${indent}  ${line}`),
    ...sourceLine(workflow, `${indent}  `),
    `${indent}  Software: ${software}`,
    ...fields(workflow, WORKFLOW_FIELDS, `${indent}  `),
    ...workflow.lists.map((list) => `${indent}  ${formatListLine(list)}`),
  ];
}

/** `show`: the record, its workflows and lists. */
export function formatRecord(view: RecordView, notes: RecordNotes = () => []): string {
  const { campaign } = view;
  const lines = [
    `${campaign.id}  ${campaign.shortName}  ${campaign.status}${campaign.status === 'paused' ? ' (waiting for a decision: continue, complete or fail)' : ''}`,
    `  Defined ${campaign.definedAt} by ${campaign.definedBy.name}${campaign.channel ? ` in ${campaign.channel.platform} ${campaign.channel.id}` : ''}`,
    ...notes(campaign.id).map((line) => `  ${line}`),
    ...sourceLine(campaign, '  '),
    `  Software: ${campaign.stackVersion ?? NOT_RECORDED}`,
    ...fields(campaign, CAMPAIGN_FIELDS, '  '),
  ];
  if (view.type === 'workflow') {
    lines.push('', ...formatWorkflow(view.workflow, '', notes, campaign));
  } else {
    lines.push('', view.workflows.length === 0 ? 'No workflows yet.' : `Workflows (${view.workflows.length}):`);
    for (const workflow of view.workflows) lines.push(...formatWorkflow(workflow, '  ', notes, campaign));
  }
  return lines.join('\n');
}

/** One line of `history`. */
export function formatEvent(event: NotebookEvent): string {
  const record = event.workflowId ?? event.campaignId;
  const p = event.payload as Record<string, unknown>;
  const what = ((): string => {
    switch (event.kind) {
      case 'campaign_defined':
        return `defined ${String(p.shortName)}: ${String(p.description)}${sourceText(p.source)}`;
      case 'workflow_started':
        return `workflow started: ${String(p.label)} (${String(p.wms)})${sourceText(p.source)}`;
      case 'list_attached':
        return `${String(p.kind)} list attached: ${String(p.count)} data IDs sha256:${String(p.sha256).slice(0, 16)} — ${String(p.reason)}`;
      case 'run_recorded':
        return `run recorded: ${String(p.runId)}${p.runName === undefined ? '' : ` ${String(p.runName)}`}`;
      case 'status_changed':
        return `status ${String(p.from)} → ${String(p.to)}${p.reason === undefined ? '' : `: ${String(p.reason)}`}`;
      case 'note_added':
        return `note: ${String(p.text)}`;
      case 'operators_changed':
        return `operators ${operatorsText(p.from)} → ${operatorsText(p.to)}`;
      case 'cloned':
        return `${event.workflowId ? 'rerun as' : 'cloned into'} ${String(p.into)}: ${String(p.changes)}`;
      case 'reminder_sent':
        return p.reminder === 'paused' ? `reminded: waiting for a decision since ${String(p.since)}` : `asked: no news since ${String(p.since)}`;
    }
  })();
  return `${event.at}  ${record}  ${event.actor.name}  ${what}`;
}

function sourceText(source: unknown): string {
  if (source === null || typeof source !== 'object') return '';
  const { id, changes } = source as { id?: unknown; changes?: unknown };
  return ` (from ${String(id)}: ${String(changes)})`;
}

function operatorsText(operators: unknown): string {
  return Array.isArray(operators) && operators.length > 0 ? operators.map(String).join(', ') : 'none';
}

/** One line of `why`. */
export function formatWhyMatch(match: WhyMatch): string {
  const verb = match.kind === 'exclude' ? 'excluded' : 'included';
  const made = match.provenance === undefined ? '' : `  made by: ${match.provenance}`;
  return `${match.workflowId} (${match.campaignName} / ${match.workflowLabel})  ${verb} by ${formatDataId(match.entry)}  — ${match.reason}  [${match.attachedBy.name}, ${match.attachedAt}, sha256:${match.sha256.slice(0, 16)}]${made}`;
}
