import type { ListAttachmentInput, Notebook } from '../campaign/notebook.js';
import { WMS_NAMES, type CampaignInput, type ListKind, type RecordSource, type Wms, type WorkflowStartInput } from '../campaign/records.js';
import { parseConfigOverrides } from '../campaign/config-overrides.js';
import { stackVersionProblem } from '../campaign/stack-version.js';
import { isUserError } from '../campaign/user-error.js';
import type { DataIdList } from '../lists/data-id-list.js';
import type { FormDefinition } from './chat-form.js';
import { parseRunText } from './parse-run-text.js';

/** A file given in a file field: its content once downloaded (undefined before). */
export interface SubmittedFile {
  readonly name: string;
  readonly content?: Uint8Array;
}

/** A form submission, by field id, whatever the platform. */
export interface FormSubmission {
  readonly values: Readonly<Record<string, string | readonly string[] | undefined>>;
  readonly files?: Readonly<Record<string, readonly SubmittedFile[]>>;
}

export interface ListParseOptions {
  readonly source: string;
  readonly field: string;
  readonly fileName?: string;
}

/** Parses a list from pasted text or file bytes (any encoding, gzip); throws a ListError naming the line. */
export interface ListParser {
  (content: string | Uint8Array, options: ListParseOptions): DataIdList;
  /** The same parse off the event loop (main wires a worker thread), for lists read after the acknowledgement. */
  readonly inBackground?: (content: string | Uint8Array, options: ListParseOptions) => Promise<DataIdList>;
}

export type FormErrors = Record<string, string>;

export type Validated<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: FormErrors };

export interface WorkflowSubmission {
  readonly input: WorkflowStartInput;
  readonly lists: readonly ListAttachmentInput[];
}

// Slack shows inline errors under the field; keep them readable.
const MAX_ERROR_LENGTH = 1500;

