import type { DataId } from '../lists/data-id.js';
import type { ListSummary } from '../lists/data-id-list.js';

/** Who did something: a chat user (`slack:U0123`, `mattermost:abc`), or `cli:<login>`. */
export interface Actor {
  readonly id: string;
  readonly name: string;
}

/** The notebook itself, as the actor of what it records on its own (the paused gate, reminders). */
export const NOTEBOOK_ACTOR: Actor = { id: 'notebook', name: 'campaign notebook' };

/** Where a campaign lives in chat; its notifications go there. */
export interface ChannelRef {
  readonly platform: 'slack' | 'mattermost';
  readonly id: string;
}

export const CAMPAIGN_STATUSES = ['defined', 'running', 'paused', 'completed', 'failed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export const WORKFLOW_STATUSES = ['recorded', 'submitted', 'running', 'succeeded', 'failed', 'stopped'] as const;
export type WorkflowStatus = (typeof WORKFLOW_STATUSES)[number];

/** A change to one of these cannot be undone: it needs a reason, typed or asked for (form `status_reason`). */
export const STATUSES_NEEDING_REASON: readonly string[] = ['failed', 'stopped', 'completed'];

export const WMS_NAMES = ['panda', 'htcondor', 'pegasus', 'parsl', 'prompt', 'other'] as const;
export type Wms = (typeof WMS_NAMES)[number];

/** What a pilot gives when defining a campaign (form `campaign_new`). */
export interface CampaignInput {
  readonly shortName: string;
  readonly description: string;
  readonly production?: string;
  readonly butlerRepo?: string;
  readonly inputCollections?: string;
  readonly outputCollection?: string;
  readonly inputData?: string;
  readonly workflowDefinition?: string;
  readonly jiraIssue?: string;
  readonly operators?: readonly string[];
  /** The Science Pipelines version (checked by stackVersionProblem). */
  readonly stackVersion?: string;
  /** When cloned: the campaign it was cloned from, and what differs and why. */
  readonly source?: RecordSource;
}

/** The record a clone or rerun was made from (`CMP-3`, `CMP-3/2`) and what differs from it, and why. */
export interface RecordSource {
  readonly id: string;
  readonly changes: string;
}

export interface Campaign extends CampaignInput {
  /** `CMP-<n>` */
  readonly id: string;
  readonly number: number;
  readonly status: CampaignStatus;
  readonly channel?: ChannelRef;
  readonly definedBy: Actor;
  readonly definedAt: string;
}

export type ListKind = 'include' | 'exclude';

/** A list attached to a workflow start, with the reason it was attached for. */
export interface AttachedList extends ListSummary {
  readonly kind: ListKind;
  readonly reason: string;
  /** The stored list's name, when it was stored under one. */
  readonly name?: string;
  /** How the list was made (script, notebook, git repo@SHA, query), as the pilot wrote it. */
  readonly provenance?: string;
}

/** What a pilot gives when starting a workflow (form `workflow_start`), lists already parsed. */
export interface WorkflowStartInput {
  readonly label: string;
  readonly wms: Wms;
  readonly pipeline?: string;
  readonly butlerRepo?: string;
  readonly inputCollections?: string;
  readonly outputRun?: string;
  readonly dataQuery?: string;
  readonly bpsCommand?: string;
  readonly runId?: string;
  readonly runName?: string;
  readonly notes?: string;
  /** Default: the campaign's. */
  readonly stackVersion?: string;
  /** pex_config overrides one a line, as parseConfigOverrides reads them. */
  readonly configOverrides?: string;
  readonly operators?: readonly string[];
  /** When rerun: the workflow it reruns, and what differs and why. */
  readonly source?: RecordSource;
}

export interface Workflow extends WorkflowStartInput {
  /** `CMP-<n>/<m>` */
  readonly id: string;
  readonly campaignId: string;
  readonly number: number;
  readonly status: WorkflowStatus;
  readonly lists: readonly AttachedList[];
  readonly startedBy: Actor;
  readonly startedAt: string;
}

export const EVENT_KINDS = [
  'campaign_defined',
  'workflow_started',
  'list_attached',
  'run_recorded',
  'status_changed',
  'note_added',
  /** Who operates a campaign or workflow now: {from, to} (user ids), who handed over to whom. */
  'operators_changed',
  /** On the source record: it was cloned (a campaign) or rerun (a workflow) as {into, changes}. */
  'cloned',
  /** The notebook itself (actor `notebook`) reminded a paused campaign or asked a quiet workflow; not activity. */
  'reminder_sent',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** One notebook entry. Events are never edited or deleted; a correction is a new event. */
export interface NotebookEvent {
  readonly seq: number;
  readonly kind: EventKind;
  readonly campaignId: string;
  readonly workflowId?: string;
  readonly actor: Actor;
  /** UTC, ISO 8601 */
  readonly at: string;
  /** The event's content: for status_changed {from, to, reason}, for note_added {text}, etc. */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** One answer to "why was this data ID included or excluded?". */
export interface WhyMatch {
  readonly campaignId: string;
  readonly campaignName: string;
  readonly workflowId: string;
  readonly workflowLabel: string;
  readonly kind: ListKind;
  readonly sha256: string;
  /** The matching entry as the list names it (may name fewer dimensions than asked). */
  readonly entry: DataId;
  /** The entry's own reason, else the list's. */
  readonly reason: string;
  readonly attachedBy: Actor;
  readonly attachedAt: string;
  /** How the list was made, when the attachment says. */
  readonly provenance?: string;
}
