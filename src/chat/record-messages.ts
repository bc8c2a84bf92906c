import type { RecordDiff } from '../campaign/diff-records.js';
import type { RecordView, StoredList } from '../campaign/notebook.js';
import type { OperatorHoldings } from '../campaign/who.js';
import type { Actor, AttachedList, Campaign, NotebookEvent, WhyMatch, Workflow } from '../campaign/records.js';
import { provenancePieces, readProvenance } from '../campaign/list-provenance.js';
import { formatDataId, type DataId } from '../lists/data-id.js';
import {
  bold,
  code,
  link,
  mention,
  text,
  userText,
  type ChatMessage,
  type Inline,
  type MessageBlock,
  type MessageLink,
} from './chat-message.js';

// Keep every message well inside Slack's 50 blocks and Mattermost's 16k characters.
const MAX_LINES = 40;

export type Field = { readonly label: string; readonly value: readonly Inline[] };

const fingerprint = (sha256: string) => `sha256:${sha256.slice(0, 12)}`;
/** A UTC timestamp as people read it: `2026-12-03 08:00Z`. */
export const when = (iso: string) => iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, 'Z');

export function optionalField(label: string, value: string | undefined): Field[] {
  return value ? [{ label, value: [userText(value)] }] : [];
}

export function actorInline(actor: Actor): Inline {
  return userText(actor.name);
}

/** `CMP-3 w07-rc2` with the name marked as user text. */
export function campaignTitle(campaign: Campaign): Inline[] {
  return [text(`${campaign.id} `), userText(campaign.shortName)];
}

export function workflowTitle(workflow: Workflow): Inline[] {
  return [text(`${workflow.id} `), userText(workflow.label)];
}

function listLine(list: AttachedList): Inline[] {
  const noun = list.kind === 'include' ? 'Inclusion list' : 'Exclusion list';
  return [
    bold(`${noun}: `),
    text(`${list.count.toLocaleString('en-US')} data IDs (${list.dimensions.join(', ')}) `),
    code(fingerprint(list.sha256)),
    ...(list.name ? [text(' '), code(`list:${list.name}`)] : []),
    text(' — '),
    userText(list.reason),
    ...(list.provenance ? [text(' · made by: '), ...provenanceParts(list.provenance)] : []),
  ];
}

/** How a list was made, its git commits and web addresses as links. */
function provenanceParts(provenance: string): Inline[] {
  return provenancePieces(readProvenance(provenance)).map((piece) =>
    typeof piece === 'string' ? userText(piece) : piece.kind === 'url' || piece.url ? link(piece.kind === 'url' ? piece.url : piece.url!, piece.match) : userText(piece.match),
  );
}

export const NOT_RECORDED = 'not recorded';

/** `Clone of CMP-3: <changes>` / `Rerun of CMP-3/2: <changes>`, for a record made from another. */
export function sourceBlock(record: Campaign | Workflow): MessageBlock[] {
  if (!record.source) return [];
  const what = record.source.id.includes('/') ? 'Rerun of' : 'Clone of';
  return [{ kind: 'paragraph', parts: [bold(`${what} ${record.source.id}: `), userText(record.source.changes)] }];
}

/** A record's operators; a workflow without its own shows its campaign's (`inherited`). */
export function operatorsField(operators: readonly string[] | undefined, names: ReadonlyMap<string, string> | undefined, inherited?: readonly string[]): Field[] {
  if (operators && operators.length > 0) return [{ label: 'Operators', value: operatorParts(operators, names) }];
  if (inherited && inherited.length > 0) return [{ label: 'Operators', value: [...operatorParts(inherited, names), text(" (the campaign's)")] }];
  return [];
}

function linksBlock(links: readonly MessageLink[]): MessageBlock[] {
  return links.length > 0 ? [{ kind: 'links', links }] : [];
}

// A tracker state without an issue to link to yet (pending, failed, parked): shown as text.
function trackerStateBlock(trackerLink: MessageLink | undefined): MessageBlock[] {
  return trackerLink && !trackerLink.url ? [{ kind: 'context', parts: [text('Jira: '), userText(trackerLink.label)] }] : [];
}

