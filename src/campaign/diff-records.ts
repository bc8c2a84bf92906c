import type { DataId } from '../lists/data-id.js';
import { configOverrideArguments, parseConfigOverrides } from './config-overrides.js';
import type { StoredListDiff } from './notebook-store.js';
import type { AttachedList, Campaign, ListKind, Workflow } from './records.js';
import { isUserError, UserError } from './user-error.js';
import { workflowSettings } from './workflow-settings.js';

/** How many added and removed data IDs a list difference names (the counts are always whole). */
export const FIRST_DATA_IDS = 10;

/** One field whose values differ; a missing side was not recorded. */
export interface FieldDifference {
  /** The form field's id (`stack_version`, `data_query`, …). */
  readonly field: string;
  readonly label: string;
  readonly a?: string;
  readonly b?: string;
}

export interface ListSide {
  readonly sha256: string;
  readonly count: number;
  readonly dimensions: readonly string[];
  readonly reason: string;
}

/** The inclusion (or exclusion) lists of two workflows compared: same fingerprint, or what changed. */
export interface ListDifference {
  readonly kind: ListKind;
  readonly a?: ListSide;
  readonly b?: ListSide;
  readonly same: boolean;
  /** Data IDs in b's list and not in a's, and the reverse; with the first FIRST_DATA_IDS of each. */
  readonly added?: number;
  readonly removed?: number;
  readonly firstAdded?: readonly DataId[];
  readonly firstRemoved?: readonly DataId[];
  /** Why the entries were not compared one by one (the lists name different dimensions). */
  readonly note?: string;
}

export interface WorkflowDifference {
  readonly a: string;
  readonly b: string;
  readonly label: string;
  readonly fields: readonly FieldDifference[];
  readonly lists: readonly ListDifference[];
}

export interface WorkflowRef {
  readonly id: string;
  readonly label: string;
}

export type RecordDiff =
  | ({ readonly type: 'workflow' } & WorkflowDifference)
  | {
      readonly type: 'campaign';
      readonly a: string;
      readonly b: string;
      readonly fields: readonly FieldDifference[];
      /** Workflows paired by label (in order), those that differ. */
      readonly workflows: readonly WorkflowDifference[];
      /** How many paired workflows are the same in every compared field and list. */
      readonly sameWorkflows: number;
      readonly onlyInA: readonly WorkflowRef[];
      readonly onlyInB: readonly WorkflowRef[];
    };

/** A campaign or a workflow (with its campaign, whose software it inherits), as diffRecords compares them. */
export type DiffSide =
  | { readonly type: 'campaign'; readonly campaign: Campaign; readonly workflows: readonly Workflow[] }
  | { readonly type: 'workflow'; readonly campaign: Campaign; readonly workflow: Workflow };

/** How list `b` differs from list `a` (both stored, same dimensions), naming the first `first` data IDs of each side. */
export type CompareLists = (a: string, b: string, first: number) => StoredListDiff;

type Getter<T> = (record: T) => string | undefined;

const CAMPAIGN_FIELDS: readonly (readonly [string, string, Getter<Campaign>])[] = [
  ['description', 'Description', (c) => c.description],
  ['production', 'Production', (c) => c.production],
  ['stack_version', 'Software', (c) => c.stackVersion],
  ['butler_repo', 'Butler repo', (c) => c.butlerRepo],
  ['input_collections', 'Input collections', (c) => collections(c.inputCollections)],
  ['output_collection', 'Output collection', (c) => c.outputCollection],
  ['input_data', 'Input data', (c) => c.inputData],
  ['workflow_definition', 'Workflow definition', (c) => c.workflowDefinition],
];

const WORKFLOW_FIELDS: readonly (readonly [string, string, Getter<{ campaign: Campaign; workflow: Workflow }>])[] = [
  // As the workflow ran: what it did not record of its own is its campaign's (as the BPS export reads it).
  ['stack_version', 'Software', ({ campaign, workflow }) => workflowSettings(campaign, workflow).stackVersion],
  ['pipeline', 'Pipeline', ({ workflow }) => workflow.pipeline],
  ['config_overrides', 'Config overrides', ({ workflow }) => overrides(workflow.configOverrides)],
  ['wms', 'WMS', ({ workflow }) => workflow.wms],
  ['butler_repo', 'Butler repo', ({ campaign, workflow }) => workflowSettings(campaign, workflow).butlerRepo],
  ['input_collections', 'Input collections', ({ campaign, workflow }) => collections(workflowSettings(campaign, workflow).inputCollections)],
  ['output_run', 'Output run', ({ workflow }) => workflow.outputRun],
  ['data_query', 'Data query', ({ workflow }) => workflow.dataQuery?.replace(/\s+/g, ' ')],
  ['bps_command', 'BPS command', ({ workflow }) => workflow.bpsCommand],
];

