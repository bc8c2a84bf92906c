import type { StatusChange } from '../campaign/notebook.js';
import { STATUSES_NEEDING_REASON, type Campaign, type CampaignStatus, type ChannelRef, type NotebookEvent, type Workflow, type WorkflowStatus } from '../campaign/records.js';
import { checkTransition } from '../campaign/status-transitions.js';
import { StaleRecordError } from '../campaign/user-error.js';
import type { ChatDeps } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { simpleMessage, text } from './chat-message.js';
import { statusReasonForm } from './chat-form.js';
import { actorOf, PLATFORM_NAMES, type ChatRequest } from './chat-request.js';

/**
 * What the person who wrote a record is told directly: nothing when they wrote it in the
 * campaign's own channel (the chat outbox announces it there, and redraws its cards: see
 * channel-outbox.ts); else `what`, and where it is announced. The announcement is an outbox row
 * committed with the record, so no effect posts it.
 */
export function announced(campaign: Campaign, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>, what: string): ChatEffect[] {
  const own: ChannelRef | undefined = campaign.channel;
  const reply = (words: string): ChatEffect[] => [{ kind: 'reply', message: simpleMessage([text(words)]) }];
  if (!own || !deps.channelPlatforms?.includes(own.platform)) return reply(what);
  if (own.platform === request.platform && own.id === request.channelId) return [];
  return reply(`${what} Announced in the campaign's channel${own.platform === request.platform ? '' : ` on ${PLATFORM_NAMES[own.platform]}`}.`);
}

/** What follows a status change made in chat (the change, the cards and the paused gate's question are the outbox's). */
export function statusChangeEffects(change: StatusChange, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>): ChatEffect[] {
  const record = change.type === 'workflow' ? change.workflow : change.campaign;
  return announced(change.campaign, request, deps, `${record.id} is now ${record.status}.`);
}

/**
 * A status change asked for in chat, by command or by a card's button: a change that cannot be
 * undone (failed, stopped, completed) without its reason opens the form that asks for it (after
 * checking the move is allowed, and, from a card, that the card is still current); any other is
 * recorded. `seenEvent`: the event the clicked card was drawn on.
 */
export function changeStatusOrAskWhy(
  change: { readonly ref: string; readonly to: CampaignStatus | WorkflowStatus; readonly reason: string | undefined; readonly seenEvent?: number },
  request: ChatRequest,
  deps: Pick<ChatDeps, 'notebook' | 'channelPlatforms'>,
): ChatEffect[] {
  const { notebook } = deps;
  const seen = change.seenEvent === undefined ? {} : { seenEvent: change.seenEvent };
  if (change.reason === undefined && STATUSES_NEEDING_REASON.includes(change.to)) {
    const card = notebook.card(change.ref);
    const record = card.type === 'campaign' ? card.campaign : card.workflow;
    if (change.seenEvent !== undefined) {
      const moved = notebook.statusChangesSince(change.ref, change.seenEvent);
      if (moved.length > 0) throw new StaleRecordError(record.id, moved);
    }
    checkTransition({ type: card.type, id: record.id }, record.status, change.to);
    const state = { formId: 'status_reason', channelId: request.channelId, recordId: record.id, status: change.to, ...seen } as const;
    return [{ kind: 'openForm', form: statusReasonForm(record.id, change.to), state }];
  }
  return statusChangeEffects(notebook.changeStatus(change.ref, change.to as Campaign['status'], change.reason, actorOf(request), seen), request, deps);
}

/** What follows a note made in chat. */
export function noteEffects(campaign: Campaign, event: NotebookEvent, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>): ChatEffect[] {
  return announced(campaign, request, deps, `Note added to ${event.workflowId ?? event.campaignId}.`);
}

/** What follows a run recorded in chat. */
export function runEffects(campaign: Campaign, workflow: Workflow, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>): ChatEffect[] {
  return announced(campaign, request, deps, `Run ${workflow.runId ?? ''} recorded for ${workflow.id}.`);
}
