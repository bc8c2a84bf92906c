import type { DataId } from '../lists/data-id.js';
import type { DataIdList } from '../lists/data-id-list.js';
import type { CampaignFilter, StoredList } from './notebook.js';
import type {
  Actor,
  AttachedList,
  Campaign,
  CampaignInput,
  ChannelRef,
  EventKind,
  ListKind,
  NotebookEvent,
  WhyMatch,
  Workflow,
  WorkflowStartInput,
  WorkflowStatus,
} from './records.js';

export interface NewCampaign {
  readonly input: CampaignInput;
  readonly channel?: ChannelRef;
  readonly by: Actor;
  readonly at: string;
}

export interface NewWorkflow {
  readonly campaignNumber: number;
  readonly input: WorkflowStartInput;
  readonly by: Actor;
  readonly at: string;
}

export interface NewEvent {
  readonly kind: EventKind;
  readonly campaignNumber: number;
  readonly workflowNumber?: number;
  readonly actor: Actor;
  readonly at: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** A record's event as a reminder counts from it: its number and time. */
export interface EventMark {
  readonly seq: number;
  readonly at: string;
}

/** A paused campaign: since when, and what its next reminder counts from (the pause or its last reminder). */
export interface WaitingDecision {
  readonly campaignNumber: number;
  readonly pausedAt: string;
  readonly anchor: EventMark;
}

/** A submitted or running workflow of an open campaign: its last activity and its latest event (a reminder included). */
export interface ActiveWorkflow {
  readonly campaignNumber: number;
  readonly workflowNumber: number;
  readonly label: string;
  readonly status: 'submitted' | 'running';
  readonly startedBy: Actor;
  /** The latest event not by the notebook itself (a reminder is not activity). */
  readonly lastActivityAt: string;
  readonly anchor: EventMark;
}

/** What the notebook sends once: a reminder (with its event) or a channel's digest of a day. */
export interface NotebookSend {
  /** `paused:CMP-3@17`, `quiet:CMP-3/2@40`, `digest:slack:C0123@2026-12-03` */
  readonly key: string;
  readonly kind: 'paused' | 'quiet' | 'digest';
  readonly at: string;
}

export interface ListToStore {
  readonly list: DataIdList;
  /** The fingerprint of `list` (src/lists), computed by the caller. */
  readonly sha256: string;
  readonly reason?: string;
  readonly by: Actor;
  readonly at: string;
}

export interface StoredListDiff {
  readonly added: number;
  readonly removed: number;
  readonly firstAdded: readonly DataId[];
  readonly firstRemoved: readonly DataId[];
}

export interface NewAttachment {
  readonly campaignNumber: number;
  readonly workflowNumber: number;
  readonly sha256: string;
  readonly kind: ListKind;
  readonly reason: string;
  /** How the list was made (free text). */
  readonly provenance?: string;
  readonly by: Actor;
  readonly at: string;
}

/**
 * The notebook's persistence port (src/store implements it over SQLite). Records come back as the
 * domain types, with current status and run derived from their events. Writes are append-only.
 */
export interface NotebookStore {
  /** Runs `write` as one all-or-nothing write transaction; it must be synchronous (no await inside). */
  transaction<T>(write: () => T): T;

  /** Inserts a campaign and returns its number (CMP-<number>), never reused. */
  insertCampaign(campaign: NewCampaign): number;
  campaignByNumber(number: number): Campaign | undefined;
  /** Case-insensitive. */
  campaignByShortName(shortName: string): Campaign | undefined;
  /** Newest first. */
  campaigns(filter?: CampaignFilter): Campaign[];

  /** Inserts a workflow start and returns its number within the campaign, counting from 1. */
  insertWorkflow(workflow: NewWorkflow): number;
  workflow(campaignNumber: number, number: number): Workflow | undefined;
  /** Oldest first; the first `limit` only, when given. */
  workflows(campaignNumber: number, limit?: number): Workflow[];
  workflowCount(campaignNumber: number): number;

  /** How many of a campaign's workflows are in each status (statuses with none left out). */
  workflowStatusCounts(campaignNumber: number): Partial<Record<WorkflowStatus, number>>;
  /** Workflows not yet ended (recorded, submitted, running), by campaign and number, without their lists. */
  openWorkflows(): Omit<Workflow, 'lists'>[];

  appendEvent(event: NewEvent): NotebookEvent;
  /** The latest event of a campaign (its own or any of its workflows'), or of one of its workflows. */
  latestEvent(campaignNumber: number, workflowNumber?: number): NotebookEvent | undefined;
  /** One record's own events (`CMP-12` or `CMP-12/3`) after the event `seq`, oldest first. */
  recordEventsAfter(recordId: string, seq: number): NotebookEvent[];
  /** The name each of these actor ids last acted under (ids that never acted are left out). */
  actorNames(ids: readonly string[]): Map<string, string>;
  /** Every event of a campaign and its workflows, oldest first. */
  events(campaignNumber: number): NotebookEvent[];
  /** Events at or after `since` of the campaigns of `channel`, reminders left out, newest first, at most `limit`; and how many there are. */
  eventsSince(channel: ChannelRef, since: string, limit: number): { events: NotebookEvent[]; count: number };
  /** Events by this actor, newest first. */
  eventsBy(actorId: string, limit: number): NotebookEvent[];

  /** Paused campaigns (only `campaignNumber`'s, when given). */
  waitingDecisions(campaignNumber?: number): WaitingDecision[];
  /** Submitted or running workflows of open campaigns (of one channel, or one workflow, when given). */
  activeWorkflows(filter?: { readonly channel?: ChannelRef; readonly campaignNumber?: number; readonly workflowNumber?: number }): ActiveWorkflow[];
  /** The channels that hold a defined, running or paused campaign. */
  channelsWithOpenCampaigns(): ChannelRef[];
  /**
   * Records `send` (and `event`, the reminder, with it) unless its key was sent already, by this
   * process or another on the same database: the key's uniqueness is the database's.
   */
  sendOnce(send: NotebookSend, event?: NewEvent): { readonly sent: false } | { readonly sent: true; readonly event?: NotebookEvent };

  /** Stores a list with its entries unless a list with this sha256 is already stored; either way returns it. */
  storeList(list: ListToStore): StoredList;
  /** Gives a stored list a name (`list:<name>`); a name already taken by another list is refused by the caller. */
  nameList(sha256: string, name: string, by: Actor, at: string): void;
  storedList(sha256: string): StoredList | undefined;
  /** Stored lists whose sha256 starts with `prefix` (lowercase hex). */
  storedListsByPrefix(prefix: string): StoredList[];
  /** Case-insensitive. */
  storedListByName(name: string): StoredList | undefined;
  /** Newest first. */
  storedLists(): StoredList[];
  /** The list's entries back in canonical form. */
  listEntries(sha256: string): DataIdList | undefined;
  /**
   * How two stored lists of the same dimensions differ: how many data IDs `b` has that `a` lacks
   * (added) and the reverse (removed), with the first `first` of each (in the store's key order).
   */
  diffStoredLists(a: string, b: string, first: number): StoredListDiff;

  attachList(attachment: NewAttachment): AttachedList;
  attachedLists(campaignNumber: number, workflowNumber: number): AttachedList[];

  /**
   * Every attachment whose list holds an entry matching `dataId` (equal on every dimension both
   * name, at least one shared), newest first. Integer dimensions must be given as numbers.
   * Undefined when more than `limit` match: the store stops looking there.
   */
  why(dataId: DataId, limit: number): WhyMatch[] | undefined;
}
