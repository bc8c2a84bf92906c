/**
 * What the chat platforms' outbox sinks share: how a record's channel messages are marked, found
 * again, and how their failures are sorted. The design, in full, since the sinks build on it
 * (built by channel-sink.ts over each platform's ChannelTransport; announcements.ts says how each
 * event kind is told, record-card.ts draws a card; the rows' SQL is src/store/channel-outbox-store.ts):
 *
 * ITEMS. Every channel post, thread reply and card edit the notebook makes for a record is a row of
 * the durable outbox (db/002-outbox.sql), written in the record's own transaction, so a record and
 * the promise to announce it commit together; answers to the person who typed (acks, ephemeral
 * replies, form errors, exports they asked for) stay direct. Each chat platform is one sink of the
 * outbox (`slack`, `mattermost`), beside `jira`. Rows are keyed (sink, event, item):
 * - item `''`: announce the event. Made by the events trigger for the sink of the campaign's own
 *   channel platform only (outbox_sink.channel_platform = campaigns.channel_platform), for the kinds
 *   that are announced (announcementOf decides when sent: a list attached, or a status change that
 *   is part of the same write as a start or a run, is not told on its own). `campaign_defined` and
 *   `workflow_started` become the record's card, a top-level post remembered in chat_posts in the
 *   transaction that marks the row done; any later event of a record becomes a reply in the thread
 *   of the record's card.
 * - item `card:<record id>`: redraw that record's card (chat.update / PUT posts/{id}/patch). Queued by
 *   whoever changes what a card shows, in the same transaction as the change: the Jira mirror when
 *   a record's issue is linked, and the events trigger (migration 006) for every event: the record's
 *   card and, for a workflow's event, its campaign's card too.
 *   queueCardRedraw keys the row to the newest event (so it goes after everything queued so far)
 *   and asks again for a row already there for that key: sent again if done, and not coalesced by a
 *   draw made before (a Jira link changes a card without an event).
 * - item `notice:<name>`: a notebook notice in a record's thread (Jira refused this event's mirror),
 *   queued in the transaction that marks the Jira row failed.
 * Lanes are campaigns: a campaign's items go out one at a time in (event, id) order, so a reply
 * never overtakes the card it hangs under, and a redraw, queued after the post it edits, never goes
 * first. An item whose record has no card yet waits (marked waiting, no attempt counted) while that
 * card's post is pending or failed, as Jira's sub-tasks wait for their campaign's issue.
 *
 * RENDERED AT SEND TIME. A row holds no text: the sink reads the event (and the record as it is now)
 * and renders it then, with the platform-neutral messages of record-messages.ts and record-cards.ts. A
 * card shows the record as it is when drawn, so redraws coalesce: once the card of X is drawn, every
 * pending `card:X` row that existed when it was drawn (outbox id up to the newest then) is marked
 * done without a call; a row queued while the draw was in flight still goes.
 *
 * MARKED, AND LOOKED FOR BEFORE POSTING AGAIN. Every post carries its record and event: Slack
 * `metadata: {event_type: "campaign_notebook_record", event_payload: {record, event}}` on
 * chat.postMessage and chat.update; Mattermost the same pair in `props.campaign_notebook_record`.
 * Slack and Mattermost have no idempotency key (`pending_post_id` de-duplicates for 30 s, in
 * memory), so after an ambiguous failure (timeout, connection reset, lost response, 500/502/504, a
 * crash while `attempting`) the row is marked ambiguous and the next attempt looks first: Slack
 * conversations.history (a card) or conversations.replies (a reply, under its card's ts) with
 * `include_all_metadata: true` and `oldest` = the row's creation less CLOCK_SKEW_MS (no post for
 * it can be older), paging by cursor; Mattermost GET /channels/{id}/posts?since=<same, in ms>,
 * paged. A post of ours marked with the row's (record, event) is adopted (its ts or id stored as
 * if just posted); none found means post. Reading history needs channels:history and
 * groups:history (manifest; the README tells existing installs to reinstall). Redraws need no
 * look: an edit is idempotent.
 *
 * PACED AND RETRIED. Slack takes about one message a second per channel: a lane waits PACE after
 * each post (Mattermost: none by default), and a 429 pauses the sink for its Retry-After (the
 * WebClient of the sinks has `rejectRateLimitedCalls: true` and no retries of its own: the outbox
 * retries, durably). Retries back off with full jitter to at most 15 s, so a post lands within
 * about 15 s of the platform coming back. Every send waits for the acks-first gate.
 *
 * FAILURES (ChannelFailure, made the worker's SendFailure by toSendFailure, since a platform's
 * folder may not import the outbox): retry (network, 5xx, 429, Slack's internal_error/fatal_error/
 * service_unavailable/request_timeout); park the sink on refused credentials (Slack invalid_auth,
 * token_revoked, account_inactive, missing_scope…; Mattermost 401): one log line and /healthz say
 * what to fix, a probe resumes it; fail the item when the channel itself refuses (Slack
 * channel_not_found, not_in_channel, is_archived; Mattermost 403/404 on the channel): the lane's
 * other items wait behind it, and the campaign's definer is told once, directly (a DM; a CLI
 * definer only in the log), what to do: invite the bot or unarchive, then `/campaign sync`, which
 * re-queues failed chat items as it does Jira's (such an item's error starts with CHANNEL_REFUSED,
 * which is how the lane knows to wait). Anything else the platform refuses fails the item alone (a
 * bug of ours, e.g. a message too long: logged with its error; the campaign's later posts go on).
 *
 * SEEN. /healthz and /metrics give each chat sink's backlog, oldest pending age, failed and parked
 * like Jira's; `campaign show` says when the record's card or a reply is still pending and why.
 */

