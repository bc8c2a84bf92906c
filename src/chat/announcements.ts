import type { Notebook } from '../campaign/notebook.js';
import { peopleToAsk } from '../campaign/record-due-reminders.js';
import { NOTEBOOK_ACTOR, type Actor, type Campaign, type NotebookEvent, type Workflow } from '../campaign/records.js';
import { simpleMessage, text, type ChatMessage, type MessageLink } from './chat-message.js';
import { operatorNames } from './operator-names.js';
import { noteMessage, operatorsChangedMessage, runRecordedMessage, statusChangedMessage } from './record-messages.js';
import { reminderMessage } from './reminder-messages.js';
import { pausedGateMessage } from './record-cards.js';

/** A notebook event as the chat sinks read it from the outbox. */
export interface ChannelEvent {
  readonly seq: number;
  readonly kind: string;
  /** `CMP-12` or `CMP-12/3` */
  readonly recordId: string;
  readonly actor: Actor;
  readonly at: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/**
 * How an event is told in its campaign's channel: as the record's card (a top-level post), as a
 * reply in the thread of the record's card, or not at all (`undefined`).
 */
export type Announcement = { readonly kind: 'card' } | { readonly kind: 'reply'; readonly message: ChatMessage } | undefined;

export interface AnnouncementDeps {
  readonly notebook: Pick<Notebook, 'show' | 'actorNames'>;
  readonly statusLinks: (campaign: Campaign, workflow: Workflow) => readonly MessageLink[];
}

// Events written by one use case in one transaction share record, actor and time.
const sameWrite = (a: ChannelEvent | undefined, b: ChannelEvent): boolean =>
  a !== undefined && a.recordId === b.recordId && a.actor.id === b.actor.id && a.at === b.at;

const str = (payload: Readonly<Record<string, unknown>>, key: string): string | undefined =>
  typeof payload[key] === 'string' && payload[key] !== '' ? (payload[key] as string) : undefined;

/**
 * What the channel is told of an event, given the events just before and after it (a use case's
 * events are consecutive). A new event kind is announced by a case here (e.g. a reminder: a reply).
 * - campaign_defined, workflow_started: the record's card;
 * - list_attached: nothing (the workflow's card shows its lists);
 * - run_recorded: a reply, unless the run came with the workflow's start (its card shows it);
 * - status_changed: a reply, unless a run or a start made it (recorded → submitted right after the
 *   run; a campaign opened by a workflow's start), or the next event changes it again for the same
 *   reason (a pasted bps report's submitted → running → succeeded is told once, by its last step);
 *   the paused gate (the notebook pausing a campaign) asks its question in the campaign's thread;
 * - note_added, operators_changed, reminder_sent (the notebook asking for a decision): a reply;
 * - cloned (on the source of a clone or rerun): nothing (the new record's card names its source).
 */
export function announcementOf(
  event: ChannelEvent,
  around: { readonly before?: ChannelEvent; readonly after?: ChannelEvent },
  deps: AnnouncementDeps,
): Announcement {
  const { before, after } = around;
  const partOfStart = sameWrite(before, event) && (before!.kind === 'workflow_started' || before!.kind === 'list_attached');
  switch (event.kind) {
    case 'campaign_defined':
    case 'workflow_started':
      return { kind: 'card' };
    case 'list_attached':
      return undefined;
    case 'run_recorded': {
      if (partOfStart) return undefined;
      const view = deps.notebook.show(event.recordId, { workflowLimit: 0 });
      if (view.type !== 'workflow') return undefined;
      const runName = str(event.payload, 'runName');
      const { runName: _latest, ...workflow } = view.workflow;
      const asRecorded: Workflow = { ...workflow, runId: str(event.payload, 'runId') ?? '', ...(runName ? { runName } : {}) };
      return { kind: 'reply', message: runRecordedMessage(asRecorded, deps.statusLinks(view.campaign, asRecorded), event.actor) };
    }
    case 'status_changed': {
      // What a run or a start changes on its own is told by them (and the cards): recorded → submitted
      // right after the run, and a campaign opened by a workflow's start (its reason says so).
      const submittedByRun = before?.kind === 'run_recorded' && before.recordId === event.recordId && event.payload.from === 'recorded' && event.payload.to === 'submitted';
      const openedByStart = !event.recordId.includes('/') && /^workflow CMP-\d+\/\d+ started$/.test(str(event.payload, 'reason') ?? '');
      if (submittedByRun || openedByStart) return undefined;
      if (event.actor.id === NOTEBOOK_ACTOR.id && event.payload.to === 'paused') {
        const { campaign } = deps.notebook.show(event.recordId, { workflowLimit: 0 });
        const pause: NotebookEvent = { ...event, kind: 'status_changed', campaignId: campaign.id };
        return { kind: 'reply', message: pausedGateMessage(campaign, pause, operatorNames(deps.notebook, campaign)) };
      }
      const reason = str(event.payload, 'reason');
      // Two changes of one bps report are a few ms apart: the same record, actor, reason and report.
      const changedAgain =
        after?.kind === 'status_changed' &&
        after.recordId === event.recordId &&
        after.actor.id === event.actor.id &&
        str(after.payload, 'reason') === reason &&
        JSON.stringify(after.payload.report) === JSON.stringify(event.payload.report);
      if (changedAgain) return undefined;
      const to = str(event.payload, 'to') ?? '?';
      return { kind: 'reply', message: statusChangedMessage(event.recordId, str(event.payload, 'from'), to, reason, event.actor) };
    }
    case 'note_added':
      return { kind: 'reply', message: noteMessage(event.recordId, str(event.payload, 'text') ?? '', event.actor) };
    case 'reminder_sent': {
      const view = deps.notebook.show(event.recordId, { workflowLimit: 0 });
      const workflowId = view.type === 'workflow' ? view.workflow.id : undefined;
      const reminder: NotebookEvent = { ...event, kind: 'reminder_sent', campaignId: view.campaign.id, ...(workflowId ? { workflowId } : {}) };
      const workflow = view.type === 'workflow' ? view.workflow : undefined;
      return { kind: 'reply', message: reminderMessage(reminder, view.campaign, workflow, deps.notebook.actorNames(peopleToAsk(view.campaign, workflow))) };
    }
    case 'operators_changed': {
      const ids = (key: string) => (Array.isArray(event.payload[key]) ? (event.payload[key] as unknown[]).map(String) : []);
      const [from, to] = [ids('from'), ids('to')];
      return { kind: 'reply', message: operatorsChangedMessage(event.recordId, from, to, event.actor, operatorNames(deps.notebook, { operators: from }, { operators: to })) };
    }
    default:
      return undefined;
  }
}

/** What a notice's outbox item (`notice:<name>`) needs to be drawn, read when it is sent. */
export interface NoticeFacts {
  /** The Jira mirror's last error for the notice's event (jira_refused). */
  readonly jiraError?: string;
  /** Why Jira mirroring is parked (jira_parked). */
  readonly jiraParked?: string;
}

/** Where a notice goes: in the thread of its record's card, or at the top of the campaign's channel. */
export interface Notice {
  readonly message: ChatMessage;
  readonly inThread: boolean;
}

/** The notices the notebook posts in a channel (`notice:<name>` outbox items); undefined for a name it does not know. */
export function noticeOf(name: string, recordId: string, facts: NoticeFacts): Notice | undefined {
  switch (name) {
    case 'jira_refused':
      return {
        inThread: true,
        message: simpleMessage(
          // Slack cuts a title at 150 characters: Jira's message goes in the body.
          [text(`Jira refused ${recordId}`)],
          [text(facts.jiraError ?? 'Jira refused the item.')],
          [text('Fix the cause (the record, or jira settings in the config), then run /campaign sync.')],
        ),
      };
    case 'jira_parked':
      // Resumed meanwhile: nothing to say any more.
      return facts.jiraParked === undefined ? undefined : { inThread: false, message: simpleMessage([text('Jira mirroring is paused')], [text(facts.jiraParked)]) };
    default:
      return undefined;
  }
}
