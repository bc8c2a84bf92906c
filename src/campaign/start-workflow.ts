import type { DataIdList } from '../lists/data-id-list.js';
import { fingerprintList } from '../lists/fingerprint-list.js';
import { cleanText, withoutUndefined } from './clean-text.js';
import { parseConfigOverrides } from './config-overrides.js';
import { cleanOperators, cleanSource } from './define-campaign.js';
import type { ListAttachmentInput } from './notebook.js';
import type { NotebookDeps } from './notebook-deps.js';
import { looksLikeBpsSubmitOutput, parseBpsSubmitOutput } from './parse-bps-submit-output.js';
import { workflowId } from './record-reference.js';
import { resolveCampaign, resolveWorkflow } from './resolve-record.js';
import type { Actor, ListKind, Workflow, WorkflowStartInput } from './records.js';
import { WMS_NAMES } from './records.js';
import { stackVersionProblem } from './stack-version.js';
import { isUserError, UserError } from './user-error.js';

const KIND_WORD: Record<ListKind, string> = { include: 'inclusion', exclude: 'exclusion' };

/**
 * Records a workflow start (CMP-<n>/<m>) with its inclusion/exclusion lists, in one transaction:
 * the start, each list (stored once by fingerprint) and its attachment, and the run if given. A
 * rerun names its source workflow (maybe in another campaign) and what changes (required); the
 * source's history records `cloned`.
 */
export function startWorkflow(
  deps: NotebookDeps,
  campaignRef: string,
  input: WorkflowStartInput,
  lists: readonly ListAttachmentInput[],
  by: Actor,
): Workflow {
  const start = cleanWorkflowInput(input);
  // Fingerprinting a big list takes a while: do it before taking the write lock.
  const prepared = lists.map(prepareList);
  const at = deps.now().toISOString();
  const { store } = deps;
  return store.transaction(() => {
    const campaign = resolveCampaign(store, campaignRef);
    if (campaign.status === 'completed' || campaign.status === 'failed') {
      throw new UserError(`${campaign.id} (${campaign.shortName}) is ${campaign.status}: no new workflow can start in it`);
    }
    const source = start.source && resolveWorkflow(store, start.source.id);
    const stored = prepared.map((list) => {
      if ('list' in list) return store.storeList({ list: list.list, sha256: list.sha256, by, at });
      const found = store.storedList(list.sha256);
      if (found === undefined) {
        const message = `No stored list has sha256 ${list.sha256}; store it first with \`campaign lists add\``;
        throw new UserError(message, { [`${list.kind}_list`]: message });
      }
      return found;
    });
    const runId = start.runId;
    const input = withoutUndefined({ ...start, runId: undefined, runName: undefined, source: source && { id: source.workflow.id, changes: start.source!.changes } });
    const number = store.insertWorkflow({ campaignNumber: campaign.number, input, by, at });
    const summaries = prepared.map((list, i) =>
      withoutUndefined({
        kind: list.kind,
        reason: list.reason,
        sha256: stored[i]!.sha256,
        count: stored[i]!.count,
        dimensions: stored[i]!.dimensions,
        name: stored[i]!.name,
        provenance: list.provenance,
      }),
    );
    const event = { campaignNumber: campaign.number, workflowNumber: number, actor: by, at };
    store.appendEvent({ ...event, kind: 'workflow_started', payload: { ...withoutUndefined({ ...start, source: input.source }), lists: summaries } });
    for (const summary of summaries) {
      store.attachList({
        campaignNumber: campaign.number,
        workflowNumber: number,
        sha256: summary.sha256,
        kind: summary.kind,
        reason: summary.reason,
        ...(summary.provenance !== undefined ? { provenance: summary.provenance } : {}),
        by,
        at,
      });
      store.appendEvent({ ...event, kind: 'list_attached', payload: summary });
    }
    if (runId !== undefined) {
      store.appendEvent({ ...event, kind: 'run_recorded', payload: withoutUndefined({ runId, runName: start.runName }) });
      store.appendEvent({
        ...event,
        kind: 'status_changed',
        payload: { from: 'recorded', to: 'submitted', reason: 'run id given at start' },
      });
    }
    if (source) {
      const into = workflowId(campaign.number, number);
      const { campaign: from, workflow } = source;
      store.appendEvent({ kind: 'cloned', campaignNumber: from.number, workflowNumber: workflow.number, actor: by, at, payload: { into, changes: input.source!.changes } });
    }
    // Starting a workflow (re)opens its campaign: defined or paused → running.
    if (campaign.status === 'defined' || campaign.status === 'paused') {
      store.appendEvent({
        kind: 'status_changed',
        campaignNumber: campaign.number,
        actor: by,
        at,
        payload: { from: campaign.status, to: 'running', reason: `workflow ${workflowId(campaign.number, number)} started` },
      });
    }
    return store.workflow(campaign.number, number)!;
  });
}