/** A campaign's fields as a message: the head of its `show`. */
function campaignDefinedMessage(campaign: Campaign, trackerLink?: MessageLink, names?: ReadonlyMap<string, string>): ChatMessage {
  const fields: Field[] = [
    { label: 'Status', value: [text(campaign.status)] },
    { label: 'Defined by', value: [actorInline(campaign.definedBy)] },
    { label: 'Software', value: [campaign.stackVersion ? userText(campaign.stackVersion) : text(NOT_RECORDED)] },
    ...optionalField('Production', campaign.production),
    ...optionalField('Butler repo', campaign.butlerRepo),
    ...optionalField('Input collections', campaign.inputCollections),
    ...optionalField('Output collection', campaign.outputCollection),
    ...operatorsField(campaign.operators, names),
    ...(trackerLink?.url
      ? [{ label: 'Jira', value: [link(trackerLink.url, trackerLink.label)] }]
      : campaign.jiraIssue
        ? optionalField('Jira', campaign.jiraIssue)
        : []),
  ];
  return {
    title: [text('Campaign '), ...campaignTitle(campaign), text(' defined')],
    blocks: [
      { kind: 'paragraph', parts: [userText(campaign.description)] },
      ...sourceBlock(campaign),
      { kind: 'fields', fields },
      ...(campaign.inputData ? [{ kind: 'preformatted', text: campaign.inputData, user: true } as const] : []),
      ...(campaign.workflowDefinition ? [{ kind: 'preformatted', text: campaign.workflowDefinition, user: true } as const] : []),
      {
        kind: 'context',
        parts: [text('Start a workflow: '), code(`/campaign start ${campaign.shortName} <label>`), text(` · ${when(campaign.definedAt)}`)],
      },
    ],
  };
}

function workflowFields(campaign: Campaign, workflow: Workflow, trackerLink?: MessageLink, names?: ReadonlyMap<string, string>): Field[] {
  const software = workflow.stackVersion
    ? [userText(workflow.stackVersion)]
    : campaign.stackVersion
      ? [userText(campaign.stackVersion), text(" (the campaign's)")]
      : [text(NOT_RECORDED)];
  return [
    { label: 'Started by', value: [actorInline(workflow.startedBy)] },
    { label: 'WMS', value: [text(workflow.wms)] },
    { label: 'Status', value: [text(workflow.status)] },
    { label: 'Software', value: software },
    ...operatorsField(workflow.operators, names, campaign.operators),
    ...optionalField('Pipeline', workflow.pipeline),
    ...optionalField('Butler repo', workflow.butlerRepo),
    ...optionalField('Input collections', workflow.inputCollections),
    ...optionalField('Output run', workflow.outputRun),
    ...optionalField('Run id', workflow.runId),
    ...optionalField('Run name', workflow.runName),
    ...(trackerLink?.url ? [{ label: 'Jira', value: [link(trackerLink.url, trackerLink.label)] }] : []),
  ];
}

export function workflowBody(campaign: Campaign, workflow: Workflow, links: readonly MessageLink[], trackerLink?: MessageLink, names?: ReadonlyMap<string, string>): MessageBlock[] {
  return [
    ...sourceBlock(workflow),
    { kind: 'fields', fields: workflowFields(campaign, workflow, trackerLink, names) },
    ...(workflow.configOverrides
      ? [{ kind: 'paragraph', parts: [bold('Config overrides')] } as const, { kind: 'preformatted', text: workflow.configOverrides, user: true } as const]
      : []),
    ...(workflow.dataQuery ? [{ kind: 'paragraph', parts: [bold('Data query')] } as const, { kind: 'preformatted', text: workflow.dataQuery, user: true } as const] : []),
    ...(workflow.bpsCommand ? [{ kind: 'preformatted', text: workflow.bpsCommand, user: true } as const] : []),
    ...(workflow.lists.length > 0
      ? workflow.lists.map((list): MessageBlock => ({ kind: 'paragraph', parts: listLine(list) }))
      : [{ kind: 'paragraph', parts: [text('No inclusion or exclusion list: all data matching the query.')] } as const]),
    ...(workflow.notes ? [{ kind: 'paragraph', parts: [bold('Notes: '), userText(workflow.notes)] } as const] : []),
    ...linksBlock(links),
  ];
}

