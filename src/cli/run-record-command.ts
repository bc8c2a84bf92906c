import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ListAttachmentInput } from '../campaign/notebook.js';
import { withoutUndefined } from '../campaign/clean-text.js';
import { looksLikeBpsReport } from '../campaign/parse-bps-report.js';
import type { BpsReportOutcome } from '../campaign/record-bps-report.js';
import type { CampaignInput, CampaignStatus, ListKind, NotebookEvent, Wms, WorkflowStartInput, WorkflowStatus } from '../campaign/records.js';
import { CAMPAIGN_STATUSES } from '../campaign/records.js';
import { UserError } from '../campaign/user-error.js';
import { describeChannelRows } from '../chat/outbox-replies.js';
import { JIRA_SINK } from '../jira/jira-sink.js';
import { describeJiraSync, jiraSyncState } from '../jira/jira-sync-state.js';
import type { DataId } from '../lists/data-id.js';
import { createOutboxStore } from '../store/outbox-store.js';
import type { CliContext } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { formatCampaignLine, formatEvent, formatListLine, formatRecord, formatWhyMatch } from './format-record.js';
import { readListFile } from './read-list-file.js';

/** `campaign new <short-name> --description ...` */
export function defineCampaignCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({ args: [...context.args], options: CAMPAIGN_OPTIONS, allowPositionals: true });
  if (positionals.length !== 1) throw new CliUsageError('new needs one short name: new <short-name> --description "..."');
  if (values.description === undefined) throw new CliUsageError('new needs --description "what the campaign is for"');
  const campaign = context.notebook().defineCampaign({ ...campaignFields(values), shortName: positionals[0]!, description: values.description }, context.actor);
  context.print(`Defined ${campaign.id} (${campaign.shortName}).`);
  return 0;
}

/** `campaign start <campaign> <label> --wms panda [--exclude FILE --exclude-reason T] ...` */
export function startWorkflowCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({ args: [...context.args], options: { ...WORKFLOW_OPTIONS, ...LIST_OPTIONS }, allowPositionals: true });
  if (positionals.length !== 2) throw new CliUsageError('start needs a campaign and a label: start <campaign> <label> --wms panda');
  if (values.wms === undefined) throw new CliUsageError('start needs --wms (panda, htcondor, pegasus, parsl, prompt or other)');
  const notebook = context.notebook();
  const lists = [...listInputs(context, 'include', values), ...listInputs(context, 'exclude', values)];
  const workflow = notebook.startWorkflow(positionals[0]!, { ...workflowFields(values), label: positionals[1]!, wms: values.wms as Wms }, lists, context.actor);
  context.print(`Started ${workflow.id} (${workflow.label}), ${workflow.status}.`);
  for (const list of workflow.lists) context.print(`  ${formatListLine(list)}`);
  return 0;
}

/** A campaign's fields as options, shared by `new` and `clone`. */
export const CAMPAIGN_OPTIONS = {
  description: { type: 'string' },
  production: { type: 'string' },
  'stack-version': { type: 'string' },
  'butler-repo': { type: 'string' },
  'input-collections': { type: 'string' },
  'output-collection': { type: 'string' },
  'input-data': { type: 'string' },
  'workflow-definition': { type: 'string' },
  'jira-issue': { type: 'string' },
  operators: { type: 'string' },
} as const;

type OptionValues<T> = { readonly [K in keyof T]?: T[K] extends { multiple: true } ? string[] : string };

/** The campaign fields given as options (only those given). */
export function campaignFields(values: OptionValues<typeof CAMPAIGN_OPTIONS>): Partial<CampaignInput> {
  return withoutUndefined({
    description: values.description,
    production: values.production,
    stackVersion: values['stack-version'],
    butlerRepo: values['butler-repo'],
    inputCollections: values['input-collections'],
    outputCollection: values['output-collection'],
    inputData: values['input-data'],
    workflowDefinition: values['workflow-definition'],
    jiraIssue: values['jira-issue'],
    operators: operatorIds(values.operators),
  });
}

/** A workflow start's fields as options, shared by `start` and `rerun` (each --config-override one line). */
export const WORKFLOW_OPTIONS = {
  wms: { type: 'string' },
  pipeline: { type: 'string' },
  'stack-version': { type: 'string' },
  'config-override': { type: 'string', multiple: true },
  'butler-repo': { type: 'string' },
  'input-collections': { type: 'string' },
  'output-run': { type: 'string' },
  'data-query': { type: 'string' },
  'bps-command': { type: 'string' },
  'run-id': { type: 'string' },
  'run-name': { type: 'string' },
  notes: { type: 'string' },
  operators: { type: 'string' },
} as const;

/** The workflow fields given as options (only those given). */
export function workflowFields(values: OptionValues<typeof WORKFLOW_OPTIONS>): Partial<WorkflowStartInput> {
  return withoutUndefined({
    wms: values.wms as Wms | undefined,
    pipeline: values.pipeline,
    stackVersion: values['stack-version'],
    configOverrides: values['config-override']?.join('\n'),
    butlerRepo: values['butler-repo'],
    inputCollections: values['input-collections'],
    outputRun: values['output-run'],
    dataQuery: values['data-query'],
    bpsCommand: values['bps-command'],
    runId: values['run-id'],
    runName: values['run-name'],
    notes: values.notes,
    operators: operatorIds(values.operators),
  });
}

