import { cloneDefaults, rerunDefaults } from '../campaign/clone-defaults.js';
import { WMS_NAMES, type Campaign, type CampaignInput, type ListKind, type Workflow, type WorkflowStartInput } from '../campaign/records.js';

/** Form ids: Slack `callback_id`, Mattermost dialog `callback_id`. The last three are opened by a card's buttons. */
export const FORM_IDS = ['campaign_new', 'workflow_start', 'note_from_message', 'status_reason', 'record_note', 'record_run'] as const;
export type FormId = (typeof FORM_IDS)[number];

export type FieldKind = 'text' | 'textarea' | 'select' | 'file' | 'users';

/** One field of a platform-neutral form. Its id is the Slack block_id/action_id and the Mattermost element name. */
export interface FormField {
  readonly id: string;
  readonly label: string;
  readonly kind: FieldKind;
  readonly required: boolean;
  readonly maxLength?: number;
  /**
   * A pasted data-ID list: `maxLength` is what a person can paste in the platform's field; the
   * server bounds the list with the parser's limits instead (tools and the console may send more).
   */
  readonly pastedList?: boolean;
  readonly hint?: string;
  readonly placeholder?: string;
  readonly options?: readonly { readonly value: string; readonly label: string }[];
  /** Text, a select's value, or user ids for `users`. */
  readonly initial?: string | readonly string[];
}

/** What the submission must bring back (Slack private_metadata, Mattermost signed dialog state). */
export interface FormState {
  readonly formId: FormId;
  /** The channel the command came from. */
  readonly channelId: string;
  /** For `workflow_start`: the campaign id. */
  readonly campaignId?: string;
  /** For `note_from_message`: the message filed (its permalink, when the platform gave one, and its author's actor id). */
  readonly filedMessage?: { readonly permalink?: string; readonly author: string };
  /** For a clone or a rerun: the record it is made from (`CMP-3`, `CMP-3/2`). */
  readonly sourceId?: string;
  /** For the forms of a card's buttons: the record (`CMP-1`, `CMP-1/2`). */
  readonly recordId?: string;
  /** For `status_reason`: the status asked for. */
  readonly status?: string;
  /** For a form opened from a card: the latest event the card showed (a change since refuses it). */
  readonly seenEvent?: number;
}

/** The form state as a compact object: what Slack's private_metadata and the signed Mattermost dialog state carry. */
export function packFormState(state: FormState): Record<string, unknown> {
  return {
    f: state.formId,
    c: state.channelId,
    ...(state.campaignId ? { k: state.campaignId } : {}),
    ...(state.sourceId ? { s: state.sourceId } : {}),
    ...(state.filedMessage ? { m: state.filedMessage } : {}),
    ...(state.recordId ? { r: state.recordId } : {}),
    ...(state.status ? { a: state.status } : {}),
    ...(state.seenEvent !== undefined ? { v: state.seenEvent } : {}),
  };
}

/** The form state back from packFormState's object; undefined when it is not one. */
export function unpackFormState(raw: Readonly<Record<string, unknown>>): FormState | undefined {
  const { f, c, k, s, m, r, a, v } = raw;
  if (!(FORM_IDS as readonly unknown[]).includes(f) || typeof c !== 'string') return undefined;
  if ([k, s, r, a].some((value) => value !== undefined && typeof value !== 'string') || (v !== undefined && !Number.isSafeInteger(v))) return undefined;
  const filed = m as { permalink?: unknown; author?: unknown } | undefined;
  if (filed !== undefined && (typeof filed !== 'object' || filed === null || typeof filed.author !== 'string')) return undefined;
  return {
    formId: f as FormId,
    channelId: c,
    ...(k !== undefined ? { campaignId: k as string } : {}),
    ...(s !== undefined ? { sourceId: s as string } : {}),
    ...(filed ? { filedMessage: { author: filed.author as string, ...(typeof filed.permalink === 'string' ? { permalink: filed.permalink } : {}) } } : {}),
    ...(r !== undefined ? { recordId: r as string } : {}),
    ...(a !== undefined ? { status: a as string } : {}),
    ...(v !== undefined ? { seenEvent: v as number } : {}),
  };
}

