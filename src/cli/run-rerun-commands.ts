import { parseArgs } from 'node:util';
import { cloneDefaults, rerunDefaults } from '../campaign/clone-defaults.js';
import { recordDiffText } from '../campaign/record-diff-text.js';
import type { CliContext } from './cli-io.js';
import { CliUsageError } from './cli-io.js';
import { formatListLine } from './format-record.js';
import { CAMPAIGN_OPTIONS, campaignFields, LIST_OPTIONS, listInputs, operatorIds, WORKFLOW_OPTIONS, workflowFields } from './run-record-command.js';

/** `campaign clone <campaign> <new-short-name> --changes T [--description ... any field of new]`: every field from the source unless given. */
export function cloneCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({ args: [...context.args], options: { changes: { type: 'string' }, ...CAMPAIGN_OPTIONS }, allowPositionals: true });
  if (positionals.length !== 2) throw new CliUsageError('clone needs the campaign and a new short name: clone <campaign> <new-short-name> --changes "what differs, and why"');
  const notebook = context.notebook();
  const source = notebook.findCampaign(positionals[0]!);
  const campaign = notebook.defineCampaign(
    { ...cloneDefaults(source), ...campaignFields(values), shortName: positionals[1]!, source: { id: source.id, changes: values.changes ?? '' } },
    context.actor,
    source.channel,
  );
  context.print(`Defined ${campaign.id} (${campaign.shortName}), a clone of ${source.id} (${source.shortName}).`);
  return 0;
}

/**
 * `campaign rerun <workflow> [label] [--in <campaign>] --changes T [any option of start]`: every
 * field and list of the source unless given; --include/--exclude replace the source's lists of
 * that kind, --no-include/--no-exclude drop them.
 */
export function rerunCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: {
      in: { type: 'string' },
      changes: { type: 'string' },
      'no-include': { type: 'boolean', default: false },
      'no-exclude': { type: 'boolean', default: false },
      ...WORKFLOW_OPTIONS,
      ...LIST_OPTIONS,
    },
    allowPositionals: true,
  });
  if (positionals.length < 1 || positionals.length > 2) {
    throw new CliUsageError('rerun needs the workflow, and optionally a new label: rerun <workflow> [label] [--in <campaign>] --changes "what differs, and why"');
  }
  const notebook = context.notebook();
  const source = notebook.show(positionals[0]!);
  if (source.type !== 'workflow') throw new CliUsageError(`rerun takes a workflow (e.g. ${source.campaign.id}/1), not a campaign: clone copies a campaign`);
  const defaults = rerunDefaults(source.workflow);
  const lists = (['include', 'exclude'] as const).flatMap((kind) => {
    if (values[kind] !== undefined) return listInputs(context, kind, values);
    return values[`no-${kind}`] ? [] : defaults.lists.filter((list) => list.kind === kind);
  });
  const workflow = notebook.startWorkflow(
    values.in ?? source.campaign.id,
    { ...defaults.input, ...workflowFields(values), ...(positionals[1] ? { label: positionals[1] } : {}), source: { id: source.workflow.id, changes: values.changes ?? '' } },
    lists,
    context.actor,
  );
  context.print(`Started ${workflow.id} (${workflow.label}), a rerun of ${source.workflow.id}, ${workflow.status}.`);
  for (const list of workflow.lists) context.print(`  ${formatListLine(list)}`);
  return 0;
}

/** `campaign diff <a> <b> [--json]`: two campaigns or two workflows side by side. */
export function diffCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({
    args: [...context.args],
    options: { json: { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  if (positionals.length !== 2) throw new CliUsageError('diff needs two campaigns or two workflows: diff CMP-3 CMP-5, or diff CMP-3/2 CMP-5/1');
  const diff = context.notebook().diff(positionals[0]!, positionals[1]!);
  context.io.stdout.write(values.json ? `${JSON.stringify(diff, null, 2)}\n` : recordDiffText(diff));
  return 0;
}

/** `campaign operators <ref> [user... | none]`: shows who operates a record, or hands it over (users as in --operators). */
export function operatorsCommand(context: CliContext): number {
  const [ref, ...users] = context.args;
  if (ref === undefined) throw new CliUsageError('operators needs a campaign or workflow: operators <ref> [user... | none]');
  const notebook = context.notebook();
  if (users.length > 0) {
    const to = users.length === 1 && users[0] === 'none' ? [] : (operatorIds(users.join(',')) ?? []);
    notebook.setOperators(ref, to, context.actor);
  }
  const view = notebook.show(ref, { workflowLimit: 0 });
  const record = view.type === 'campaign' ? view.campaign : view.workflow;
  const own = record.operators ?? [];
  const names = notebook.actorNames([...own, ...(view.campaign.operators ?? [])]);
  const named = (ids: readonly string[]) => ids.map((id) => (names.has(id) ? `${id} (${names.get(id)})` : id)).join(', ');
  if (own.length > 0) context.print(`${record.id}: ${named(own)}`);
  else if (view.type === 'workflow' && view.campaign.operators?.length) context.print(`${record.id}: none of its own; ${view.campaign.id}'s: ${named(view.campaign.operators)}`);
  else context.print(`${record.id}: no operators`);
  return 0;
}

/** `campaign who [user] [--json]`: what each operator holds. */
export function whoCommand(context: CliContext): number {
  const { values, positionals } = parseArgs({ args: [...context.args], options: { json: { type: 'boolean', default: false } }, allowPositionals: true });
  if (positionals.length > 1) throw new CliUsageError('who takes at most one user: who [slack:U0123 | mattermost:<id> | login]');
  const holdings = context.notebook().who(positionals[0] === undefined ? undefined : operatorIds(positionals[0])![0]);
  if (values.json) {
    context.io.stdout.write(`${JSON.stringify(holdings, null, 2)}\n`);
    return 0;
  }
  if (holdings.length === 0) context.print('No open campaign or workflow names an operator.');
  for (const holding of holdings) {
    context.print(`${holding.operator}${holding.name ? ` (${holding.name})` : ''}`);
    context.print(`  campaigns: ${holding.campaigns.map((c) => `${c.id} ${c.shortName} (${c.status})`).join(', ') || 'none open'}`);
    context.print(`  workflows: ${holding.workflows.map((w) => `${w.id} ${w.label} (${w.status})`).join(', ') || 'none open'}`);
    if (holding.waiting.length > 0) context.print(`  waiting for a decision: ${holding.waiting.map((c) => c.id).join(', ')}`);
  }
  return 0;
}