/** The list options, shared by `start` and `rerun`. */
export const LIST_OPTIONS = {
  include: { type: 'string', multiple: true },
  'include-reason': { type: 'string', multiple: true },
  'include-provenance': { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'exclude-reason': { type: 'string', multiple: true },
  'exclude-provenance': { type: 'string', multiple: true },
} as const;

type ListValues = { readonly [K in keyof typeof LIST_OPTIONS]?: string[] };

/** `--operators a,b`: chat users as `slack:U0123` or `mattermost:<id>`; a bare login is `cli:<login>`. */
export function operatorIds(text: string | undefined): string[] | undefined {
  return text?.split(',').map((name) => name.trim()).filter(Boolean).map((name) => (name.includes(':') ? name : `cli:${name}`));
}

/**
 * Pairs each --include/--exclude (a file, `sha256:<prefix>` or `list:<name>`) with its reason and
 * provenance, in order; one reason (or provenance) serves all.
 */
export function listInputs(context: CliContext, kind: ListKind, values: ListValues): ListAttachmentInput[] {
  const sources = values[kind] ?? [];
  const paired = (option: 'reason' | 'provenance') => {
    const given = values[`${kind}-${option}`] ?? [];
    if (given.length > 1 && given.length !== sources.length) {
      throw new CliUsageError(`${sources.length} --${kind} lists but ${given.length} --${kind}-${option}: give one, or one per list`);
    }
    return (i: number) => (given.length === 1 ? given[0] : given[i]);
  };
  const reasonOf = paired('reason');
  const provenanceOf = paired('provenance');
  return sources.map((source, i) => {
    const reason = reasonOf(i);
    if (reason === undefined) {
      throw new UserError(`The ${kind === 'include' ? 'inclusion' : 'exclusion'} list ${source} needs a reason: add --${kind}-reason "..."`);
    }
    const provenance = provenanceOf(i);
    const how = provenance === undefined ? {} : { provenance };
    if (/^(sha256|list):/.test(source)) {
      return { kind, reason, sha256: context.notebook().resolveListReference(source).sha256, ...how };
    }
    return { kind, reason, list: readListFile(context.path(source), source, context.listLimits()), ...how };
  });
}

/** `campaign run <workflow> <run-id> [run-name]`, or `--bps-output FILE` with what `bps submit` (or `bps report`) printed. */
export function recordRunCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { 'bps-output': { type: 'string' } },
    allowPositionals: true,
  });
  const pasted = values['bps-output'] === undefined ? undefined : readText(context, values['bps-output']);
  if (positionals.length < 1 || positionals.length > 3 || (pasted === undefined && positionals.length < 2)) {
    throw new CliUsageError('run needs a workflow and a run id: run <workflow> <run-id> [run-name], or run <workflow> --bps-output FILE');
  }
  const [ref, runId, runName] = positionals as [string, string | undefined, string | undefined];
  if (pasted !== undefined && looksLikeBpsReport(pasted)) return printBpsReportOutcome(context, context.notebook().recordBpsReport(ref, pasted, context.actor, { adoptRun: true }));
  const workflow = context.notebook().recordRun(ref, pasted ?? runId!, runName, context.actor);
  context.print(`${workflow.id}: run ${workflow.runId}${workflow.runName === undefined ? '' : ` (${workflow.runName})`}, ${workflow.status}.`);
  return 0;
}

function readText(context: CliContext, file: string): string {
  try {
    return readFileSync(context.path(file), 'utf8');
  } catch (error) {
    throw new UserError(`Cannot read ${file}: ${(error as Error).message}`, {}, { cause: error });
  }
}

/** The paused gate closed: what the campaign waits for, and the commands that decide. */
function printPaused(context: CliContext, paused: NotebookEvent | undefined): void {
  if (!paused) return;
  const id = paused.campaignId;
  context.print(`${id} is now paused, waiting for a decision: campaign status ${id} running | completed <reason> | failed <reason>`);
}

function printBpsReportOutcome(context: CliContext, outcome: BpsReportOutcome): number {
  context.print(`${outcome.workflow.id} is ${outcome.to === outcome.from ? 'still' : 'now'} ${outcome.to} (${outcome.summary}).`);
  printPaused(context, outcome.paused);
  return 0;
}

/** `campaign status <ref> <status> [reason...]`, or `status <workflow> --bps-report FILE` with what `bps report` printed. */
export function changeStatusCommand(context: CliContext): number {
  if (context.args[1] === '--bps-report') {
    const [ref, , file, ...extra] = context.args;
    if (file === undefined || extra.length > 0) throw new CliUsageError('status --bps-report needs one file: status <workflow> --bps-report FILE');
    return printBpsReportOutcome(context, context.notebook().recordBpsReport(ref!, readText(context, file), context.actor));
  }
  const [ref, status, ...reason] = context.args;
  if (ref === undefined || status === undefined) throw new CliUsageError('status needs a record and a status: status <ref> <status> [reason]');
  const view = context
    .notebook()
    .changeStatus(ref, status as CampaignStatus | WorkflowStatus, reason.length === 0 ? undefined : reason.join(' '), context.actor);
  const record = view.type === 'workflow' ? view.workflow : view.campaign;
  context.print(`${record.id} is now ${record.status}.`);
  printPaused(context, view.paused);
  return 0;
}

