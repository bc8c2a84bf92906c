import type { RecordCard } from '../campaign/notebook.js';
import { CAMPAIGN_TRANSITIONS, WORKFLOW_TRANSITIONS } from '../campaign/status-transitions.js';
import { STATUSES_NEEDING_REASON } from '../campaign/records.js';
import type { ChatButton } from './chat-message.js';

/** Slack's `block_id` of the buttons under a card (Mattermost: the post's attachment actions). */
export const RECORD_ACTIONS_BLOCK = 'record_actions';

/** Every button's `action_id`: `status_<to>` changes the status, the others open a form (rerun and clone prefilled from the record). */
export const RECORD_ACTIONS = [
  'status_submitted',
  'status_running',
  'status_succeeded',
  'status_failed',
  'status_stopped',
  'status_paused',
  'status_completed',
  'run',
  'note',
  'start',
  'rerun',
  'clone',
] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export function isRecordAction(value: unknown): value is RecordAction {
  return typeof value === 'string' && (RECORD_ACTIONS as readonly string[]).includes(value);
}

/** A button's value: the record and the latest event the card shows, `CMP-1/2@17`. */
function buttonValue(recordId: string, seq: number): string {
  return `${recordId}@${seq}`;
}

/** The record and event of a button's value; undefined when it is not one. */
export function parseButtonValue(value: unknown): { readonly recordId: string; readonly seenEvent: number } | undefined {
  const match = typeof value === 'string' ? /^(CMP-[1-9]\d{0,9}(?:\/[1-9]\d{0,9})?)@([1-9]\d{0,15})$/.exec(value) : null;
  return match ? { recordId: match[1]!, seenEvent: Number(match[2]) } : undefined;
}

const STATUS_LABELS: Readonly<Record<string, string>> = {
  submitted: 'Submitted',
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  stopped: 'Stopped',
  paused: 'Pause',
  completed: 'Complete',
};

/** The button that changes `recordId`'s status to `to`: danger and confirmed when it cannot be undone. */
function statusButton(recordId: string, seq: number, to: string, label: string): ChatButton {
  const final = STATUSES_NEEDING_REASON.includes(to);
  return {
    action: `status_${to}`,
    label,
    value: buttonValue(recordId, seq),
    ...(to === 'running' || to === 'succeeded' ? { style: 'primary' as const } : {}),
    ...(final
      ? {
          style: 'danger' as const,
          confirm: { title: `${label}: ${recordId}?`, text: `${recordId} will be ${to}. This cannot be undone; you will be asked why.`, confirm: 'Say why', deny: 'Cancel' },
        }
      : {}),
  };
}

/** A campaign's status buttons: Continue when paused; the campaign labels of the others. */
function campaignStatusButtons(recordId: string, seq: number, from: keyof typeof CAMPAIGN_TRANSITIONS): ChatButton[] {
  return CAMPAIGN_TRANSITIONS[from].map((to) =>
    statusButton(recordId, seq, to, to === 'running' ? (from === 'paused' ? 'Continue' : 'Mark running') : to === 'failed' ? 'Fail' : STATUS_LABELS[to]!),
  );
}

/** The buttons of a card: each status the record may go to next, then what may be recorded on it. */
export function recordButtons(card: RecordCard): ChatButton[] {
  const seq = card.latest.seq;
  if (card.type === 'workflow') {
    const { workflow } = card;
    const open = WORKFLOW_TRANSITIONS[workflow.status].length > 0;
    return [
      ...WORKFLOW_TRANSITIONS[workflow.status].map((to) => statusButton(workflow.id, seq, to, STATUS_LABELS[to]!)),
      ...(open ? [{ action: 'run', label: workflow.runId ? 'Correct run' : 'Record run', value: buttonValue(workflow.id, seq) }] : []),
      { action: 'rerun', label: 'Rerun', value: buttonValue(workflow.id, seq) },
      { action: 'note', label: 'Note', value: buttonValue(workflow.id, seq) },
    ];
  }
  const { campaign } = card;
  const open = campaign.status !== 'completed' && campaign.status !== 'failed';
  return [
    ...(open ? [{ action: 'start', label: 'Start workflow', value: buttonValue(campaign.id, seq), ...(campaign.status === 'defined' ? { style: 'primary' as const } : {}) }] : []),
    ...campaignStatusButtons(campaign.id, seq, campaign.status),
    { action: 'clone', label: 'Clone', value: buttonValue(campaign.id, seq) },
    { action: 'note', label: 'Note', value: buttonValue(campaign.id, seq) },
  ];
}

/** The decision a paused campaign waits for: Continue, Complete, Fail, drawn on `seq` (the pause, or a reminder of it). */
export function decisionButtons(campaignId: string, seq: number): ChatButton[] {
  return campaignStatusButtons(campaignId, seq, 'paused');
}

/** What a quiet workflow's reminder offers: each status it may go to next, and a note. */
export function quietWorkflowButtons(workflowId: string, seq: number, status: keyof typeof WORKFLOW_TRANSITIONS): ChatButton[] {
  return [
    ...WORKFLOW_TRANSITIONS[status].map((to) => statusButton(workflowId, seq, to, STATUS_LABELS[to]!)),
    { action: 'note', label: 'Note', value: buttonValue(workflowId, seq) },
  ];
}