export function statusChangedMessage(recordId: string, from: string | undefined, to: string, reason: string | undefined, by: Actor): ChatMessage {
  return {
    title: [text(`${recordId}: `), bold(from ? `${from} → ${to}` : to)],
    blocks: [{ kind: 'paragraph', parts: [text('By '), actorInline(by), ...(reason ? [text(': '), userText(reason)] : [])] }],
  };
}

export function runRecordedMessage(workflow: Workflow, links: readonly MessageLink[], by: Actor): ChatMessage {
  return {
    title: [text(`Run recorded for ${workflow.id}`)],
    blocks: [
      {
        kind: 'fields',
        fields: [
          { label: 'Run id', value: [userText(workflow.runId ?? '')] },
          ...optionalField('Run name', workflow.runName),
          { label: 'Status', value: [text(workflow.status)] },
          { label: 'By', value: [actorInline(by)] },
        ],
      },
      ...linksBlock(links),
    ],
  };
}

export function noteMessage(recordId: string, note: string, by: Actor): ChatMessage {
  return {
    title: [text(`Note on ${recordId} by `), actorInline(by)],
    blocks: [{ kind: 'paragraph', parts: [userText(note)] }],
  };
}

/** Where the whole record is, for an answer too long to arrive whole. */
function exportHint(recordId: string): Inline[] {
  return [text('The whole record: '), code(`/campaign export ${recordId}`), text('.')];
}

/** How many workflows `show` of a campaign lists (the rest are in its export). */
export const SHOWN_WORKFLOWS = MAX_LINES - 10;

/** `show` of a campaign: its fields and its first workflows, of `workflowCount`. */
export function campaignShowMessage(
  campaign: Campaign,
  workflows: readonly Workflow[],
  workflowCount: number,
  trackerLink?: MessageLink,
  names?: ReadonlyMap<string, string>,
): ChatMessage {
  const defined = campaignDefinedMessage(campaign, trackerLink, names);
  const shown = workflows.slice(0, SHOWN_WORKFLOWS);
  const lines: MessageBlock[] =
    workflowCount === 0
      ? [{ kind: 'paragraph', parts: [text('No workflow yet.')] }]
      : [
          { kind: 'paragraph', parts: [bold(`Workflows (${workflowCount})`)] },
          ...shown.map(
            (workflow): MessageBlock => ({
              kind: 'paragraph',
              parts: [
                ...workflowTitle(workflow),
                text(` · ${workflow.wms} · ${workflow.status}`),
                ...(workflow.runId ? [text(' · run '), userText(workflow.runId)] : []),
                ...(workflow.lists.length > 0 ? [text(` · ${workflow.lists.map((l) => `${l.kind} ${l.count}`).join(', ')}`)] : []),
              ],
            }),
          ),
          ...(workflowCount > shown.length
            ? [{ kind: 'context', parts: [text(`…and ${workflowCount - shown.length} more: /campaign export ${campaign.id}`)] } as const]
            : []),
        ];
  return {
    title: [text('Campaign '), ...campaignTitle(campaign)],
    blocks: [...defined.blocks.slice(0, -1), ...trackerStateBlock(trackerLink), { kind: 'divider' }, ...lines],
    rest: exportHint(campaign.id),
  };
}

export function workflowShowMessage(
  campaign: Campaign,
  workflow: Workflow,
  links: readonly MessageLink[],
  trackerLink?: MessageLink,
  names?: ReadonlyMap<string, string>,
): ChatMessage {
  return {
    title: [text('Workflow '), ...workflowTitle(workflow), text(' in '), ...campaignTitle(campaign)],
    blocks: [...workflowBody(campaign, workflow, links, trackerLink, names), ...trackerStateBlock(trackerLink)],
    rest: exportHint(workflow.id),
  };
}

export function campaignListMessage(campaigns: readonly Campaign[], filterText: string): ChatMessage {
  const shown = campaigns.slice(0, MAX_LINES);
  return {
    title: [text(`Campaigns${filterText} (${campaigns.length})`)],
    blocks: [
      ...(campaigns.length === 0 ? [{ kind: 'paragraph', parts: [text('None. Define one with /campaign new <short name>.')] } as const] : []),
      ...shown.map(
        (campaign): MessageBlock => ({
          kind: 'paragraph',
          parts: [bold(campaign.id), text(' '), userText(campaign.shortName), text(` · ${campaign.status} · `), actorInline(campaign.definedBy), text(` · ${when(campaign.definedAt)}`)],
        }),
      ),
      ...(campaigns.length > shown.length
        ? [{ kind: 'context', parts: [text(`…and ${campaigns.length - shown.length} older ones: filter with /campaign list <status> [mine]`)] } as const]
        : []),
    ],
    rest: [text('Fewer at a time: '), code('/campaign list <status> [mine]'), text('.')],
  };
}