/**
 * Two campaigns or two workflows side by side: the fields that differ (software, pipeline, config
 * overrides, data query, collections, WMS) and, for the lists, the same fingerprint or the data IDs
 * added and removed. Campaigns' workflows are paired by label, in order.
 */
export function diffRecords(a: DiffSide, b: DiffSide, compareLists: CompareLists): RecordDiff {
  if (a.type === 'workflow' && b.type === 'workflow') return { type: 'workflow', ...diffWorkflows(a, b, compareLists) };
  if (a.type === 'campaign' && b.type === 'campaign') {
    const fields = differingFields(CAMPAIGN_FIELDS, a.campaign, b.campaign);
    const unpaired = [...b.workflows];
    const workflows: WorkflowDifference[] = [];
    const onlyInA: WorkflowRef[] = [];
    let sameWorkflows = 0;
    for (const workflow of a.workflows) {
      const at = unpaired.findIndex((other) => other.label === workflow.label);
      if (at < 0) {
        onlyInA.push({ id: workflow.id, label: workflow.label });
        continue;
      }
      const [other] = unpaired.splice(at, 1);
      const difference = diffWorkflows({ campaign: a.campaign, workflow }, { campaign: b.campaign, workflow: other! }, compareLists);
      if (difference.fields.length === 0 && difference.lists.every((list) => list.same)) sameWorkflows++;
      else workflows.push(difference);
    }
    const onlyInB = unpaired.map((workflow) => ({ id: workflow.id, label: workflow.label }));
    return { type: 'campaign', a: a.campaign.id, b: b.campaign.id, fields, workflows, sameWorkflows, onlyInA, onlyInB };
  }
  throw new UserError('Compare two campaigns (CMP-3 CMP-5) or two workflows (CMP-3/2 CMP-5/1), not a campaign with a workflow');
}

function diffWorkflows(
  a: { campaign: Campaign; workflow: Workflow },
  b: { campaign: Campaign; workflow: Workflow },
  compareLists: CompareLists,
): WorkflowDifference {
  const lists: ListDifference[] = [];
  for (const kind of ['include', 'exclude'] as const) {
    const ofA = a.workflow.lists.filter((list) => list.kind === kind);
    const ofB = b.workflow.lists.filter((list) => list.kind === kind);
    for (let i = 0; i < Math.max(ofA.length, ofB.length); i++) lists.push(diffList(kind, ofA[i], ofB[i], compareLists));
  }
  const label = a.workflow.label === b.workflow.label ? a.workflow.label : `${a.workflow.label} / ${b.workflow.label}`;
  return { a: a.workflow.id, b: b.workflow.id, label, fields: differingFields(WORKFLOW_FIELDS, a, b), lists };
}

function diffList(kind: ListKind, a: AttachedList | undefined, b: AttachedList | undefined, compareLists: CompareLists): ListDifference {
  const sides = { kind, ...(a ? { a: side(a) } : {}), ...(b ? { b: side(b) } : {}) };
  if (a === undefined || b === undefined) return { ...sides, same: false };
  if (a.sha256 === b.sha256) return { ...sides, same: true };
  if (a.dimensions.join(',') !== b.dimensions.join(',')) {
    return { ...sides, same: false, note: `the lists name different dimensions (${a.dimensions.join(', ')}; ${b.dimensions.join(', ')})` };
  }
  return { ...sides, same: false, ...compareLists(a.sha256, b.sha256, FIRST_DATA_IDS) };
}

function side(list: AttachedList): ListSide {
  return { sha256: list.sha256, count: list.count, dimensions: list.dimensions, reason: list.reason };
}

function differingFields<T>(fields: readonly (readonly [string, string, Getter<T>])[], a: T, b: T): FieldDifference[] {
  const differences: FieldDifference[] = [];
  for (const [field, label, get] of fields) {
    const valueA = get(a)?.trim() || undefined;
    const valueB = get(b)?.trim() || undefined;
    if (valueA !== valueB) differences.push({ field, label, ...(valueA ? { a: valueA } : {}), ...(valueB ? { b: valueB } : {}) });
  }
  return differences;
}

/** Collections as the forms take them (comma or newline separated), compared as one list. */
function collections(text: string | undefined): string | undefined {
  return text?.split(/[\s,]+/).filter(Boolean).join(', ');
}

/** Overrides in pipetask's own spelling, one a line, so `task:a=1` and `-c task:a=1` compare equal. */
function overrides(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  try {
    return parseConfigOverrides(text)
      .map((override) => configOverrideArguments(override).join(' '))
      .join('\n');
  } catch (error) {
    if (isUserError(error)) return text;
    throw error;
  }
}