/** A field's text, trimmed (a multi-select joined by commas); undefined when empty. */
export function textValue(submission: FormSubmission, id: string): string | undefined {
  const raw = submission.values[id];
  const value = Array.isArray(raw) ? raw.join(',') : (raw as string | undefined);
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

/** What every form checks of every field: required, length, choice among its options. */
export function fieldErrors(form: FormDefinition, submission: FormSubmission): FormErrors {
  const errors: FormErrors = {};
  for (const field of form.fields) {
    if (field.kind === 'file') continue;
    const value = textValue(submission, field.id);
    if (field.required && value === undefined) errors[field.id] = `${field.label} is required.`;
    else if (value !== undefined && field.maxLength !== undefined && !field.pastedList && value.length > field.maxLength)
      errors[field.id] = `${field.label} is ${value.length} characters long; at most ${field.maxLength} fit.`;
    else if (value !== undefined && field.options && !field.options.some((option) => option.value === value))
      errors[field.id] = `Unknown ${field.label.toLowerCase()} "${value}": expected one of ${field.options.map((o) => o.value).join(', ')}.`;
  }
  return errors;
}

function shorten(message: string): string {
  return message.length <= MAX_ERROR_LENGTH ? message : `${message.slice(0, MAX_ERROR_LENGTH - 1)}…`;
}

const SHORT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const JIRA_KEY = /^[A-Z][A-Z0-9_]+-[1-9][0-9]*$/;

/** Validates `note_from_message` into the record reference and the note's text. */
export function validateNoteForm(form: FormDefinition, submission: FormSubmission): Validated<{ readonly record: string; readonly text: string }> {
  const errors = fieldErrors(form, submission);
  const record = textValue(submission, 'record');
  const text = textValue(submission, 'text');
  if (Object.keys(errors).length > 0 || record === undefined || text === undefined) return { ok: false, errors };
  return { ok: true, value: { record, text } };
}

/** The operators picked in a users field (a list of ids, or ids in text), as the platform gives them. */
function operatorsOf(submission: FormSubmission): readonly string[] {
  const raw = submission.values.operators;
  if (Array.isArray(raw)) return raw as readonly string[];
  return typeof raw === 'string' && raw.trim() ? raw.split(/[\s,]+/).filter(Boolean) : [];
}

/** Inline problems of the fields the domain checks by shape: software and config overrides. */
function whatRanErrors(submission: FormSubmission, errors: FormErrors): void {
  const stackVersion = textValue(submission, 'stack_version');
  const versionProblem = stackVersion === undefined ? undefined : stackVersionProblem(stackVersion);
  if (versionProblem !== undefined && !errors.stack_version) errors.stack_version = versionProblem;
  const overrides = textValue(submission, 'config_overrides');
  if (overrides === undefined || errors.config_overrides) return;
  try {
    parseConfigOverrides(overrides);
  } catch (error) {
    if (!isUserError(error)) throw error;
    errors.config_overrides = shorten(error.message);
  }
}

/** The source of a clone or rerun, with the `changes` the form asked for. */
function sourceOf(submission: FormSubmission, sourceId: string | undefined): { source?: RecordSource } {
  return sourceId === undefined ? {} : { source: { id: sourceId, changes: textValue(submission, 'changes') ?? '' } };
}

/** Validates `campaign_new` into a CampaignInput (a clone of `sourceId` when given), or field-keyed errors. */
export function validateCampaignForm(form: FormDefinition, submission: FormSubmission, sourceId?: string): Validated<CampaignInput> {
  const errors = fieldErrors(form, submission);
  const get = (id: string) => textValue(submission, id);
  const shortName = get('short_name');
  if (shortName !== undefined && !errors.short_name) {
    if (!SHORT_NAME.test(shortName))
      errors.short_name = `"${shortName}" is not a short name: use letters, digits, dot, dash and underscore, starting with a letter or digit.`;
    else if (/^CMP-\d+$/i.test(shortName)) errors.short_name = `"${shortName}" looks like a campaign id; choose a name such as w07-rc2.`;
  }
  whatRanErrors(submission, errors);
  const jiraIssue = get('jira_issue');
  if (jiraIssue !== undefined && !errors.jira_issue && !JIRA_KEY.test(jiraIssue))
    errors.jira_issue = `"${jiraIssue}" is not a Jira issue key: expected e.g. DM-12345.`;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const operators = operatorsOf(submission);
  const optional = (key: keyof CampaignInput, id: string) => {
    const value = get(id);
    return value === undefined ? {} : { [key]: value };
  };
  return {
    ok: true,
    value: {
      shortName: shortName!,
      description: get('description')!,
      ...optional('production', 'production'),
      ...optional('butlerRepo', 'butler_repo'),
      ...optional('inputCollections', 'input_collections'),
      ...optional('outputCollection', 'output_collection'),
      ...optional('inputData', 'input_data'),
      ...optional('workflowDefinition', 'workflow_definition'),
      ...optional('jiraIssue', 'jira_issue'),
      ...optional('stackVersion', 'stack_version'),
      ...(operators.length > 0 ? { operators } : {}),
      ...sourceOf(submission, sourceId),
    } as CampaignInput,
  };
}

const REFERENCE = /^(sha256:\S+|list:\S+)$/i;

/**
 * Pasted lists longer than this are checked after the acknowledgement, like files. Slack and
 * Mattermost fields hold at most 3,000 characters, so what a person pastes is always checked
 * inline; only tools (or the console) send more.
 */
const INLINE_LIST_CHARS = 3000;

/** True when a workflow submission carries list files that still need downloading. */
function hasPendingFiles(submission: FormSubmission): boolean {
  return Object.values(submission.files ?? {}).some((files) => files.some((file) => file.content === undefined));
}

// A range (`visit=2025111500000..2025111526454 detector=0..188`): a few characters that may expand
// to millions of data IDs, seconds of work that must not delay the acknowledgement.
const PASTED_RANGE = /\d\.\.-?\d/;

function checkedAfterAck(pasted: string): boolean {
  return pasted.trim().length > INLINE_LIST_CHARS || PASTED_RANGE.test(pasted);
}

/** True when part of a submission is checked only after the acknowledgement (files, very long pastes, ranges). */
export function hasDeferredLists(submission: FormSubmission): boolean {
  const later = ['include_list', 'exclude_list'].some((id) => {
    const value = submission.values[id];
    return typeof value === 'string' && checkedAfterAck(value);
  });
  return later || hasPendingFiles(submission);
}

/** What parseList is given for the list pasted in, or attached as `file` to, the `kind` fields. */
function parseArguments(kind: ListKind, pasted: string | undefined, file: SubmittedFile | undefined): [string | Uint8Array, ListParseOptions] {
  const noun = kind === 'include' ? 'inclusion' : 'exclusion';
  return pasted !== undefined
    ? [pasted, { source: `the pasted ${noun} list`, field: `${kind}_list` }]
    : [file!.content!, { source: file!.name, field: `${kind}_file`, fileName: file!.name }];
}

/**
 * Parses the lists checked after the acknowledgement (downloaded files, long or ranged pastes) with
 * `parseList.inBackground`, all at once, and returns a parser that gives validateWorkflowForm their
 * outcomes (the list, or the same ListError); other lists it parses as `parseList` does.
 */
export async function parseListsInBackground(submission: FormSubmission, parseList: ListParser): Promise<ListParser> {
  const inBackground = parseList.inBackground;
  if (inBackground === undefined) return parseList;
  const jobs: Array<Promise<[string, { list: DataIdList } | { error: unknown }]>> = [];
  for (const kind of ['include', 'exclude'] as const satisfies readonly ListKind[]) {
    const pasted = textValue(submission, `${kind}_list`);
    const files = submission.files?.[`${kind}_file`] ?? [];
    const file = pasted === undefined && files.length === 1 ? files[0] : undefined;
    const later = file?.content !== undefined || (pasted !== undefined && files.length === 0 && !REFERENCE.test(pasted) && checkedAfterAck(pasted));
    if (!later) continue;
    const [content, options] = parseArguments(kind, pasted, file);
    jobs.push(
      inBackground(content, options).then(
        (list) => [options.field, { list }],
        (error: unknown) => [options.field, { error }],
      ),
    );
  }
  if (jobs.length === 0) return parseList;
  const outcomes = new Map(await Promise.all(jobs));
  return (content, options) => {
    const outcome = outcomes.get(options.field);
    if (outcome === undefined) return parseList(content, options);
    if ('error' in outcome) throw outcome.error;
    return outcome.list;
  };
}

/**
 * Validates `workflow_start` into a WorkflowStartInput and its lists, or field-keyed errors: a list
 * without its reason, a malformed list (the parser's message), an unknown stored-list reference, an
 * unknown WMS, a too-long field. Files not downloaded yet (and, with `deferLongLists`, pasted lists
 * over INLINE_LIST_CHARS or with ranges) are only checked for their reason.
 */
export function validateWorkflowForm(
  form: FormDefinition,
  submission: FormSubmission,
  deps: { readonly notebook: Notebook; readonly parseList: ListParser },
  options: { readonly deferLongLists?: boolean; readonly sourceId?: string } = {},
): Validated<WorkflowSubmission> {
  const errors = fieldErrors(form, submission);
  whatRanErrors(submission, errors);
  const get = (id: string) => textValue(submission, id);
  const lists: ListAttachmentInput[] = [];

  for (const kind of ['include', 'exclude'] as const satisfies readonly ListKind[]) {
    const noun = kind === 'include' ? 'inclusion' : 'exclusion';
    const pastedId = `${kind}_list`;
    const fileId = `${kind}_file`;
    const reasonId = `${kind}_reason`;
    const pasted = get(pastedId);
    const files = submission.files?.[fileId] ?? [];
    const reason = get(reasonId);
    const provenance = get(`${kind}_provenance`);
    const how = provenance === undefined ? {} : { provenance };
    if (errors[pastedId] || errors[reasonId]) continue;
    if (pasted !== undefined && files.length > 0) {
      errors[fileId] = `Give the ${noun} list pasted or as a file, not both.`;
      continue;
    }
    if (files.length > 1) {
      errors[fileId] = `Attach one ${noun} list file (got ${files.length}).`;
      continue;
    }
    if (pasted === undefined && files.length === 0) {
      if (reason !== undefined) errors[reasonId] = `This is the reason for an ${noun} list, but no ${noun} list was given: paste or attach it, or clear the reason.`;
      if (provenance !== undefined) errors[`${kind}_provenance`] = `This says how an ${noun} list was made, but no ${noun} list was given: paste or attach it, or clear this.`;
      continue;
    }
    const where = pasted !== undefined ? pastedId : fileId;
    try {
      if (pasted !== undefined && REFERENCE.test(pasted)) {
        const stored = deps.notebook.resolveListReference(pasted);
        const listReason = reason ?? stored.reason;
        if (listReason === undefined) errors[reasonId] = `Say why this ${noun} list (${pasted}) is attached.`;
        else lists.push({ kind, reason: listReason, sha256: stored.sha256, ...how });
        continue;
      }
      if (pasted !== undefined && options.deferLongLists && checkedAfterAck(pasted)) {
        if (reason === undefined) errors[reasonId] = `Say why this ${noun} list is attached.`;
        continue;
      }
      const file = files[0];
      if (file !== undefined && file.content === undefined) {
        if (reason === undefined) errors[reasonId] = `Say why the ${noun} list ${file.name} is attached.`;
        continue;
      }
      const list = deps.parseList(...parseArguments(kind, pasted, file));
      const listReason = reason ?? list.reason;
      if (listReason === undefined) errors[reasonId] = `Say why this ${noun} list (${list.columns?.size ?? list.entries.length} data IDs) is attached.`;
      else lists.push({ kind, reason: listReason, list, ...how });
    } catch (error) {
      if (!isUserError(error)) throw error;
      errors[where] = shorten(error.fields[where] ?? error.message);
    }
  }

  const runText = get('run_id');
  let run: ReturnType<typeof parseRunText>;
  try {
    run = runText === undefined ? undefined : parseRunText(runText);
  } catch (error) {
    if (!isUserError(error)) throw error;
    errors.run_id = shorten(error.message);
  }
  if (runText !== undefined && run === undefined && !errors.run_id)
    errors.run_id = 'Give the run id (e.g. 176261), optionally its run name, or paste the output of bps submit.';

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const optional = (key: keyof WorkflowStartInput, id: string) => {
    const value = get(id);
    return value === undefined ? {} : { [key]: value };
  };
  const input = {
    label: get('label')!,
    wms: get('wms') as Wms,
    ...optional('pipeline', 'pipeline'),
    ...optional('butlerRepo', 'butler_repo'),
    ...optional('inputCollections', 'input_collections'),
    ...optional('outputRun', 'output_run'),
    ...optional('dataQuery', 'data_query'),
    ...optional('bpsCommand', 'bps_command'),
    ...(run ? { runId: run.runId, ...(run.runName ? { runName: run.runName } : {}) } : {}),
    ...optional('notes', 'notes'),
    ...optional('stackVersion', 'stack_version'),
    ...optional('configOverrides', 'config_overrides'),
    ...(operatorsOf(submission).length > 0 ? { operators: operatorsOf(submission) } : {}),
    ...sourceOf(submission, options.sourceId),
  } as WorkflowStartInput;
  if (!WMS_NAMES.includes(input.wms)) return { ok: false, errors: { wms: 'Choose the workflow system.' } };
  return { ok: true, value: { input, lists } };
}