/** What an event was, in a few words (history, digests, App Home). */
export function describeEvent(event: NotebookEvent): Inline[] {
  const payload = event.payload;
  const str = (key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : undefined);
  switch (event.kind) {
    case 'campaign_defined':
      return [text('campaign defined'), ...sourceParts(payload.source)];
    case 'workflow_started':
      return [text('workflow started'), ...(str('label') ? [text(' '), userText(str('label')!)] : []), ...sourceParts(payload.source)];
    case 'list_attached':
      return [
        text(`${str('kind') ?? ''} list attached `),
        ...(str('sha256') ? [code(fingerprint(str('sha256')!))] : []),
        ...(str('reason') ? [text(' — '), userText(str('reason')!)] : []),
      ];
    case 'run_recorded':
      return [text('run '), userText(str('runId') ?? str('run_id') ?? ''), ...(str('runName') ? [text(' '), userText(str('runName')!)] : [])];
    case 'status_changed':
      return [text(`status ${str('from') ?? '?'} → ${str('to') ?? '?'}`), ...(str('reason') ? [text(': '), userText(str('reason')!)] : [])];
    case 'note_added':
      return [text('note: '), userText(str('text') ?? '')];
    case 'reminder_sent':
      return [text(str('reminder') === 'paused' ? `reminded: waiting for a decision since ${when(str('since') ?? '?')}` : `asked: no news since ${when(str('since') ?? '?')}`)];
    case 'operators_changed':
      return [text('operators '), ...operatorParts(payload.from), text(' → '), ...operatorParts(payload.to)];
    case 'cloned':
      return [text(`${event.workflowId ? 'rerun as' : 'cloned into'} ${str('into') ?? '?'}: `), userText(str('changes') ?? '')];
  }
}

/** `, cloned from CMP-3: <changes>` for a record made from another. */
function sourceParts(source: unknown): Inline[] {
  if (source === null || typeof source !== 'object') return [];
  const { id, changes } = source as { id?: unknown; changes?: unknown };
  return [text(`, from ${String(id)}: `), userText(String(changes ?? ''))];
}

/** Operators by user id, each a mention (with the name they last acted under, when known); `none` when there are none. */
export function operatorParts(operators: unknown, names?: ReadonlyMap<string, string>): Inline[] {
  const ids = Array.isArray(operators) ? operators.map(String) : [];
  if (ids.length === 0) return [text('none')];
  return ids.flatMap((id, i) => [...(i > 0 ? [text(', ')] : []), mention(id, names?.get(id))]);
}

const HISTORY_PAGE_SIZE = 25;

function historyLine(event: NotebookEvent): MessageBlock {
  return { kind: 'paragraph', parts: [code(when(event.at)), text(` ${event.workflowId ?? event.campaignId} · `), ...describeEvent(event), text(' · '), actorInline(event.actor)] };
}

function historyPage(campaign: Campaign, total: number, lines: readonly MessageBlock[], page: number, pages: number): ChatMessage {
  const next = page < pages ? [text('Next page: '), code(`/campaign history ${campaign.shortName} ${page + 1}`)] : undefined;
  return {
    title: [text('History of '), ...campaignTitle(campaign), text(` (${total} events, page ${page} of ${pages})`)],
    blocks: [...lines, ...(next ? [{ kind: 'context', parts: next } as const] : [])],
    ...(next ? { rest: next } : {}),
  };
}

/**
 * Where each page of a timeline starts: 25 events a page, fewer when their text is long, so that a
 * page arrives whole (`fits`, e.g. in the 5 messages a command's response_url takes). Pages are cut
 * from the first event on, so appending events never moves an earlier page.
 */
