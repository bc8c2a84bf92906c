import type { NotebookEvent } from '../campaign/records.js';
import type { CampaignStatus, WorkflowStatus } from '../campaign/records.js';
import { isUserError, StaleRecordError } from '../campaign/user-error.js';
import type { ChatDeps, PlatformAccess } from './chat-deps.js';
import type { ChatEffect } from './chat-effect.js';
import { recordNoteForm, recordRunForm } from './chat-form.js';
import { bold, simpleMessage, text, userText, type ChatMessage } from './chat-message.js';
import type { ChatRequest } from './chat-request.js';
import { accessRefusal } from './check-access.js';
import { openCloneForm, openRerunForm, openStartForm } from './open-rerun-forms.js';
import { isRecordAction, parseButtonValue } from './record-actions.js';
import { changeStatusOrAskWhy } from './record-change-effects.js';
import { actorInline, when } from './record-messages.js';

/** A click on one of a card's buttons, as every platform reads it: its action id and its value (`CMP-1/2@17`). */
export interface RecordActionClick {
  readonly action: string;
  readonly value: string;
}

const reply = (message: ChatMessage): ChatEffect => ({ kind: 'reply', message });

/** What the clicker is told when the card was out of date: what changed since it was drawn; the card is redrawn. */
function staleMessage(error: StaleRecordError): ChatMessage {
  return {
    title: [text(`Nothing recorded: ${error.recordId} changed since this card was drawn`)],
    blocks: [
      ...error.changes.map((event: NotebookEvent) => ({
        kind: 'paragraph' as const,
        parts: [
          bold(`${String(event.payload.from)} → ${String(event.payload.to)}`),
          text(' by '),
          actorInline(event.actor),
          text(` · ${when(event.at)}`),
          ...(typeof event.payload.reason === 'string' ? [text(': '), userText(event.payload.reason)] : []),
        ],
      })),
      { kind: 'context', parts: [text('The card now shows the record as it is: decide again there if you still want to.')] },
    ],
  };
}

/**
 * A click on a card's button: authorised like the command it stands for (a refusal records nothing
 * and tells only the clicker); a status change is recorded unless the card is out of date (the
 * record's status changed since the event it shows: then nothing is recorded, the clicker is told
 * what happened and the card redrawn), which also makes a second click of the same button record
 * nothing. Failed, stopped and completed, note, run and start open their small form instead.
 */
export async function handleRecordAction(
  click: RecordActionClick,
  request: ChatRequest,
  deps: ChatDeps,
  platform: PlatformAccess,
): Promise<ChatEffect[]> {
  const target = parseButtonValue(click.value);
  if (!isRecordAction(click.action) || !target) {
    return [reply(simpleMessage([text('This button is not one the notebook knows (from an older version of the bot?). Use the /campaign command instead.')]))];
  }
  const refusal = await accessRefusal(request, true, deps.access, platform.groupsOf);
  if (refusal) return [reply(refusal)];
  const { recordId, seenEvent } = target;
  const form = { channelId: request.channelId, recordId, seenEvent };
  let effects: ChatEffect[];
  try {
    const card = deps.notebook.card(recordId);
    const record = card.type === 'campaign' ? card.campaign : card.workflow;
    switch (click.action) {
      case 'note':
        effects = [{ kind: 'openForm', form: recordNoteForm(record.id), state: { ...form, formId: 'record_note' } }];
        break;
      case 'run':
        effects = card.type === 'workflow' ? [{ kind: 'openForm', form: recordRunForm(record.id), state: { ...form, formId: 'record_run' } }] : [];
        break;
      case 'start':
        effects = [openStartForm(deps.notebook, card.campaign.id, request.channelId)];
        break;
      case 'rerun':
        effects = card.type === 'workflow' ? [openRerunForm(deps.notebook, record.id, request.channelId)] : [];
        break;
      case 'clone':
        effects = [openCloneForm(deps.notebook, card.campaign.id, request.channelId)];
        break;
      default: {
        const to = click.action.slice('status_'.length) as CampaignStatus | WorkflowStatus;
        effects = changeStatusOrAskWhy({ ref: recordId, to, reason: undefined, seenEvent }, request, deps);
      }
    }
  } catch (error) {
    if (error instanceof StaleRecordError) {
      // The clicked card is out of date: redrawn through the chat outbox (after what is queued for it).
      deps.redrawCard?.(error.recordId);
      effects = [reply(staleMessage(error))];
    }
    else if (isUserError(error)) effects = [reply(simpleMessage([text(error.message)]))];
    else throw error;
  }
  // Nothing is told (a reply, a channel post) before what it tells of is on disk.
  await deps.flushed?.();
  return effects;
}
