import type { ActiveWorkflow, NewEvent, NotebookStore, WaitingDecision } from '../campaign/notebook-store.js';
import type { ChannelRef, NotebookEvent } from '../campaign/records.js';
import { toEvent, type EventRow } from './create-record-store.js';
import type { Sql } from './statement-cache.js';

type ReminderStore = Pick<NotebookStore, 'waitingDecisions' | 'activeWorkflows' | 'channelsWithOpenCampaigns' | 'eventsSince' | 'eventsBy' | 'sendOnce'>;

// A record's current status is its latest status_changed event (db/001-notebook.sql).
const CAMPAIGN_STATUS = `coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
  WHERE e.campaign_number = c.number AND e.workflow_number IS NULL AND e.kind = 'status_changed'
  ORDER BY e.seq DESC LIMIT 1), 'defined')`;
const OPEN = `${CAMPAIGN_STATUS} IN ('defined', 'running', 'paused')`;

const WAITING_DECISIONS = `
  WITH latest AS (
    SELECT c.number,
           (SELECT max(e.seq) FROM events e WHERE e.campaign_number = c.number AND e.workflow_number IS NULL AND e.kind = 'status_changed') AS status_seq,
           (SELECT max(e.seq) FROM events e WHERE e.campaign_number = c.number AND e.workflow_number IS NULL
                                              AND e.kind IN ('status_changed', 'reminder_sent')) AS anchor_seq
    FROM campaigns c WHERE @campaign IS NULL OR c.number = @campaign)
  SELECT l.number AS campaignNumber, s.at AS pausedAt, a.seq AS anchorSeq, a.at AS anchorAt
  FROM latest l JOIN events s ON s.seq = l.status_seq JOIN events a ON a.seq = l.anchor_seq
  WHERE json_extract(s.payload, '$.to') = 'paused'
  ORDER BY l.number`;

// Only open campaigns' workflows: nobody is asked about a workflow of a campaign that ended. In
// steps, each materialized, so every lookup runs once per row that needs it: the open campaigns,
// their workflows' latest status, then, for the submitted or running ones only, their latest
// event and latest activity (bench/digest.bench.ts: the digest of a channel stays under 50 ms
// with 50,000 workflows).
const ACTIVE_WORKFLOWS = `
  WITH open_campaigns AS MATERIALIZED (
    SELECT c.number FROM campaigns c
    WHERE (@platform IS NULL OR (c.channel_platform = @platform AND c.channel_id = @channelId))
      AND (@campaign IS NULL OR c.number = @campaign) AND ${OPEN}),
  statuses AS MATERIALIZED (
    SELECT w.campaign_number, w.number,
           (SELECT json_extract(e.payload, '$.to') FROM events e
            WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'status_changed'
            ORDER BY e.seq DESC LIMIT 1) AS status
    FROM open_campaigns o JOIN workflows w ON w.campaign_number = o.number
    WHERE @workflow IS NULL OR w.number = @workflow),
  active AS MATERIALIZED (
    SELECT st.campaign_number, st.number, st.status,
           (SELECT max(e.seq) FROM events e WHERE e.campaign_number = st.campaign_number AND e.workflow_number = st.number) AS anchor_seq,
           (SELECT max(e.seq) FROM events e WHERE e.campaign_number = st.campaign_number AND e.workflow_number = st.number
                                              AND e.kind <> 'reminder_sent') AS activity_seq
    FROM statuses st WHERE st.status IN ('submitted', 'running'))
  SELECT a.campaign_number AS campaignNumber, a.number AS workflowNumber, w.label, a.status,
         w.started_by_id AS startedById, w.started_by_name AS startedByName,
         anchor.seq AS anchorSeq, anchor.at AS anchorAt, activity.at AS lastActivityAt
  FROM active a
  JOIN workflows w ON w.campaign_number = a.campaign_number AND w.number = a.number
  JOIN events anchor ON anchor.seq = a.anchor_seq
  JOIN events activity ON activity.seq = a.activity_seq
  ORDER BY a.campaign_number, a.number`;

const CHANNEL_EVENTS = `
  FROM events e JOIN campaigns c ON c.number = e.campaign_number
  WHERE e.at >= @since AND e.kind <> 'reminder_sent' AND c.channel_platform = @platform AND c.channel_id = @channelId`;

/** What reminders, digests and App Home read, and the record of what the notebook sent once (notebook_sends). */
export function createReminderStore(sql: Sql, transaction: NotebookStore['transaction'], appendEvent: NotebookStore['appendEvent']): ReminderStore {
  return {
    waitingDecisions(campaignNumber) {
      const rows = sql(WAITING_DECISIONS).all({ campaign: campaignNumber ?? null }) as { campaignNumber: number; pausedAt: string; anchorSeq: number; anchorAt: string }[];
      return rows.map((row): WaitingDecision => ({ campaignNumber: row.campaignNumber, pausedAt: row.pausedAt, anchor: { seq: row.anchorSeq, at: row.anchorAt } }));
    },

    activeWorkflows(filter = {}) {
      const rows = sql(ACTIVE_WORKFLOWS).all({
        platform: filter.channel?.platform ?? null,
        channelId: filter.channel?.id ?? null,
        campaign: filter.campaignNumber ?? null,
        workflow: filter.workflowNumber ?? null,
      }) as (Omit<ActiveWorkflow, 'startedBy' | 'anchor'> & { startedById: string; startedByName: string; anchorSeq: number; anchorAt: string })[];
      return rows.map(
        (row): ActiveWorkflow => ({
          campaignNumber: row.campaignNumber,
          workflowNumber: row.workflowNumber,
          label: row.label,
          status: row.status,
          startedBy: { id: row.startedById, name: row.startedByName },
          lastActivityAt: row.lastActivityAt,
          anchor: { seq: row.anchorSeq, at: row.anchorAt },
        }),
      );
    },

    channelsWithOpenCampaigns() {
      const rows = sql(`SELECT DISTINCT c.channel_platform AS platform, c.channel_id AS id FROM campaigns c WHERE c.channel_id IS NOT NULL AND ${OPEN} ORDER BY 1, 2`).all() as ChannelRef[];
      return rows.map((row) => ({ platform: row.platform, id: row.id }));
    },

    eventsSince(channel, since, limit) {
      const params = { since, platform: channel.platform, channelId: channel.id };
      const rows = sql(`SELECT e.* ${CHANNEL_EVENTS} ORDER BY e.seq DESC LIMIT @limit`).all({ ...params, limit }) as EventRow[];
      const count = sql(`SELECT count(*) ${CHANNEL_EVENTS}`).pluck().get(params) as number;
      return { events: rows.map(toEvent), count };
    },

    eventsBy(actorId, limit) {
      return (sql('SELECT * FROM events WHERE actor_id = ? ORDER BY seq DESC LIMIT ?').all(actorId, limit) as EventRow[]).map(toEvent);
    },

    sendOnce(send, event?: NewEvent) {
      try {
        return transaction(() => {
          const recorded: NotebookEvent | undefined = event ? appendEvent(event) : undefined;
          sql('INSERT INTO notebook_sends (key, kind, event_seq, sent_at) VALUES (?, ?, ?, ?)').run(send.key, send.kind, recorded?.seq ?? null, send.at);
          return recorded ? { sent: true as const, event: recorded } : { sent: true as const };
        });
      } catch (error) {
        // The key is taken: sent already (here or by another process); the event went with the rollback.
        if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return { sent: false };
        throw error;
      }
    },
  };
}