function historyPageStarts(campaign: Campaign, lines: readonly MessageBlock[], fits: (message: ChatMessage) => boolean): number[] {
  // Measured with the longest title and a next-page line, as the real page may have them.
  const fitsPage = (start: number, end: number) => fits(historyPage(campaign, 999_999, lines.slice(start, end), 99_998, 99_999));
  const starts: number[] = [];
  for (let start = 0; start < lines.length; ) {
    starts.push(start);
    let end = Math.min(start + HISTORY_PAGE_SIZE, lines.length);
    if (!fitsPage(start, end)) {
      let low = start + 1;
      let high = end - 1;
      while (low < high) {
        const middle = Math.ceil((low + high) / 2);
        if (fitsPage(start, middle)) low = middle;
        else high = middle - 1;
      }
      end = low;
    }
    start = end;
  }
  return starts.length > 0 ? starts : [0];
}

/** One page of a campaign's timeline, with the command for the next page; `fits` says what a page may hold (all 25 events when absent). */
export function historyMessage(campaign: Campaign, events: readonly NotebookEvent[], page: number, fits?: (message: ChatMessage) => boolean): ChatMessage {
  const lines = events.map(historyLine);
  const starts = fits ? historyPageStarts(campaign, lines, fits) : Array.from({ length: Math.max(1, Math.ceil(lines.length / HISTORY_PAGE_SIZE)) }, (_, index) => index * HISTORY_PAGE_SIZE);
  const current = Math.min(page, starts.length);
  return historyPage(campaign, events.length, lines.slice(starts[current - 1], starts[current] ?? lines.length), current, starts.length);
}

export function whyMessage(dataId: DataId, matches: readonly WhyMatch[]): ChatMessage {
  const shown = matches.slice(0, MAX_LINES);
  return {
    title: [text('Why '), code(formatDataId(dataId)), text(`: ${matches.length} workflow list${matches.length === 1 ? '' : 's'}`)],
    blocks: [
      ...(matches.length === 0
        ? [{ kind: 'paragraph', parts: [text('No inclusion or exclusion list names this data ID: it went in wherever the data query selected it.')] } as const]
        : []),
      ...shown.map(
        (match): MessageBlock => ({
          kind: 'paragraph',
          parts: [
            bold(match.kind === 'include' ? 'Included' : 'Excluded'),
            text(` in ${match.workflowId} `),
            userText(match.workflowLabel),
            text(' ('),
            userText(match.campaignName),
            text(') by '),
            code(formatDataId(match.entry)),
            text(' in '),
            code(fingerprint(match.sha256)),
            text(' — '),
            userText(match.reason),
            text(' · '),
            actorInline(match.attachedBy),
            text(` · ${when(match.attachedAt)}`),
            ...(match.provenance ? [text(' · made by: '), ...provenanceParts(match.provenance)] : []),
          ],
        }),
      ),
      ...(matches.length > shown.length ? [{ kind: 'context', parts: [text(`…and ${matches.length - shown.length} more: campaign why --json`)] } as const] : []),
    ],
    rest: [text('All of them, on the command line: '), code(`campaign why ${formatDataId(dataId)} --json`), text('.')],
  };
}

export function storedListsMessage(lists: readonly StoredList[]): ChatMessage {
  const shown = lists.slice(0, MAX_LINES);
  return {
    title: [text(`Stored lists (${lists.length})`)],
    blocks: [
      ...(lists.length === 0 ? [{ kind: 'paragraph', parts: [text('None. Store one with '), code('campaign lists add <file> --name NAME')] } as const] : []),
      ...shown.map(
        (list): MessageBlock => ({
          kind: 'paragraph',
          parts: [
            ...(list.name ? [code(`list:${list.name}`), text(' ')] : []),
            code(fingerprint(list.sha256)),
            text(` · ${list.count.toLocaleString('en-US')} data IDs (${list.dimensions.join(', ')}) · `),
            ...(list.reason ? [userText(list.reason), text(' · ')] : []),
            actorInline(list.storedBy),
            text(` · ${when(list.storedAt)}`),
          ],
        }),
      ),
      ...(lists.length > shown.length ? [{ kind: 'context', parts: [text(`…and ${lists.length - shown.length} more`)] } as const] : []),
    ],
    rest: [text('All of them, on the command line: '), code('campaign lists'), text('.')],
  };
}