export interface FormDefinition {
  readonly id: FormId;
  /** At most 24 characters (Slack and Mattermost limit). */
  readonly title: string;
  readonly submitLabel: string;
  /** One short paragraph above the fields. */
  readonly intro?: string;
  readonly fields: readonly FormField[];
}

const MAX_TEXT = 3000;
const LIST_HINT =
  'One data ID a line (instrument=LSSTCam visit=2025111500226 detector=42 # reason), or JSON, YAML or CSV. ' +
  'Ranges expand to every combination: visit=2025111500220..2025111500230 detector=0..188 (a..b:stride too). ' +
  'Too big to paste or upload? Write it as ranges, upload it gzipped (.csv.gz), or store it from a terminal with ' +
  'campaign lists add FILE --name NAME and write list:NAME (or sha256: and 12+ hex digits of its fingerprint) here.';
const FILE_HINT =
  'JSON, YAML, CSV/ECSV or lines, gzipped or not; Slack takes files up to 10 MB. ' +
  'Bigger? Gzip it (a million detector-visits gzip to about 2.5 MB), write it as ranges, or run campaign lists add FILE --name NAME and paste list:NAME.';

const STACK_HINT = 'The Science Pipelines version: w_2025_47 (weekly), d_2025_11_20 (daily), v29.1.0 (release), or other:<text>.';
const OVERRIDES_HINT = 'pex_config overrides, one a line, as pipetask takes them: task:field=value, -c task:field=value or -C task:file.';
const PROVENANCE_HINT = 'How the list was made: the script or notebook, git repo@SHA, or the query (links are recognised).';
const CHANGES_HINT = 'Required: what differs from the original, and why.';

/** `initial` of a field when there is a value to prefill. */
function initial(value: string | readonly string[] | undefined): { initial?: string | readonly string[] } {
  return value === undefined || value.length === 0 ? {} : { initial: value };
}

/**
 * The `campaign_new` form, prefilled with the short name when the command gave one. A clone is
 * prefilled from its source, every field but the Jira issue, and asks what changes (required).
 */
export function campaignNewForm(prefill: { shortName?: string; clone?: Campaign } = {}): FormDefinition {
  const source = prefill.clone;
  const from: Partial<CampaignInput> = source ? cloneDefaults(source) : {};
  return {
    id: 'campaign_new',
    title: source ? 'Clone a campaign' : 'New campaign',
    submitLabel: 'Record',
    intro: source
      ? `Defines a campaign cloned from ${source.id} (${source.shortName}): every field comes from it but the Jira issue (a new one is made unless you name one). Change what differs, and say what and why.`
      : 'Defines a campaign in the notebook. It belongs to this channel; its notifications come here.',
    fields: [
      { id: 'short_name', label: 'Short name', kind: 'text', required: true, maxLength: 64, hint: 'Unique, e.g. w07-rc2: letters, digits, dot, dash, underscore.', ...initial(prefill.shortName) },
      ...(source ? [{ id: 'changes', label: `Changes from ${source.id}`, kind: 'textarea', required: true, maxLength: MAX_TEXT, hint: CHANGES_HINT } as const] : []),
      { id: 'description', label: 'Description: what and why', kind: 'textarea', required: true, maxLength: MAX_TEXT, ...initial(from.description) },
      { id: 'production', label: 'Production', kind: 'text', required: false, maxLength: 200, placeholder: 'e.g. DP2, DRP commissioning', ...initial(from.production) },
      { id: 'stack_version', label: 'Software', kind: 'text', required: false, maxLength: 100, placeholder: 'w_2025_47', hint: STACK_HINT, ...initial(from.stackVersion) },
      { id: 'butler_repo', label: 'Butler repo', kind: 'text', required: false, maxLength: 500, placeholder: 'e.g. /repo/main', ...initial(from.butlerRepo) },
      { id: 'input_collections', label: 'Input collections', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'Comma or newline separated.', ...initial(from.inputCollections) },
      { id: 'output_collection', label: 'Output collection', kind: 'text', required: false, maxLength: 500, placeholder: 'LSSTCam/runs/<target>/<release>/<ticket>', ...initial(from.outputCollection) },
      { id: 'input_data', label: 'Input data', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'The script, notebook, or git repo + SHA that selects the input data.', ...initial(from.inputData) },
      { id: 'workflow_definition', label: 'Workflow definition', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'The BPS commands or submit YAML.', ...initial(from.workflowDefinition) },
      { id: 'jira_issue', label: 'Jira issue', kind: 'text', required: false, maxLength: 50, hint: 'An existing issue key (e.g. DM-12345); leave empty to create one.' },
      { id: 'operators', label: 'Operators', kind: 'users', required: false, ...initial(from.operators) },
    ],
  };
}

