import type { RecordCard } from '../campaign/notebook.js';
import { WORKFLOW_STATUSES, type Campaign, type NotebookEvent } from '../campaign/records.js';
import type { ChatDeps } from './chat-deps.js';
import { bold, link, text, userText, type ChatMessage, type Inline, type MessageBlock, type MessageLink } from './chat-message.js';
import { decisionButtons, recordButtons } from './record-actions.js';
import { operatorNames } from './operator-names.js';
import {
  actorInline,
  campaignTitle,
  describeEvent,
  NOT_RECORDED,
  operatorParts,
  operatorsField,
  optionalField,
  sourceBlock,
  when,
  workflowBody,
  workflowTitle,
  type Field,
} from './record-messages.js';

/**
 * A record's card: the channel message that announced it, redrawn after every event of its
 * campaign so that it always shows the record as it is now, with buttons for what may happen next.
 * The one place a card's content is made (the platforms post and edit it, never build it).
 */
export function recordCardMessage(chat: Pick<ChatDeps, 'notebook' | 'statusLinks' | 'trackerLink'>, recordId: string, trackerLink = chat.trackerLink?.(recordId)): ChatMessage {
  const card = chat.notebook.card(recordId);
  if (card.type === 'campaign') return campaignCard(card, trackerLink, operatorNames(chat.notebook, card.campaign, { operators: [card.campaign.definedBy.id] }));
  const names = operatorNames(chat.notebook, card.campaign, card.workflow);
  return workflowCard(card, chat.statusLinks(card.campaign, card.workflow), trackerLink, names);
}

/** `4 workflows: 1 running, 3 succeeded`, in the order of the workflow's life. */
function workflowCountsText(card: Extract<RecordCard, { type: 'campaign' }>): string {
  if (card.workflowCount === 0) return 'no workflow yet';
  const parts = WORKFLOW_STATUSES.flatMap((status) => {
    const count = card.workflowsByStatus[status] ?? 0;
    return count > 0 ? [`${count.toLocaleString('en-US')} ${status}`] : [];
  });
  return `${card.workflowCount.toLocaleString('en-US')} workflow${card.workflowCount === 1 ? '' : 's'}: ${parts.join(', ')}`;
}

function latestBlock(event: NotebookEvent): MessageBlock {
  return { kind: 'context', parts: [text(`Latest (${event.workflowId ?? event.campaignId}): `), ...describeEvent(event), text(' · '), actorInline(event.actor), text(` · ${when(event.at)}`)] };
}

// The issue's link once known (a sync state without one, pending or failed, is for `show`, not the card).
function trackerField(trackerLink: MessageLink | undefined, jiraIssue: string | undefined): Field[] {
  if (trackerLink?.url) return [{ label: 'Jira', value: [link(trackerLink.url, trackerLink.label)] }];
  return optionalField('Jira', jiraIssue);
}

/** Who decides a paused campaign: its operators, else its definer, mentioned on their own platform. */
function decidersOf(campaign: Campaign, names: ReadonlyMap<string, string>): Inline[] {
  const ids = campaign.operators && campaign.operators.length > 0 ? campaign.operators : [campaign.definedBy.id];
  return operatorParts(ids, new Map([[campaign.definedBy.id, campaign.definedBy.name], ...names]));
}

function campaignCard(card: Extract<RecordCard, { type: 'campaign' }>, trackerLink: MessageLink | undefined, names: ReadonlyMap<string, string>): ChatMessage {
  const { campaign } = card;
  const paused = campaign.status === 'paused';
  const fields: Field[] = [
    { label: 'Status', value: [bold(campaign.status), ...(paused ? [text(' — waiting for a decision')] : [])] },
    { label: 'Workflows', value: [text(workflowCountsText(card))] },
    { label: 'Defined by', value: [actorInline(campaign.definedBy)] },
    ...operatorsField(campaign.operators, names),
    { label: 'Software', value: [campaign.stackVersion ? userText(campaign.stackVersion) : text(NOT_RECORDED)] },
    ...optionalField('Production', campaign.production),
    ...optionalField('Butler repo', campaign.butlerRepo),
    ...optionalField('Input collections', campaign.inputCollections),
    ...optionalField('Output collection', campaign.outputCollection),
    ...trackerField(trackerLink, campaign.jiraIssue),
  ];
  return {
    title: [text('Campaign '), ...campaignTitle(campaign)],
    blocks: [
      { kind: 'paragraph', parts: [userText(campaign.description)] },
      ...sourceBlock(campaign),
      ...(paused ? [{ kind: 'paragraph', parts: [bold('Waiting for a decision: '), text('continue, complete or fail this campaign.')] } as const] : []),
      { kind: 'fields', fields },
      latestBlock(card.latest),
      { kind: 'actions', buttons: recordButtons(card) },
      { kind: 'context', parts: [text(`The history of ${campaign.id} follows in this thread · defined ${when(campaign.definedAt)}`)] },
    ],
  };
}

function workflowCard(card: Extract<RecordCard, { type: 'workflow' }>, links: readonly MessageLink[], trackerLink: MessageLink | undefined, names: ReadonlyMap<string, string>): ChatMessage {
  const { campaign, workflow } = card;
  return {
    title: [text('Workflow '), ...workflowTitle(workflow), text(' in '), ...campaignTitle(campaign)],
    blocks: [
      ...workflowBody(campaign, workflow, links, trackerLink, names),
      latestBlock(card.latest),
      { kind: 'actions', buttons: recordButtons(card) },
      { kind: 'context', parts: [text(`Runs, status changes and notes for ${workflow.id} follow in this thread · started ${when(workflow.startedAt)}`)] },
    ],
  };
}

/**
 * What the paused gate posts in the campaign card's thread: the deciders mentioned on the
 * platform's own terms, why the campaign waits, and Continue / Complete / Fail on the pause event.
 */
export function pausedGateMessage(campaign: Campaign, pause: NotebookEvent, names: ReadonlyMap<string, string>): ChatMessage {
  const reason = typeof pause.payload.reason === 'string' ? pause.payload.reason : '';
  return {
    title: [text(`${campaign.id} `), userText(campaign.shortName), text(' is paused: waiting for a decision')],
    blocks: [
      { kind: 'paragraph', parts: [...decidersOf(campaign, names), text(': '), userText(reason), text('.')] },
      { kind: 'paragraph', parts: [text('Continue it (more workflows to come), complete it, or fail it.')] },
      { kind: 'actions', buttons: decisionButtons(campaign.id, pause.seq) },
    ],
  };
}
