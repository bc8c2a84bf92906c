import { WMS_NAMES, type Campaign } from '../campaign/records.js';

/** Form ids: Slack `callback_id`, Mattermost dialog `callback_id`. The last three are opened by a card's buttons. */
export const FORM_IDS = ['campaign_new', 'workflow_start', 'status_reason', 'record_note', 'record_run'] as const;
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
  /** For the forms of a card's buttons: the record (`CMP-1`, `CMP-1/2`). */
  readonly recordId?: string;
  /** For `status_reason`: the status asked for. */
  readonly status?: string;
  /** For a form opened from a card: the latest event the card showed (a change since refuses it). */
  readonly seenEvent?: number;
}

/** The form state as a compact object: what Slack's private_metadata and the signed Mattermost dialog state carry. */
export function packFormState(state: FormState): Record<string, string | number> {
  return {
    f: state.formId,
    c: state.channelId,
    ...(state.campaignId ? { k: state.campaignId } : {}),
    ...(state.recordId ? { r: state.recordId } : {}),
    ...(state.status ? { s: state.status } : {}),
    ...(state.seenEvent !== undefined ? { v: state.seenEvent } : {}),
  };
}

/** The form state back from packFormState's object; undefined when it is not one. */
export function unpackFormState(raw: Readonly<Record<string, unknown>>): FormState | undefined {
  const { f, c, k, r, s, v } = raw;
  if (!(FORM_IDS as readonly unknown[]).includes(f) || typeof c !== 'string') return undefined;
  if ([k, r, s].some((value) => value !== undefined && typeof value !== 'string') || (v !== undefined && !Number.isSafeInteger(v))) return undefined;
  return {
    formId: f as FormId,
    channelId: c,
    ...(k !== undefined ? { campaignId: k as string } : {}),
    ...(r !== undefined ? { recordId: r as string } : {}),
    ...(s !== undefined ? { status: s as string } : {}),
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

/** The `campaign_new` form, prefilled with the short name when the command gave one. */
export function campaignNewForm(prefill: { shortName?: string } = {}): FormDefinition {
  return {
    id: 'campaign_new',
    title: 'New campaign',
    submitLabel: 'Record',
    intro: 'Defines a campaign in the notebook. It belongs to this channel; its notifications come here.',
    fields: [
      {
        id: 'short_name',
        label: 'Short name',
        kind: 'text',
        required: true,
        maxLength: 64,
        hint: 'Unique, e.g. w07-rc2: letters, digits, dot, dash, underscore.',
        ...(prefill.shortName ? { initial: prefill.shortName } : {}),
      },
      { id: 'description', label: 'Description: what and why', kind: 'textarea', required: true, maxLength: MAX_TEXT },
      { id: 'production', label: 'Production', kind: 'text', required: false, maxLength: 200, placeholder: 'e.g. DP2, DRP commissioning' },
      { id: 'butler_repo', label: 'Butler repo', kind: 'text', required: false, maxLength: 500, placeholder: 'e.g. /repo/main' },
      { id: 'input_collections', label: 'Input collections', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'Comma or newline separated.' },
      { id: 'output_collection', label: 'Output collection', kind: 'text', required: false, maxLength: 500, placeholder: 'LSSTCam/runs/<target>/<release>/<ticket>' },
      { id: 'input_data', label: 'Input data', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'The script, notebook, or git repo + SHA that selects the input data.' },
      { id: 'workflow_definition', label: 'Workflow definition', kind: 'textarea', required: false, maxLength: MAX_TEXT, hint: 'The BPS commands or submit YAML.' },
      { id: 'jira_issue', label: 'Jira issue', kind: 'text', required: false, maxLength: 50, hint: 'An existing issue key (e.g. DM-12345); leave empty to create one.' },
      { id: 'operators', label: 'Operators', kind: 'users', required: false },
    ],
  };
}

/** The `workflow_start` form, prefilled from the command's label and the campaign's repo and collections. */
export function workflowStartForm(campaign: Campaign, prefill: { label?: string } = {}): FormDefinition {
  const initial = (value: string | undefined) => (value ? { initial: value } : {});
  return {
    id: 'workflow_start',
    title: 'Start a workflow',
    submitLabel: 'Record',
    intro: `Records a workflow start in ${campaign.id} (${campaign.shortName}). It does not submit anything.`,
    fields: [
      { id: 'label', label: 'Label', kind: 'text', required: true, maxLength: 100, placeholder: 'e.g. step1', ...initial(prefill.label) },
      {
        id: 'wms',
        label: 'Workflow system',
        kind: 'select',
        required: true,
        options: WMS_NAMES.map((name) => ({ value: name, label: name })),
      },
      { id: 'pipeline', label: 'Pipeline', kind: 'text', required: false, maxLength: 500, placeholder: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1' },
      { id: 'butler_repo', label: 'Butler repo', kind: 'text', required: false, maxLength: 500, ...initial(campaign.butlerRepo) },
      { id: 'input_collections', label: 'Input collections', kind: 'textarea', required: false, maxLength: MAX_TEXT, ...initial(campaign.inputCollections) },
      { id: 'output_run', label: 'Output run', kind: 'text', required: false, maxLength: 500 },
      { id: 'data_query', label: 'Data query', kind: 'textarea', required: false, maxLength: MAX_TEXT, placeholder: "instrument='LSSTCam' AND day_obs=20251115" },
      { id: 'bps_command', label: 'BPS command', kind: 'textarea', required: false, maxLength: MAX_TEXT, placeholder: 'bps submit step1.yaml' },
      { id: 'include_list', label: 'Inclusion list (pasted)', kind: 'textarea', required: false, maxLength: MAX_TEXT, pastedList: true, hint: LIST_HINT },
      { id: 'include_file', label: 'Inclusion list (file)', kind: 'file', required: false, hint: FILE_HINT },
      { id: 'include_reason', label: 'Why this inclusion list', kind: 'text', required: false, maxLength: 1000, hint: 'Required with an inclusion list.' },
      { id: 'exclude_list', label: 'Exclusion list (pasted)', kind: 'textarea', required: false, maxLength: MAX_TEXT, pastedList: true, hint: LIST_HINT },
      { id: 'exclude_file', label: 'Exclusion list (file)', kind: 'file', required: false, hint: FILE_HINT },
      { id: 'exclude_reason', label: 'Why this exclusion list', kind: 'text', required: false, maxLength: 1000, hint: 'Required with an exclusion list.' },
      { id: 'run_id', label: 'Run id', kind: 'text', required: false, maxLength: 200, hint: 'If already submitted: the Run Id printed by bps submit (or later: /campaign run).' },
      { id: 'notes', label: 'Notes', kind: 'textarea', required: false, maxLength: MAX_TEXT },
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
