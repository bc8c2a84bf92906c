import type { StatusChange } from '../campaign/notebook.js';
import type { Actor, Campaign, ChannelRef, NotebookEvent, Workflow } from '../campaign/records.js';
import type { ChatDeps } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { simpleMessage, text, type ChatMessage } from './chat-message.js';
import { PLATFORM_NAMES, type ChatRequest } from './chat-request.js';
import { operatorNames } from './operator-names.js';
import { cardRedraws, pausedGateMessage } from './record-cards.js';
import { noteMessage, runRecordedMessage, statusChangedMessage } from './record-messages.js';

/**
 * The channel a campaign's notifications go to: its own (the one it was defined in), also on
 * another platform when that one is on; else where the request came from.
 */
export function campaignChannel(campaign: Campaign, request: ChatRequest, deps: Pick<ChatDeps, 'notifier'>): ChannelRef {
  const own = campaign.channel;
  if (own && (own.platform === request.platform || deps.notifier?.platforms.includes(own.platform))) return own;
  return { platform: request.platform, id: request.channelId };
}

/** When the post went to another channel than the request's: a reply telling so, where the person asked. */
export function postedElsewhere(channel: ChannelRef, request: ChatRequest, what: string): ChatEffect[] {
  if (channel.platform === request.platform && channel.id === request.channelId) return [];
  const where = channel.platform === request.platform ? '' : ` on ${PLATFORM_NAMES[channel.platform]}`;
  return [{ kind: 'reply', message: simpleMessage([text(`${what} Posted in the campaign's channel${where}.`)]) }];
}

/** A `post` effect for `channel`, marked with its platform when that is not the request's. */
export function channelPost(
  channel: ChannelRef,
  request: ChatRequest,
  post: { readonly message: ChatMessage; readonly recordId?: string; readonly threadOf?: string },
): ChatEffect {
  return { kind: 'post', channelId: channel.id, ...(channel.platform === request.platform ? {} : { platform: channel.platform }), ...post };
}

/** What follows an event of `recordId` made in chat: `message` in the record's thread, then its cards redrawn. */
function told(campaign: Campaign, recordId: string, message: ChatMessage, request: ChatRequest, deps: Pick<ChatDeps, 'notifier'>, confirmation: string): ChatEffect[] {
  const channel = campaignChannel(campaign, request, deps);
  return [channelPost(channel, request, { threadOf: recordId, message }), ...cardRedraws(recordId), ...postedElsewhere(channel, request, confirmation)];
}

/**
 * What follows a status change made in chat: the change in the record's thread, its cards redrawn,
 * and when the change closed the paused gate, its question in the campaign card's thread.
 */
export function statusChangeEffects(
  change: StatusChange,
  from: string,
  reason: string | undefined,
  by: Actor,
  request: ChatRequest,
  deps: Pick<ChatDeps, 'notifier' | 'notebook'>,
): ChatEffect[] {
  const record = change.type === 'workflow' ? change.workflow : change.campaign;
  const effects = told(change.campaign, record.id, statusChangedMessage(record.id, from, record.status, reason, by), request, deps, `${record.id} is now ${record.status}.`);
  return [...effects, ...pausedGateEffects(change.campaign, change.paused, request, deps)];
}

/** The paused gate's question, when a change closed it: in the campaign card's thread, the campaign's card redrawn by then. */
export function pausedGateEffects(campaign: Campaign, paused: NotebookEvent | undefined, request: ChatRequest, deps: Pick<ChatDeps, 'notifier' | 'notebook'>): ChatEffect[] {
  if (!paused) return [];
  const message = pausedGateMessage(campaign, paused, operatorNames(deps.notebook, campaign));
  return [channelPost(campaignChannel(campaign, request, deps), request, { threadOf: campaign.id, message })];
}

/** What follows a note made in chat. */
export function noteEffects(campaign: Campaign, event: NotebookEvent, note: string, by: Actor, request: ChatRequest, deps: Pick<ChatDeps, 'notifier'>): ChatEffect[] {
  const recordId = event.workflowId ?? event.campaignId;
  return told(campaign, recordId, noteMessage(recordId, note, by), request, deps, `Note added to ${recordId}.`);
}

/** What follows a run recorded in chat: the run and its status-tool links in the workflow's thread. */
export function runEffects(campaign: Campaign, workflow: Workflow, by: Actor, request: ChatRequest, deps: Pick<ChatDeps, 'notifier' | 'statusLinks'>): ChatEffect[] {
  return told(campaign, workflow.id, runRecordedMessage(workflow, deps.statusLinks(campaign, workflow), by), request, deps, `Run ${workflow.runId ?? ''} recorded for ${workflow.id}.`);
}
