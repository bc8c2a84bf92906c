import type { Actor } from '../campaign/records.js';
import type { SqliteDatabase } from './open-database.js';
import { createOutboxStore, type OutboxStore } from './outbox-store.js';
import { createPostMemory } from './create-post-memory.js';

type Platform = 'slack' | 'mattermost';

/** An event as the chat sinks read it. */
export interface ChannelEventRow {
  readonly seq: number;
  readonly kind: string;
  readonly recordId: string;
  readonly actor: Actor;
  readonly at: string;
  readonly payload: Record<string, unknown>;
}

const NOW_TEXT = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;
// The sink's state for a new row: parked while the sink is.
const NEW_STATE = `CASE WHEN s.parked_reason IS NULL THEN 'pending' ELSE 'parked' END`;
// A row already there for the same key is asked for again (what it shows changed since): sent again
// if done, and in any case not coalesced by a draw made before now (result.requested_after).
const REOPEN_DONE = `ON CONFLICT (sink, event_seq, item) DO UPDATE SET state = excluded.state, attempts = 0, next_attempt_at = 0,
  ambiguous = 0, ambiguous_since = NULL, last_error = NULL, done_at = NULL, updated_at = ${NOW_TEXT},
  result = json_object('requested_after', (SELECT max(id) FROM outbox)) WHERE outbox.state IN ('done', 'pending')`;

function campaignNumberOf(recordId: string): number {
  const match = /^CMP-(\d+)(\/\d+)?$/.exec(recordId);
  if (!match) throw new Error(`not a record id: ${recordId}`);
  return Number(match[1]);
}

/** What anyone may ask of the chat outbox, inside the transaction of the change that asks. */
export interface ChannelQueueWrites {
  /**
   * Queues a redraw of the record's card (`card:<record>`) on the chat sink of its campaign's channel,
   * keyed to the newest event, so it goes out after everything of the campaign queued so far. Call
   * it inside the transaction of whatever changes what the card shows; a redraw already waiting for
   * the same event is the same row. Nothing is queued when the campaign has no channel or its
   * platform is off.
   */
  queueCardRedraw(recordId: string): void;
  /**
   * Queues a notice (`notice:<name>`, drawn by the chat layer's noticeOf when sent) about an event,
   * on the chat sink of its campaign's channel; a notice sent before for the same event is sent again.
   */
  queueNotice(eventSeq: number, name: string): void;
}

/** The chat outbox's queue writes over one connection, their statements prepared once. */
export function createChannelQueueWrites(db: SqliteDatabase): ChannelQueueWrites {
  const redraw = db.prepare(
    `INSERT INTO outbox (sink, event_seq, item, state, record_id)
     SELECT s.name, (SELECT max(seq) FROM events), 'card:' || @record, ${NEW_STATE}, @record
     FROM outbox_sink s JOIN campaigns c ON c.number = @campaign
     WHERE s.enabled = 1 AND s.channel_platform = c.channel_platform
     ${REOPEN_DONE}`,
  );
  const notice = db.prepare(
    `INSERT INTO outbox (sink, event_seq, item, state, record_id)
     SELECT s.name, e.seq, 'notice:' || @name, ${NEW_STATE}, e.record_id
     FROM events e JOIN campaigns c ON c.number = e.campaign_number JOIN outbox_sink s ON s.channel_platform = c.channel_platform
     WHERE e.seq = @seq AND s.enabled = 1
     ${REOPEN_DONE}`,
  );
  return {
    queueCardRedraw: (recordId) => void redraw.run({ record: recordId, campaign: campaignNumberOf(recordId) }),
    queueNotice: (eventSeq, name) => void notice.run({ seq: eventSeq, name }),
  };
}