/** Slack's `metadata.event_type` (and the Mattermost props key) of every post the notebook makes for a record. */
export const RECORD_EVENT_TYPE = 'campaign_notebook_record';

/** Which record, and which of its events, a channel message is for. */
export interface RecordMark {
  /** `CMP-12` or `CMP-12/3` */
  readonly record: string;
  /** The events.seq of the event the message was posted for (for a card, its creating event). */
  readonly event: number;
  /** A notice's outbox item (`notice:jira_refused`): one event may have its announcement and notices. Absent for an announcement. */
  readonly item?: string;
}

type MarkPayload = { record: string; event: number; item?: string };

function payloadOf(mark: RecordMark): MarkPayload {
  return { record: mark.record, event: mark.event, ...(mark.item ? { item: mark.item } : {}) };
}

/** Slack's `metadata` argument of chat.postMessage / chat.update for a record's message. */
export function slackRecordMetadata(mark: RecordMark): { event_type: string; event_payload: MarkPayload } {
  return { event_type: RECORD_EVENT_TYPE, event_payload: payloadOf(mark) };
}

/** Mattermost `props` for a record's post. */
export function mattermostRecordProps(mark: RecordMark): Record<string, MarkPayload> {
  return { [RECORD_EVENT_TYPE]: payloadOf(mark) };
}

/** Whether two marks name the same message (record, event and item). */
export function sameMark(a: RecordMark, b: RecordMark): boolean {
  return a.record === b.record && a.event === b.event && (a.item ?? '') === (b.item ?? '');
}

function markOf(value: unknown): RecordMark | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { record, event, item } = value as { record?: unknown; event?: unknown; item?: unknown };
  if (typeof record !== 'string' || typeof event !== 'number' || !Number.isInteger(event)) return undefined;
  return typeof item === 'string' && item !== '' ? { record, event, item } : { record, event };
}

/** The mark of a message read back from conversations.history/replies (its `metadata`), if it is one of ours. */
export function markOfSlackMessage(message: { metadata?: { event_type?: string; event_payload?: unknown } }): RecordMark | undefined {
  return message.metadata?.event_type === RECORD_EVENT_TYPE ? markOf(message.metadata.event_payload) : undefined;
}

/** The mark of a Mattermost post read back from a channel's posts (its `props`), if it is one of ours. */
export function markOfMattermostPost(post: { props?: Record<string, unknown> }): RecordMark | undefined {
  return markOf(post.props?.[RECORD_EVENT_TYPE]);
}

// Clocks differ between us and the platform: look this much further back than the row's creation.
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Where a look for an earlier post of a row starts, in ms since the epoch: no post for it can be
 * older than the row (it is created with the event), less the clock skew.
 */
export function lookBackFrom(rowCreatedAt: string): number {
  const created = Date.parse(rowCreatedAt);
  if (Number.isNaN(created)) throw new Error(`an outbox row's created_at is not a time: ${rowCreatedAt}`);
  return created - CLOCK_SKEW_MS;
}

/** The start of a failed item's error when its channel refuses the bot: the campaign's later items wait behind it. */
export const CHANNEL_REFUSED = 'The channel refuses the bot: ';

/** What the chat outbox does about a failed platform call (each platform classifies its own errors into this). */
export type ChannelFailure =
  /** Try again later. `ambiguous`: the call may have taken effect (look before posting again). */
  | { readonly action: 'retry'; readonly message: string; readonly ambiguous: boolean; readonly retryAfterMs?: number }
  /** The platform refuses our credentials or scopes: everything on it waits until a probe succeeds. */
  | { readonly action: 'park'; readonly message: string }
  /**
   * The platform refused this item. `channel`: the channel itself refuses the bot (gone, archived,
   * not a member): the campaign's definer is told how to fix it, then `/campaign sync`.
   */
  | { readonly action: 'fail'; readonly message: string; readonly channel: boolean };
