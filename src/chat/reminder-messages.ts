import type { Digest } from '../campaign/digest.js';
import type { Home } from '../campaign/home.js';
import { peopleToAsk } from '../campaign/record-due-reminders.js';
import type { Campaign, NotebookEvent, Workflow } from '../campaign/records.js';
import { bold, code, mention, text, userText, type ChatMessage, type Inline, type MessageBlock } from './chat-message.js';
import { decisionButtons, quietWorkflowButtons } from './record-actions.js';
import { describeEvent, when } from './record-messages.js';

// A digest or a home is read at a glance: each of its lists shows this many lines, then says how many more.
const LINES_SHOWN = 10;

/** `3 d 4 h`, `25 min`, `30 s`: how long from `fromIso` to `toIso`, in its two largest units. */
function howLong(fromIso: string, toIso: string): string {
  const seconds = Math.max(0, Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  const [days, hours, mins] = [Math.floor(minutes / 1440), Math.floor((minutes % 1440) / 60), minutes % 60];
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}

/** People as mentions on their own platform (`names`: the names they last acted under, for Mattermost's `@name`). */
function people(ids: readonly string[], names: ReadonlyMap<string, string> | undefined): Inline[] {
  return ids.flatMap((id, index) => [...(index > 0 ? [text(' ')] : []), mention(id, names?.get(id))]);
}

function campaignName(campaign: Campaign): Inline[] {
  return [text(`${campaign.id} `), userText(campaign.shortName)];
}

/**
 * The message of a `reminder_sent` event, posted in its record's thread: a paused campaign's
 * operators asked to decide, or a quiet workflow's asked whether it still runs, with the decision
 * or status buttons (drawn on the reminder's event) and the commands that do the same.
 * `names`: the names the people asked last acted under (Mattermost mentions by name).
 */
export function reminderMessage(event: NotebookEvent, campaign: Campaign, workflow?: Workflow, names?: ReadonlyMap<string, string>): ChatMessage {
  const since = typeof event.payload.since === 'string' ? event.payload.since : event.at;
  if (event.payload.reminder === 'paused') {
    return {
      title: [text('Waiting for a decision: '), ...campaignName(campaign)],
      blocks: [
        {
          kind: 'paragraph',
          parts: [...people(peopleToAsk(campaign), names), text(`: ${campaign.id} has been paused since ${when(since)} (${howLong(since, event.at)}). Continue, complete or fail it?`)],
        },
        { kind: 'actions', buttons: decisionButtons(campaign.id, event.seq) },
        {
          kind: 'context',
          parts: [code(`/campaign status ${campaign.id} running`), text(' · '), code(`/campaign status ${campaign.id} completed <why>`), text(' · '), code(`/campaign status ${campaign.id} failed <why>`)],
        },
      ],
    };
  }
  const id = workflow?.id ?? event.workflowId ?? campaign.id;
  const status = typeof event.payload.status === 'string' ? event.payload.status : (workflow?.status ?? 'running');
  return {
    title: [text(`Still ${status}? `), text(`${id} `), userText(workflow?.label ?? '')],
    blocks: [
      {
        kind: 'paragraph',
        parts: [...people(peopleToAsk(campaign, workflow), names), text(`: nothing has been recorded for ${id} since ${when(since)} (${howLong(since, event.at)}); it is still ${status} here. Is it?`)],
      },
      ...(workflow ? [{ kind: 'actions', buttons: quietWorkflowButtons(workflow.id, event.seq, workflow.status) } as const] : []),
      {
        kind: 'context',
        parts: [code(`/campaign status ${id} running|succeeded|failed|stopped`), text(' · '), code(`/campaign note ${id} <what is happening>`)],
      },
    ],
  };
}

function moreLine(count: number, shown: number, where: string): MessageBlock[] {
  return count > shown ? [{ kind: 'context', parts: [text(`…and ${count - shown} more ${where}`)] }] : [];
}

function section(title: string, count: number, lines: readonly (readonly Inline[])[], more: string, none?: string): MessageBlock[] {
  if (count === 0 && none === undefined) return [];
  return [
    { kind: 'paragraph', parts: [bold(`${title} (${count})`)] },
    ...(count === 0 ? [{ kind: 'paragraph', parts: [text(none ?? '')] } as const] : []),
    ...lines.slice(0, LINES_SHOWN).map((parts): MessageBlock => ({ kind: 'paragraph', parts })),
    ...moreLine(count, Math.min(lines.length, LINES_SHOWN), more),
  ];
}

/** A channel's digest: campaigns by status, decisions waiting and since when, quiet workflows, the last 24 hours. */
export function digestMessage(digest: Digest): ChatMessage {
  const { byStatus } = digest;
  const open = byStatus.defined.length + byStatus.running.length + byStatus.paused.length;
  const counts = (['running', 'paused', 'defined', 'completed', 'failed'] as const).map((status) => `${status} ${byStatus[status].length}`).join(' · ');
  const campaignLine = (campaign: Campaign): Inline[] => [...campaignName(campaign), text(` · defined by `), userText(campaign.definedBy.name)];
  return {
    title: [text(`Campaign digest: ${open} open campaign${open === 1 ? '' : 's'} in this channel`)],
    blocks: [
      { kind: 'paragraph', parts: [bold('By status: '), text(counts)] },
      ...section('Waiting for a decision', digest.waiting.length, digest.waiting.map(({ campaign, since }) => [...campaignName(campaign), text(` · paused since ${when(since)} (${howLong(since, digest.at)})`)]), 'waiting'),
      ...section(
        `Quiet for more than ${howLong(new Date(0).toISOString(), new Date(digest.quietMs).toISOString())}`,
        digest.quiet.length,
        digest.quiet.map((workflow) => [text(`${workflow.id} `), userText(workflow.label), text(` · ${workflow.status} · nothing since ${when(workflow.lastActivityAt)} (${howLong(workflow.lastActivityAt, digest.at)})`)]),
        'quiet workflows',
      ),
      ...section('Running', byStatus.running.length, byStatus.running.map(campaignLine), 'running: /campaign list running'),
      ...section('Defined, not started', byStatus.defined.length, byStatus.defined.map(campaignLine), 'defined: /campaign list defined'),
      ...section(
        'Last 24 hours',
        digest.changeCount,
        digest.changes.map((event) => [code(when(event.at)), text(` ${event.workflowId ?? event.campaignId} · `), ...describeEvent(event), text(' · '), userText(event.actor.name)]),
        'changes: /campaign history <campaign>',
        'Nothing recorded in the last 24 hours.',
      ),
      { kind: 'context', parts: [text(`As of ${when(digest.at)} · `), code('/campaign digest'), text(' shows it now, to you alone')] },
    ],
  };
}

/** One person's App Home: their campaigns and workflows, decisions waiting for them, their latest entries, how to start. */
export function homeMessage(home: Home, now: string): ChatMessage {
  return {
    title: [text('Your campaign notebook')],
    blocks: [
      ...section(
        'Decisions waiting for you',
        home.waiting.length,
        home.waiting.map(({ campaign, since }) => [...campaignName(campaign), text(` · paused since ${when(since)} (${howLong(since, now)}) · `), code(`/campaign status ${campaign.id} running`)]),
        'waiting',
        'None.',
      ),
      ...section(
        'Your campaigns',
        home.campaigns.length,
        home.campaigns.map((campaign) => [...campaignName(campaign), text(` · ${campaign.status}`)]),
        'campaigns: /campaign list mine',
        'None yet: campaigns you define or operate show here.',
      ),
      ...section(
        'Your workflows',
        home.workflows.length,
        home.workflows.map((workflow) => [text(`${workflow.id} `), userText(workflow.label), text(` · ${workflow.status}`)]),
        'workflows',
        'None recorded, submitted or running.',
      ),
      ...section(
        'Your latest notebook entries',
        home.recent.length,
        home.recent.map((event) => [code(when(event.at)), text(` ${event.workflowId ?? event.campaignId} · `), ...describeEvent(event)]),
        'entries',
        'None yet.',
      ),
      { kind: 'divider' },
      { kind: 'paragraph', parts: [bold('Start with')] },
      { kind: 'paragraph', parts: [code('/campaign new <short name>'), text(' define a campaign · '), code('/campaign start <campaign> <label>'), text(' record a workflow start')] },
      { kind: 'paragraph', parts: [code('/campaign list mine'), text(' · '), code('/campaign digest'), text(' · '), code('/campaign why visit=… detector=…'), text(' · '), code('/campaign help')] },
      { kind: 'context', parts: [text(`Refreshed ${when(now)} · "Add to campaign notebook" in any message's ⋯ menu files it as a note`)] },
    ],
  };
}