type PreparedList = (
  | { readonly kind: ListKind; readonly reason: string; readonly sha256: string; readonly list: DataIdList }
  | { readonly kind: ListKind; readonly reason: string; readonly sha256: string }
) & { readonly provenance?: string };

function prepareList(input: ListAttachmentInput): PreparedList {
  const reason = cleanText(input.reason);
  if (reason === undefined) {
    const message = `The ${KIND_WORD[input.kind]} list needs a reason`;
    throw new UserError(message, { [`${input.kind}_reason`]: message });
  }
  const provenance = cleanText(input.provenance);
  const how = provenance === undefined ? {} : { provenance };
  // a list parsed in the worker thread comes with its fingerprint
  if ('list' in input) return { kind: input.kind, reason, list: input.list, sha256: input.list.sha256 ?? fingerprintList(input.list), ...how };
  const sha256 = input.sha256.trim().toLowerCase().replace(/^sha256:/, '');
  if (!/^[0-9a-f]{64}$/.test(sha256)) {
    const message = `"${input.sha256}" is not a list fingerprint: expected 64 hex digits`;
    throw new UserError(message, { [`${input.kind}_list`]: message });
  }
  return { kind: input.kind, reason, sha256, ...how };
}

function cleanWorkflowInput(input: WorkflowStartInput): WorkflowStartInput {
  const fields: Record<string, string> = {};
  const label = cleanText(input.label);
  if (label === undefined) fields.label = 'A label (what this submission is) is required';
  if (!(WMS_NAMES as readonly string[]).includes(input.wms)) {
    fields.wms = `"${input.wms}" is not a workflow system: expected one of ${WMS_NAMES.join(', ')}`;
  }
  let runId = cleanText(input.runId);
  let runName = cleanText(input.runName);
  if (runId !== undefined && looksLikeBpsSubmitOutput(runId)) {
    const parsed = parseBpsSubmitOutput(runId);
    runId = parsed.runId;
    runName ??= parsed.runName;
  }
  const stackVersion = cleanText(input.stackVersion);
  const versionProblem = stackVersion === undefined ? undefined : stackVersionProblem(stackVersion);
  if (versionProblem !== undefined) fields.stack_version = versionProblem;
  const configOverrides = cleanText(input.configOverrides);
  try {
    if (configOverrides !== undefined) parseConfigOverrides(configOverrides);
  } catch (error) {
    if (!isUserError(error)) throw error;
    fields.config_overrides = error.message;
  }
  const source = cleanSource(input.source, fields);
  const problems = Object.values(fields);
  if (problems.length > 0) throw new UserError(problems.join('; '), fields);
  return withoutUndefined({
    label: label!,
    wms: input.wms,
    pipeline: cleanText(input.pipeline),
    butlerRepo: cleanText(input.butlerRepo),
    inputCollections: cleanText(input.inputCollections),
    outputRun: cleanText(input.outputRun),
    dataQuery: cleanText(input.dataQuery),
    bpsCommand: cleanText(input.bpsCommand),
    runId,
    runName,
    notes: cleanText(input.notes),
    stackVersion,
    configOverrides,
    operators: cleanOperators(input.operators),
    source,
  });
}