/**
 * The `workflow_start` form, prefilled from the command's label and the campaign's repo and
 * collections. A rerun is prefilled from its source (every field but its run, output run and
 * notes), its lists as `sha256:` references with their reasons, and asks what changes (required).
 */
export function workflowStartForm(campaign: Campaign, prefill: { label?: string; rerun?: Workflow } = {}): FormDefinition {
  const source = prefill.rerun;
  const from: Partial<WorkflowStartInput> = source ? rerunDefaults(source).input : { butlerRepo: campaign.butlerRepo, inputCollections: campaign.inputCollections };
  const listOf = (kind: ListKind) => source?.lists.filter((list) => list.kind === kind) ?? [];
  const more = (['include', 'exclude'] as const).filter((kind) => listOf(kind).length > 1);
  const intro = source
    ? `Records a rerun of ${source.id} (${source.label}) in ${campaign.id} (${campaign.shortName}), prefilled from it; its lists are given by fingerprint (nothing is uploaded again; replace them if you like). Say what changes, and why.` +
      (more.length > 0 ? ` ${source.id} has several ${more.map((kind) => `${kind === 'include' ? 'inclusion' : 'exclusion'}`).join(' and ')} lists: this form carries the first; \`campaign rerun\` from a terminal keeps them all.` : '')
    : `Records a workflow start in ${campaign.id} (${campaign.shortName}). It does not submit anything.`;
  const listFields = (kind: ListKind) => {
    const noun = kind === 'include' ? 'inclusion' : 'exclusion';
    const Noun = kind === 'include' ? 'Inclusion' : 'Exclusion';
    const list = listOf(kind)[0];
    return [
      { id: `${kind}_list`, label: `${Noun} list (pasted)`, kind: 'textarea', required: false, maxLength: MAX_TEXT, pastedList: true, hint: LIST_HINT, ...initial(list && `sha256:${list.sha256}`) },
      { id: `${kind}_file`, label: `${Noun} list (file)`, kind: 'file', required: false, hint: FILE_HINT },
      { id: `${kind}_reason`, label: `Why this ${noun} list`, kind: 'text', required: false, maxLength: 1000, hint: `Required with an ${noun} list.`, ...initial(list?.reason) },
      { id: `${kind}_provenance`, label: `${Noun} provenance`, kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: PROVENANCE_HINT, ...initial(list?.provenance) },
    ] as const satisfies readonly FormField[];
  };
  return {
    id: 'workflow_start',
    title: source ? 'Rerun a workflow' : 'Start a workflow',
    submitLabel: 'Record',
    intro,
    fields: [
      { id: 'label', label: 'Label', kind: 'text', required: true, maxLength: 100, placeholder: 'e.g. step1', ...initial(prefill.label ?? from.label) },
      ...(source ? [{ id: 'changes', label: `Changes from ${source.id}`, kind: 'textarea', required: true, maxLength: MAX_TEXT, hint: CHANGES_HINT } as const] : []),
      { id: 'wms', label: 'Workflow system', kind: 'select', required: true, options: WMS_NAMES.map((name) => ({ value: name, label: name })), ...initial(from.wms) },
      { id: 'pipeline', label: 'Pipeline', kind: 'text', required: false, maxLength: 500, placeholder: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1', ...initial(from.pipeline) },
      {
        id: 'stack_version',
        label: 'Software',
        kind: 'text',
        required: false,
        maxLength: 100,
        placeholder: campaign.stackVersion ? `${campaign.stackVersion} (the campaign's)` : 'w_2025_47',
        hint: `${STACK_HINT} Empty: the campaign's.`,
        ...initial(from.stackVersion),
      },
      { id: 'config_overrides', label: 'Config overrides', kind: 'textarea', required: false, maxLength: MAX_TEXT, placeholder: 'isr:doDark=False', hint: OVERRIDES_HINT, ...initial(from.configOverrides) },
      { id: 'butler_repo', label: 'Butler repo', kind: 'text', required: false, maxLength: 500, ...initial(from.butlerRepo) },
      { id: 'input_collections', label: 'Input collections', kind: 'textarea', required: false, maxLength: MAX_TEXT, ...initial(from.inputCollections) },
      { id: 'output_run', label: 'Output run', kind: 'text', required: false, maxLength: 500, ...(source?.outputRun ? { placeholder: `${source.id} wrote ${source.outputRun}` } : {}) },
      { id: 'data_query', label: 'Data query', kind: 'textarea', required: false, maxLength: MAX_TEXT, placeholder: "instrument='LSSTCam' AND day_obs=20251115", ...initial(from.dataQuery) },
      { id: 'bps_command', label: 'BPS command', kind: 'textarea', required: false, maxLength: MAX_TEXT, placeholder: 'bps submit step1.yaml', ...initial(from.bpsCommand) },
      { id: 'operators', label: 'Operators', kind: 'users', required: false, hint: "Empty: the campaign's.", ...initial(from.operators) },
      ...listFields('include'),
      ...listFields('exclude'),
      { id: 'run_id', label: 'Run id', kind: 'text', required: false, maxLength: 200, hint: 'If already submitted: the Run Id printed by bps submit (or later: /campaign run).' },
      { id: 'notes', label: 'Notes', kind: 'textarea', required: false, maxLength: MAX_TEXT },
    ],
  };
}

/** A record offered by `note_from_message`: its id and how it is shown. */
export interface RecordOption {
  readonly value: string;
  readonly label: string;
}

/**
 * The `note_from_message` form (message shortcut `add_to_notebook`): which campaign or workflow,
 * and the text, prefilled from the message. Without `records` (checking a submission), any record
 * reference is taken and resolved when recorded.
 */
export function noteFromMessageForm(prefill: { readonly text?: string; readonly records?: readonly RecordOption[] } = {}): FormDefinition {
  return {
    id: 'note_from_message',
    title: 'Add to notebook',
    submitLabel: 'Add note',
    intro: 'Files this message as a note on a campaign or workflow, with a link to the message; the note is posted in the record\'s thread.',
    fields: [
      {
        id: 'record',
        label: 'Campaign or workflow',
        kind: 'select',
        required: true,
        hint: "This channel's open campaigns and workflows come first.",
        ...(prefill.records ? { options: prefill.records } : {}),
      },
      { id: 'text', label: 'Note', kind: 'textarea', required: true, maxLength: MAX_TEXT, ...(prefill.text ? { initial: prefill.text.slice(0, MAX_TEXT) } : {}) },
    ],
  };
}

/** `status_reason`: why a record goes to a status that cannot be undone (failed, stopped, completed). */
export function statusReasonForm(recordId: string, status: string): FormDefinition {
  return {
    id: 'status_reason',
    title: `Reason: ${status}`.slice(0, 24),
    submitLabel: 'Record',
    intro: `${recordId} will be ${status}. Say why: the reason stays in the notebook with the change.`,
    fields: [{ id: 'reason', label: 'Reason', kind: 'textarea', required: true, maxLength: MAX_TEXT }],
  };
}

/** `record_note`: a notebook entry on a record, from its card. */
export function recordNoteForm(recordId: string): FormDefinition {
  return {
    id: 'record_note',
    title: 'Add a note',
    submitLabel: 'Record',
    intro: `A notebook entry on ${recordId}. It goes in the record's thread.`,
    fields: [{ id: 'text', label: 'Note', kind: 'textarea', required: true, maxLength: MAX_TEXT }],
  };
}

/** `record_run`: a workflow's WMS run, from its card: the Run Id, or everything `bps submit` printed. */
export function recordRunForm(workflowId: string): FormDefinition {
  return {
    id: 'record_run',
    title: 'Record the run',
    submitLabel: 'Record',
    intro: `The run of ${workflowId} in its workflow system. The status-tool links follow in its thread.`,
    fields: [
      { id: 'run_id', label: 'Run id, or the bps submit output', kind: 'textarea', required: true, maxLength: MAX_TEXT, hint: 'The Run Id (e.g. 176261), or paste all that bps submit printed: Run Id and Run Name are read from it.' },
      { id: 'run_name', label: 'Run name', kind: 'text', required: false, maxLength: 500, placeholder: 'u_jdoe_step1_20251115T120000Z' },
    ],
  };
}
