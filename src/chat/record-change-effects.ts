import type { StatusChange } from '../campaign/notebook.js';
import type { Campaign, ChannelRef, NotebookEvent, Workflow } from '../campaign/records.js';
import type { ChatDeps } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { simpleMessage, text } from './chat-message.js';
import { PLATFORM_NAMES, type ChatRequest } from './chat-request.js';

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

/** What follows a note made in chat. */
export function noteEffects(campaign: Campaign, event: NotebookEvent, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>): ChatEffect[] {
  return announced(campaign, request, deps, `Note added to ${event.workflowId ?? event.campaignId}.`);
}

/** What follows a run recorded in chat. */
export function runEffects(campaign: Campaign, workflow: Workflow, request: ChatRequest, deps: Pick<ChatDeps, 'channelPlatforms'>): ChatEffect[] {
  return announced(campaign, request, deps, `Run ${workflow.runId ?? ''} recorded for ${workflow.id}.`);
}
