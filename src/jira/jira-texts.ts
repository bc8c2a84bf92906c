import { campaignId, workflowId } from '../campaign/record-reference.js';
import type { DataIdList } from '../lists/data-id-list.js';
import { listToJson } from '../lists/list-to-json.js';
import type { MirroredAttachment, MirroredCampaign, MirroredWorkflow } from '../store/outbox-store.js';
import { escapeWiki, monospace, noformatBlock, oneLine } from './wiki-markup.js';

/** Jira's limit on a description or a comment body, in characters. */
export const JIRA_TEXT_LIMIT = 32_767;
const SUMMARY_LIMIT = 255;

type Actor = { readonly id: string; readonly name: string };

function by(actor: Actor, at: string): string {
  return `${escapeWiki(actor.name)} ({{${escapeWiki(actor.id)}}}) at ${escapeWiki(at)}`;
}

/** `*Label:* value` lines for the single-line values; multi-line ones get a section of their own. */
function fieldLines(fields: readonly [string, string | undefined, 'text' | 'code'][]): string[] {
  const lines: string[] = [];
  for (const [label, value, kind] of fields) {
    if (value === undefined || value.trim() === '') continue;
    if (value.includes('\n')) lines.push(`*${label}:*`, noformatBlock(value));
    else lines.push(`*${label}:* ${kind === 'code' ? monospace(value) : escapeWiki(value)}`);
  }
  return lines;
}

function section(title: string, value: string | undefined): string[] {
  return value === undefined || value.trim() === '' ? [] : [`h3. ${title}`, noformatBlock(value)];
}

export function campaignSummary(campaign: MirroredCampaign): string {
  const purpose = campaign.description.split('\n').find((line) => line.trim() !== '') ?? '';
  return oneLine(`${campaignId(campaign.number)} ${campaign.shortName}: ${purpose}`, SUMMARY_LIMIT);
}

/** The campaign issue's description (or, for an existing issue, the comment that links it). */
export function campaignDescription(campaign: MirroredCampaign): string {
  return [
    `Campaign *${campaignId(campaign.number)}* {{${escapeWiki(campaign.shortName)}}}, recorded in campaign-notebook.`,
    '',
    'h3. Purpose',
    escapeWiki(campaign.description),
    '',
    ...fieldLines([
      ['Production', campaign.production, 'text'],
      ['Butler repo', campaign.butlerRepo, 'code'],
      ['Input collections', campaign.inputCollections, 'code'],
      ['Output collection', campaign.outputCollection, 'code'],
      ['Operators', campaign.operators?.join(', '), 'text'],
    ]),
    `*Defined by:* ${by(campaign.definedBy, campaign.definedAt)}`,
    ...section('Input data', campaign.inputData),
    ...section('Workflow definition', campaign.workflowDefinition),
  ].join('\n');
}

export function workflowSummary(campaign: MirroredCampaign, workflow: MirroredWorkflow): string {
  return oneLine(`${workflowId(campaign.number, workflow.number)} ${workflow.label} (${workflow.wms}) — ${campaign.shortName}`, SUMMARY_LIMIT);
}

export function listSummaryLine(recordId: string, list: MirroredAttachment): string {
  const what = list.kind === 'include' ? 'Inclusion list' : 'Exclusion list';
  const name = list.name ? ` {{list:${escapeWiki(list.name)}}}` : '';
  return (
    `* ${what}${name}: ${list.count} data ID${list.count === 1 ? '' : 's'}, dimensions {{${escapeWiki(list.dimensions.join(', '))}}}, ` +
    `fingerprint {{sha256:${list.sha256}}}, attached as [^${listFileName(recordId, list)}]. Reason: ${escapeWiki(oneLine(list.reason, 2000))}`
  );
}

/** The workflow start as wiki text: the sub-task's description, or the comment in comment mode. */
export function workflowDescription(
  campaign: MirroredCampaign,
  workflow: MirroredWorkflow,
  lists: readonly MirroredAttachment[],
  run: { runId?: string; runName?: string },
): string {
  const id = workflowId(campaign.number, workflow.number);
  return [
    `Workflow start *${id}* {{${escapeWiki(workflow.label)}}} of campaign ${campaignId(campaign.number)} {{${escapeWiki(campaign.shortName)}}}, recorded in campaign-notebook.`,
    '',
    ...fieldLines([
      ['WMS', workflow.wms, 'text'],
      ['Pipeline', workflow.pipeline, 'code'],
      ['Butler repo', workflow.butlerRepo, 'code'],
      ['Input collections', workflow.inputCollections, 'code'],
      ['Output run', workflow.outputRun, 'code'],
      ['Run id', run.runId, 'code'],
      ['Run name', run.runName, 'code'],
    ]),
    `*Started by:* ${by(workflow.startedBy, workflow.startedAt)}`,
    ...section('Data query', workflow.dataQuery),
    ...section('BPS command', workflow.bpsCommand),
    ...(workflow.notes ? ['h3. Notes', escapeWiki(workflow.notes)] : []),
    ...(lists.length > 0
      ? ['h3. Data-ID lists', ...lists.map((list) => listSummaryLine(id, list))]
      : ['h3. Data-ID lists', 'None: all data matching the query.']),
  ].join('\n');
}

/** The attachment name of a list: unique per workflow, list and kind (comment mode puts all on one issue). */
export function listFileName(recordId: string, list: Pick<MirroredAttachment, 'kind' | 'sha256'>): string {
  return `${recordId.replace('/', '-')}-${list.kind}-${list.sha256.slice(0, 12)}.json`;
}

/** A list in full in its canonical JSON encoding (`data-id-list/1`), with the reason it was attached for. */
export function listAttachmentJson(list: DataIdList, attachment: MirroredAttachment): string {
  return listToJson({ ...list, reason: attachment.reason });
}

export function statusComment(recordId: string, actor: Actor, at: string, payload: Record<string, unknown>): string {
  const from = typeof payload.from === 'string' ? payload.from : undefined;
  const to = String(payload.to ?? payload.status ?? '?');
  const reason = typeof payload.reason === 'string' && payload.reason.trim() !== '' ? payload.reason : undefined;
  return [
    `*${recordId}* status: ${from ? `${escapeWiki(from)} → ` : ''}*${escapeWiki(to)}*, by ${by(actor, at)}`,
    ...(reason ? [`Reason: ${escapeWiki(reason)}`] : []),
  ].join('\n');
}

export function runComment(recordId: string, actor: Actor, at: string, run: { runId?: string; runName?: string }): string {
  return [
    `*${recordId}* run recorded by ${by(actor, at)}`,
    ...fieldLines([
      ['Run id', run.runId, 'code'],
      ['Run name', run.runName, 'code'],
    ]),
  ].join('\n');
}

export function noteComment(recordId: string, actor: Actor, at: string, text: string): string {
  return [`*${recordId}* note by ${by(actor, at)}`, escapeWiki(text)].join('\n');
}

/**
 * Text that fits Jira's field limit as is, or a short head plus a pointer to an attachment that
 * holds all of it (wiki source, `.txt`).
 */
export function fitJiraText(text: string, fileName: string): { text: string; attachment?: { name: string; content: string } } {
  if (text.length <= JIRA_TEXT_LIMIT) return { text };
  const note = `\n\n_The full text (${text.length} characters) is over Jira's limit: it is attached as_ [^${fileName}]`;
  let head = text.slice(0, 4000);
  // Do not cut inside a noformat block: close it.
  if ((head.match(/\{noformat\}/g) ?? []).length % 2 === 1) head += '\n{noformat}';
  return { text: `${head}\n…${note}`, attachment: { name: fileName, content: text } };
}
