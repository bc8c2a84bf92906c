import type { DataId } from '../lists/data-id.js';
import type { BpsExport } from './bps-submit-export.js';
import type { RecordDiff } from './diff-records.js';
import type { OperatorHoldings } from './who.js';
import type { DataIdList, ListSummary } from '../lists/data-id-list.js';
import type {
  Actor,
  AttachedList,
  Campaign,
  CampaignInput,
  CampaignStatus,
  ChannelRef,
  ListKind,
  NotebookEvent,
  WhyMatch,
  Workflow,
  WorkflowStartInput,
  WorkflowStatus,
} from './records.js';
import type { NoteSource } from './add-note.js';
import type { Digest, DigestTime } from './digest.js';
import type { Home } from './home.js';
import type { BpsReportOutcome } from './record-bps-report.js';
import type { StatusChangeOptions } from './change-status.js';
import type { ReminderPeriods } from './record-due-reminders.js';

/** A list to attach to a workflow start: parsed now, or one already stored (by fingerprint). */
export type ListAttachmentInput = (
  | { readonly kind: ListKind; readonly reason: string; readonly list: DataIdList }
  | { readonly kind: ListKind; readonly reason: string; readonly sha256: string }
) & {
  /** How the list was made: script or notebook, git repo@SHA, query (free text). */
  readonly provenance?: string;
};

/** A list kept in the store, as `lists` shows it. */
export interface StoredList extends ListSummary {
  readonly name?: string;
  readonly reason?: string;
  readonly storedBy: Actor;
  readonly storedAt: string;
}

/** A file of an export: the record as YAML, each list as JSON, ECSV and a Butler query fragment. */
export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

export type RecordView =
  | {
      readonly type: 'campaign';
      readonly campaign: Campaign;
      /** Oldest first: all of them, or the first `workflowLimit` asked of `show`. */
      readonly workflows: readonly Workflow[];
      readonly workflowCount: number;
    }
  | { readonly type: 'workflow'; readonly campaign: Campaign; readonly workflow: Workflow };

/** The record after a status change; `paused`: the campaign's pause, when the change closed the paused gate. */
export type StatusChange = RecordView & { readonly paused?: NotebookEvent };

/** What a record's card shows: the record now, its latest event (the card's number), a campaign's workflows counted by status. */
export type RecordCard =
  | {
      readonly type: 'campaign';
      readonly campaign: Campaign;
      readonly workflowCount: number;
      readonly workflowsByStatus: Readonly<Partial<Record<WorkflowStatus, number>>>;
      /** The latest event of the campaign or any of its workflows. */
      readonly latest: NotebookEvent;
    }
  | { readonly type: 'workflow'; readonly campaign: Campaign; readonly workflow: Workflow; readonly latest: NotebookEvent };

export interface CampaignFilter {
  readonly status?: CampaignStatus;
  /** Only campaigns defined by this actor id. */
  readonly definedBy?: string;
  /** Only campaigns of this channel. */
  readonly channel?: ChannelRef;
}

/**
 * The use cases, as every adapter (CLI, Slack, Mattermost) calls them. References accept
 * `CMP-12`, the campaign's short name, and `CMP-12/3` for a workflow. Anything the user got
 * wrong (unknown reference, disallowed transition, duplicate short name) throws UserError.
 */
export interface Notebook {
  defineCampaign(input: CampaignInput, by: Actor, channel?: ChannelRef): Campaign;
  startWorkflow(
    campaignRef: string,
    input: WorkflowStartInput,
    lists: readonly ListAttachmentInput[],
    by: Actor,
  ): Workflow;
  /** Records the WMS run id (and run name) of a workflow; moves `recorded` to `submitted`. */
  recordRun(workflowRef: string, runId: string, runName: string | undefined, by: Actor): Workflow;
  /** Failed, stopped and completed need a reason; a workflow that ends may pause its campaign (the paused gate, `paused`). */
  changeStatus(
    ref: string,
    status: CampaignStatus | WorkflowStatus,
    reason: string | undefined,
    by: Actor,
    options?: StatusChangeOptions,
  ): StatusChange;
  /** `source`: the chat message a note was filed from (its permalink and author), kept in the event. */
  addNote(ref: string, text: string, by: Actor, source?: NoteSource): NotebookEvent;
  /** Records the reminders due now (see record-due-reminders.ts); returns the ones this call recorded. */
  recordDueReminders(periods: ReminderPeriods): readonly NotebookEvent[];
  /** Records the digests due now, once a channel a UTC day; returns the channels to post them in. */
  recordDueDigests(time: DigestTime): readonly ChannelRef[];
  /** A channel's digest now: campaigns by status, waiting decisions, quiet workflows, the last 24 hours. */
  digest(channel: ChannelRef, quietMs: number): Digest;
  /** One person's home: their campaigns and workflows, decisions waiting for them, their latest entries. */
  home(actorId: string): Home;
  /** Sets a workflow's status from pasted `bps report` output (the run matching its run id); `adoptRun` records the report's only run on a workflow without one. */
  recordBpsReport(workflowRef: string, text: string, by: Actor, options?: { readonly adoptRun?: boolean }): BpsReportOutcome;

  /** `workflowLimit`: a campaign's first workflows only (a chat message shows a few of thousands). */
  show(ref: string, options?: { readonly workflowLimit?: number }): RecordView;
  /** What the record's card shows now. */
  card(ref: string): RecordCard;
  /** The record's status changes after the event `seq` (a card drawn at `seq` is out of date when there are any). */
  statusChangesSince(ref: string, seq: number): readonly NotebookEvent[];
  findCampaign(ref: string): Campaign;
  listCampaigns(filter?: CampaignFilter): readonly Campaign[];
  /** Every workflow that has not ended (recorded, submitted, running), by campaign, without lists: one query. */
  openWorkflows(): readonly Omit<Workflow, 'lists'>[];
  /** Every event of a campaign and its workflows, oldest first. */
  history(campaignRef: string): readonly NotebookEvent[];
  /** Every workflow whose lists name this data ID, fully or partly, newest first. */
  why(dataId: DataId): readonly WhyMatch[];
  exportRecord(ref: string): readonly ExportFile[];
  /** Sets who operates a campaign or workflow now (user ids, none to clear): an event saying who handed over to whom. */
  setOperators(ref: string, operators: readonly string[], by: Actor): RecordView;
  /** What each operator holds (or only `user`): open campaigns and workflows, campaigns waiting for a decision. */
  who(user?: string): readonly OperatorHoldings[];
  /** The name each of these user ids last acted under in the notebook (ids that never acted are left out). */
  actorNames(ids: readonly string[]): ReadonlyMap<string, string>;
  /** A recorded workflow as a BPS submit YAML and the data-ID tables it names. */
  exportBps(workflowRef: string): BpsExport;
  /** Two campaigns or two workflows side by side. */
  diff(refA: string, refB: string): RecordDiff;

  /** Stores a list on its own (content-addressed), to be referenced later by fingerprint or name. */
  storeList(list: DataIdList, meta: { name?: string; reason?: string }, by: Actor): StoredList;
  storedLists(): readonly StoredList[];
  /** Resolves `sha256:<at least 12 hex digits>` or `list:<name>`; unknown or ambiguous is a UserError. */
  resolveListReference(ref: string): StoredList;
  getList(sha256: string): DataIdList;
  attachedLists(workflowRef: string): readonly AttachedList[];
}