/** `operators <record>`: who operates it now (a workflow without its own: its campaign's). */
export function operatorsMessage(view: RecordView, names: ReadonlyMap<string, string>): ChatMessage {
  const record = view.type === 'campaign' ? view.campaign : view.workflow;
  const own = record.operators ?? [];
  const inherited = view.type === 'workflow' && own.length === 0 ? (view.campaign.operators ?? []) : [];
  return {
    title: [text(`Operators of ${record.id} `), userText(view.type === 'campaign' ? view.campaign.shortName : view.workflow.label)],
    blocks: [
      {
        kind: 'paragraph',
        parts:
          own.length > 0
            ? operatorParts(own, names)
            : inherited.length > 0
              ? [text(`None of its own: ${view.campaign.id}'s, `), ...operatorParts(inherited, names)]
              : [text('None.')],
      },
      { kind: 'context', parts: [text('Hand over: '), code(`/campaign operators ${record.id} @someone`), text(' · clear: '), code(`/campaign operators ${record.id} none`)] },
    ],
  };
}

/** The channel message for a hand-over: who operated it, who does now, who said so. */
export function operatorsChangedMessage(recordId: string, from: readonly string[], to: readonly string[], by: Actor, names: ReadonlyMap<string, string>): ChatMessage {
  return {
    title: [text(`${recordId}: operators handed over`)],
    blocks: [{ kind: 'paragraph', parts: [...operatorParts(from, names), text(' → '), ...operatorParts(to, names), text(', by '), actorInline(by)] }],
  };
}

/** `who [user]`: each operator's open campaigns, open workflows and campaigns waiting for a decision. */
export function whoMessage(holdings: readonly OperatorHoldings[]): ChatMessage {
  const shown = holdings.slice(0, MAX_LINES / 2);
  /** `CMP-1 w07 (running), CMP-2 …`: records by id, name and status. */
  const records = (items: readonly { readonly title: Inline[]; readonly status: string }[]): Inline[] =>
    items.length === 0 ? [text('none open')] : items.flatMap((item, i) => [...(i > 0 ? [text(', ')] : []), ...item.title, text(` (${item.status})`)]);
  return {
    title: [text(`Who holds what (${holdings.length} operator${holdings.length === 1 ? '' : 's'})`)],
    blocks: [
      ...(holdings.length === 0 ? [{ kind: 'paragraph', parts: [text('No open campaign or workflow names an operator.')] } as const] : []),
      ...shown.flatMap((holding): MessageBlock[] => [
        {
          kind: 'paragraph',
          parts: [
            mention(holding.operator, holding.name),
            ...(holding.waiting.length > 0
              ? [text(' · '), bold(`waiting for a decision: ${holding.waiting.map((campaign) => campaign.id).join(', ')}`)]
              : []),
          ],
        },
        {
          kind: 'fields',
          fields: [
            { label: 'Campaigns', value: records(holding.campaigns.map((campaign) => ({ title: campaignTitle(campaign), status: campaign.status }))) },
            {
              label: 'Workflows',
              value: [
                ...records(holding.workflows.slice(0, 10).map((workflow) => ({ title: [text(`${workflow.id} `), userText(workflow.label)], status: workflow.status }))),
                ...(holding.workflows.length > 10 ? [text(` …and ${holding.workflows.length - 10} more`)] : []),
              ],
            },
          ],
        },
      ]),
      ...(holdings.length > shown.length ? [{ kind: 'context', parts: [text(`…and ${holdings.length - shown.length} more operators: ask for one, /campaign who @someone`)] } as const] : []),
    ],
  };
}

/** How long a diff may be to be said in a message; a longer one goes in a file. */
export const DIFF_MESSAGE_CHARS = 2500;

/** `diff <a> <b>`: the differences as text, in a message when short (see DIFF_MESSAGE_CHARS). */
export function diffMessage(diff: RecordDiff, asText: string): ChatMessage {
  // The text's first line names the two records: it is the message's title.
  const [first, ...lines] = asText.trimEnd().split('\n');
  const title = [text(first!)];
  if (asText.length <= DIFF_MESSAGE_CHARS) return { title, blocks: [{ kind: 'preformatted', text: lines.join('\n'), user: true }] };
  return {
    title,
    blocks: [
      { kind: 'preformatted', text: lines.slice(0, 15).join('\n'), user: true },
      { kind: 'context', parts: [text(`…${lines.length - 15} more lines in the file attached to the channel (or campaign diff ${diff.a} ${diff.b} from a terminal).`)] },
    ],
  };
}
