import type { NotebookDeps } from './notebook-deps.js';
import { campaignId, workflowId } from './record-reference.js';
import { NOTEBOOK_ACTOR, type Campaign, type NotebookEvent, type Workflow } from './records.js';

/** How long a campaign may wait for a decision, and a workflow stay quiet, before the notebook speaks up. */
export interface ReminderPeriods {
  readonly pausedMs?: number;
  readonly quietMs?: number;
}

const isDue = (fromAt: string, periodMs: number, now: Date) => Date.parse(fromAt) + periodMs <= now.getTime();

/**
 * Records the reminders due now as `reminder_sent` events (actor `notebook`) and returns those this
 * call recorded. A paused campaign is due a period after its pause, then a period after its last
 * reminder; a submitted or running workflow a period after its latest event (its last reminder
 * included, so it is asked again after each further quiet period). However long the notebook was
 * down, a record gets one reminder, which the next counts from. Each reminder is keyed by the event
 * it follows, sent once whatever other process shares the database.
 */
export function recordDueReminders(deps: NotebookDeps, periods: ReminderPeriods): NotebookEvent[] {
  const now = deps.now();
  const at = now.toISOString();
  const { store } = deps;
  const recorded: NotebookEvent[] = [];
  const keep = (event: NotebookEvent | undefined) => event && recorded.push(event);

  if (periods.pausedMs !== undefined) {
    for (const waiting of store.waitingDecisions()) {
      if (!isDue(waiting.anchor.at, periods.pausedMs, now)) continue;
      keep(
        store.transaction(() => {
          // Still paused, and nobody reminded it since we looked?
          if (store.waitingDecisions(waiting.campaignNumber)[0]?.anchor.seq !== waiting.anchor.seq) return undefined;
          const outcome = store.sendOnce(
            { key: `paused:${campaignId(waiting.campaignNumber)}@${waiting.anchor.seq}`, kind: 'paused', at },
            { kind: 'reminder_sent', campaignNumber: waiting.campaignNumber, actor: NOTEBOOK_ACTOR, at, payload: { reminder: 'paused', since: waiting.pausedAt, follows: waiting.anchor.seq } },
          );
          return outcome.sent ? outcome.event : undefined;
        }),
      );
    }
  }
  if (periods.quietMs !== undefined) {
    for (const workflow of store.activeWorkflows()) {
      if (!isDue(workflow.anchor.at, periods.quietMs, now)) continue;
      const { campaignNumber, workflowNumber } = workflow;
      keep(
        store.transaction(() => {
          if (store.activeWorkflows({ campaignNumber, workflowNumber })[0]?.anchor.seq !== workflow.anchor.seq) return undefined;
          const outcome = store.sendOnce(
            { key: `quiet:${workflowId(campaignNumber, workflowNumber)}@${workflow.anchor.seq}`, kind: 'quiet', at },
            {
              kind: 'reminder_sent',
              campaignNumber,
              workflowNumber,
              actor: NOTEBOOK_ACTOR,
              at,
              payload: { reminder: 'quiet', since: workflow.lastActivityAt, status: workflow.status, follows: workflow.anchor.seq },
            },
          );
          return outcome.sent ? outcome.event : undefined;
        }),
      );
    }
  }
  return recorded;
}

/**
 * Who a reminder asks (user ids, `slack:U0123`): a workflow's own operators, else its campaign's,
 * else whoever started the workflow; for a campaign, its operators, else its definer.
 */
export function peopleToAsk(campaign: Campaign, workflow?: Pick<Workflow, 'operators' | 'startedBy'>): readonly string[] {
  if (workflow?.operators && workflow.operators.length > 0) return workflow.operators;
  if (campaign.operators && campaign.operators.length > 0) return campaign.operators;
  return [(workflow?.startedBy ?? campaign.definedBy).id];
}