/** `campaign note <ref> <text...>` */
export function addNoteCommand(context: CliContext): number {
  const [ref, ...text] = context.args;
  if (ref === undefined || text.length === 0) throw new CliUsageError('note needs a record and a text: note <ref> <text>');
  const event = context.notebook().addNote(ref, text.join(' '), context.actor);
  context.print(`Noted on ${event.workflowId ?? event.campaignId}.`);
  return 0;
}

/** `campaign why <dim>=<value>... [--json]` */
export function whyCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length === 0) throw new CliUsageError('why needs a data ID: why visit=2025111500226 detector=42');
  const dataId: Record<string, string> = {};
  for (const pair of positionals) {
    const match = /^([^=]+)=(.*)$/.exec(pair);
    if (match === null) throw new CliUsageError(`"${pair}" is not <dimension>=<value>, e.g. visit=2025111500226`);
    dataId[match[1]!.trim()] = match[2]!;
  }
  const matches = context.notebook().why(dataId as DataId);
  if (values.json) {
    for (const match of matches) context.print(JSON.stringify(match));
  } else {
    context.print(matches.length === 0 ? 'No workflow lists this data ID.' : matches.map(formatWhyMatch).join('\n'));
  }
  return 0;
}

/**
 * `campaign show <ref>`: the record, with each record's Jira sync state when it is mirrored, and
 * its channel posts when some still wait (the running app's outbox sends them) or failed.
 */
export function showCommand(context: CliContext): number {
  const ref = singleReference(context, 'show');
  const view = context.notebook().show(ref);
  const outbox = createOutboxStore(context.database(), JIRA_SINK);
  const channels = (['slack', 'mattermost'] as const).map((platform) => ({ platform, outbox: createOutboxStore(context.database(), platform) }));
  const notes = (recordId: string): string[] => {
    const sync = jiraSyncState(outbox, recordId);
    const posts = channels.map(({ platform, outbox: rows }) => describeChannelRows(platform, rows.recordRowCounts(recordId), rows.sink().parkedReason));
    return [...(sync.state === 'off' ? [] : [describeJiraSync(sync)]), ...posts.filter((line): line is string => line !== undefined)];
  };
  context.print(formatRecord(view, notes));
  return 0;
}

/** `campaign history <ref>` */
export function historyCommand(context: CliContext): number {
  const ref = singleReference(context, 'history');
  context.print(context.notebook().history(ref).map(formatEvent).join('\n'));
  return 0;
}

/** `campaign list [--status S] [--mine]`: campaigns, newest first. */
export function listCampaignsCommand(context: CliContext): number {
  const { values } = parseArgs({
    args: [...context.args],
    options: { status: { type: 'string' }, mine: { type: 'boolean', default: false } },
  });
  if (values.status !== undefined && !(CAMPAIGN_STATUSES as readonly string[]).includes(values.status)) {
    throw new CliUsageError(`--status must be one of ${CAMPAIGN_STATUSES.join(', ')}`);
  }
  const campaigns = context.notebook().listCampaigns({
    ...(values.status !== undefined ? { status: values.status as CampaignStatus } : {}),
    ...(values.mine ? { definedBy: context.actor.id } : {}),
  });
  context.print(campaigns.length === 0 ? 'No campaigns.' : campaigns.map(formatCampaignLine).join('\n'));
  return 0;
}

/**
 * `campaign export <ref> [--out DIR]`: writes the record's files (YAML, each list as JSON/ECSV/query)
 * into DIR; `--to bps` (a workflow): the BPS submit YAML and the data-ID tables it names, and says
 * what they could not express.
 */
export function exportCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { out: { type: 'string' }, to: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliUsageError('export needs one record: export <ref> [--to bps] [--out DIR]');
  if (values.to !== undefined && values.to !== 'bps') throw new CliUsageError(`export --to takes bps (a BPS submit YAML), not "${values.to}"`);
  const ref = positionals[0]!;
  const bps = values.to === 'bps' ? context.notebook().exportBps(ref) : undefined;
  const files = bps?.files ?? context.notebook().exportRecord(ref);
  const dir = context.path(values.out ?? `export-${ref.replace(/\//g, '-')}${bps ? '-bps' : ''}`);
  mkdirSync(dir, { recursive: true });
  for (const file of files) {
    const path = join(dir, file.name);
    writeFileSync(path, file.content);
    context.print(path);
  }
  for (const line of bps?.unexpressed ?? []) context.io.stderr.write(`Not expressed: ${line}\n`);
  return 0;
}

function singleReference(context: CliContext, verb: string): string {
  if (context.args.length !== 1) throw new CliUsageError(`${verb} needs one campaign or workflow: ${verb} CMP-12 (or CMP-12/3)`);
  return context.args[0]!;
}