/** The outbox rows of one chat platform's sink, and the reads and writes its sink needs (the chat layer's ChannelSinkStore). */
export function createChannelOutboxStore(db: SqliteDatabase, platform: Platform) {
  const outbox: OutboxStore = createOutboxStore(db, platform);
  const posts = createPostMemory(db);
  const queue = createChannelQueueWrites(db);
  const failedRow = db.prepare<{ sink: string; campaign: number; start: string }, { record_id: string; last_error: string }>(
    `SELECT o.record_id, o.last_error FROM outbox o JOIN events e ON e.seq = o.event_seq
     WHERE o.sink = @sink AND o.state = 'failed' AND e.campaign_number = @campaign AND substr(o.last_error, 1, length(@start)) = @start
     ORDER BY o.event_seq LIMIT 1`,
  );
  const around = db.prepare<[number, number], { seq: number; kind: string; record_id: string; actor_id: string; actor_name: string; at: string; payload: string }>(
    `SELECT seq, kind, record_id, actor_id, actor_name, at, payload FROM events WHERE seq BETWEEN ? AND ? ORDER BY seq`,
  );
  const lastRow = db.prepare<[], { id: number | null }>(`SELECT max(id) AS id FROM outbox`);
  const jiraError = db.prepare<[number], { last_error: string | null }>(`SELECT last_error FROM outbox WHERE sink = 'jira' AND event_seq = ? AND item = ''`);
  const jiraParked = db.prepare<[], { parked_reason: string | null }>(`SELECT parked_reason FROM outbox_sink WHERE name = 'jira'`);
  const coalesce = db.prepare(
    `UPDATE outbox SET state = 'done', result = json_object('drawn_by', @item), done_at = ${NOW_TEXT}, updated_at = ${NOW_TEXT}
     WHERE sink = @sink AND record_id = @record AND state = 'pending' AND item = 'card:' || @record AND id <= @asOf AND id <> @item
       AND coalesce(json_extract(result, '$.requested_after'), 0) < @asOf`,
  );
  const cardDrawn = (recordId: string, asOf: number, itemId: number) => void coalesce.run({ sink: platform, record: recordId, asOf, item: itemId });

  return {
    ...outbox,
    cardPost(recordId: string) {
      const post = posts.findPost(recordId, platform);
      return post ? { channel: post.channel, messageId: post.messageId } : undefined;
    },
    creationRow(recordId: string) {
      const row = outbox.creationItem(recordId);
      return row ? { eventSeq: row.eventSeq, state: row.state, lastError: row.lastError } : undefined;
    },
    failedRow(campaignNumber: number, errorStart: string) {
      const row = failedRow.get({ sink: platform, campaign: campaignNumber, start: errorStart });
      return row ? { recordId: row.record_id, lastError: row.last_error } : undefined;
    },
    eventsAround(seq: number) {
      const rows = around.all(seq - 1, seq + 1).map(
        (row): ChannelEventRow => ({
          seq: row.seq,
          kind: row.kind,
          recordId: row.record_id,
          actor: { id: row.actor_id, name: row.actor_name },
          at: row.at,
          payload: JSON.parse(row.payload) as Record<string, unknown>,
        }),
      );
      const event = rows.find((row) => row.seq === seq);
      if (!event) throw new Error(`no event ${seq}`);
      const before = rows.find((row) => row.seq === seq - 1);
      const after = rows.find((row) => row.seq === seq + 1);
      return { event, ...(before ? { before } : {}), ...(after ? { after } : {}) };
    },
    lastRowId: () => lastRow.get()?.id ?? 0,
    noticeFacts(eventSeq: number) {
      const error = jiraError.get(eventSeq)?.last_error;
      const parked = jiraParked.get()?.parked_reason;
      return { ...(error ? { jiraError: error } : {}), ...(parked ? { jiraParked: parked } : {}) };
    },
    rememberCard(recordId: string, post: { channel: string; messageId: string }, asOf: number, itemId: number) {
      posts.rememberPost({ recordId, platform, channel: post.channel, messageId: post.messageId });
      cardDrawn(recordId, asOf, itemId);
    },
    cardDrawn,
    queueCardRedraw: queue.queueCardRedraw,
  };
}
