import type { Actor, CampaignInput, WorkflowStartInput } from '../campaign/records.js';
import type { SqliteDatabase } from './open-database.js';

export type OutboxState = 'pending' | 'attempting' | 'done' | 'failed' | 'parked';

/** An outbox row with the event it mirrors. */
export interface OutboxItem {
  readonly id: number;
  readonly eventSeq: number;
  /** '' the event itself; `card:<record id>` a redraw of that record's card; `notice:<name>` a notice (db/006). */
  readonly item: string;
  readonly state: OutboxState;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly ambiguous: boolean;
  readonly ambiguousSince: number | undefined;
  readonly lastError: string | undefined;
  readonly result: Record<string, unknown>;
  readonly kind: string;
  readonly campaignNumber: number;
  readonly workflowNumber: number | undefined;
  readonly recordId: string;
  readonly actor: Actor;
  readonly at: string;
  readonly payload: Record<string, unknown>;
}

export interface LaneHead {
  readonly id: number;
  readonly lane: string;
  readonly eventSeq: number;
  readonly item: string;
  readonly kind: string;
  readonly campaignNumber: number;
  readonly workflowNumber: number | undefined;
  readonly recordId: string;
  readonly nextAttemptAt: number;
  readonly lastError: string | undefined;
}

/** Where a record's own rows stand, counted in SQL (a campaign may have thousands of notes). */
export interface RecordRowCounts {
  /** Whether the record has any row (it is mirrored at all). */
  readonly mirrored: boolean;
  /** Pending, attempting or parked. */
  readonly waiting: number;
  readonly parked: number;
  /** The oldest waiting row. */
  readonly oldestWaiting?: { readonly attempts: number; readonly lastError: string | undefined };
  readonly failed: readonly { readonly kind: string; readonly lastError: string | undefined }[];
}

export interface OutboxSinkState {
  readonly enabled: boolean;
  readonly instance: string;
  readonly parkedReason: string | undefined;
  readonly notifiedMessage: string | undefined;
}

/** A campaign row as the mirror reads it (the notebook's tables, read-only). */
export interface MirroredCampaign extends CampaignInput {
  readonly number: number;
  readonly definedBy: Actor;
  readonly definedAt: string;
}

/** A workflow row as the mirror reads it; its run is read as of each event (`runAsOf`). */
export interface MirroredWorkflow extends Omit<WorkflowStartInput, 'wms' | 'runId' | 'runName'> {
  readonly campaignNumber: number;
  readonly number: number;
  readonly wms: string;
  readonly startedBy: Actor;
  readonly startedAt: string;
}

export interface MirroredAttachment {
  readonly listId: number;
  readonly sha256: string;
  readonly count: number;
  readonly dimensions: readonly string[];
  readonly kind: 'include' | 'exclude';
  readonly reason: string;
  readonly name?: string;
  readonly attachedAt: string;
}

export interface OutboxStore {
  sink(): OutboxSinkState;
  setEnabled(enabled: boolean): void;
  /** Rows left `attempting` by a process that died mid-request become pending and ambiguous. */
  recoverInterrupted(now: number): number;
  /**
   * The oldest pending or attempting row of each lane (the issue its event goes to: the workflow's
   * sub-task when `workflowLanes`, else the campaign's issue), oldest first. Light rows: no payload.
   */
  laneHeads(workflowLanes: boolean): LaneHead[];
  /** How many rows are pending or attempting. */
  openCount(): number;
  item(id: number): OutboxItem | undefined;
  /** Claims a pending row for one attempt; false when another process claimed or finished it first. */
  markAttempting(id: number): boolean;
  saveProgress(id: number, result: Record<string, unknown>): void;
  /** `also`: writes of the sink's that commit with the mark (e.g. a card redraw to queue). */
  markDone(id: number, result: Record<string, unknown>, also?: () => void): void;
  markRetry(id: number, retry: { nextAttemptAt: number; error: string; ambiguous: boolean; now: number }): void;
  /** Records why a row waits without counting an attempt (e.g. its parent issue is not there yet). */
  markWaiting(id: number, reason: string, nextAttemptAt: number): void;
  markFailed(id: number, error: string, also?: () => void): void;
  /** Parks the sink and every open row; returns whether the channel should be told (a new message). */
  park(reason: string, itemId: number | undefined, now: number): boolean;
  unpark(now: number): number;
  /** An item went through: a later parking with the same message is news again. */
  clearNotified(): void;
  requeueFailed(now: number): number;
  /** The sink's row for the event that creates `recordId` (campaign_defined / workflow_started): its issue, its card. */
  creationItem(recordId: string): OutboxItem | undefined;
  /** Queues the creating event of a record defined before the sink was on. */
  queueEvent(eventSeq: number): void;
  creationEventSeq(recordId: string): number | undefined;
  /** Every row of the record's own events (a campaign's, without its workflows'). */
  recordItems(recordId: string): OutboxItem[];
  /** Whether the record has rows, and how many wait, are parked or failed: what `show` needs to say where it stands. */
  recordRowCounts(recordId: string): RecordRowCounts;
  counts(): Record<OutboxState, number>;

  campaign(number: number): MirroredCampaign | undefined;
  workflow(campaignNumber: number, number: number): MirroredWorkflow | undefined;
  attachments(campaignNumber: number, workflowNumber: number): MirroredAttachment[];
  /** The latest run id and name of a workflow as of an event. */
  runAsOf(campaignNumber: number, workflowNumber: number, seq: number): { runId?: string; runName?: string };
}

interface ItemRow {
  id: number;
  event_seq: number;
  item: string;
  state: OutboxState;
  attempts: number;
  next_attempt_at: number;
  ambiguous: number;
  ambiguous_since: number | null;
  last_error: string | null;
  result: string | null;
  kind: string;
  campaign_number: number;
  workflow_number: number | null;
  record_id: string;
  actor_id: string;
  actor_name: string;
  at: string;
  payload: string;
}

const ITEM_COLUMNS = `o.id, o.event_seq, o.item, o.state, o.attempts, o.next_attempt_at, o.ambiguous, o.ambiguous_since,
  o.last_error, o.result, e.kind, e.campaign_number, e.workflow_number, e.record_id, e.actor_id, e.actor_name,
  e.at, e.payload`;

const NOW_TEXT = `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`;

/** The outbox's data access for one sink, and the reads of the notebook's tables its mirror needs. */
export function createOutboxStore(db: SqliteDatabase, sinkName: string): OutboxStore {
  const toItem = (row: ItemRow): OutboxItem => ({
    id: row.id,
    eventSeq: row.event_seq,
    item: row.item,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    ambiguous: row.ambiguous === 1,
    ambiguousSince: row.ambiguous_since ?? undefined,
    lastError: row.last_error ?? undefined,
    result: row.result === null ? {} : (JSON.parse(row.result) as Record<string, unknown>),
    kind: row.kind,
    campaignNumber: row.campaign_number,
    workflowNumber: row.workflow_number ?? undefined,
    recordId: row.record_id,
    actor: { id: row.actor_id, name: row.actor_name },
    at: row.at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  });

  const laneHeads = db.prepare<
    { sink: string; workflowLanes: number },
    {
      id: number;
      lane: string;
      event_seq: number;
      item: string;
      kind: string;
      campaign_number: number;
      workflow_number: number | null;
      record_id: string;
      next_attempt_at: number;
      last_error: string | null;
    }
  >(
    `SELECT id, lane, event_seq, item, kind, campaign_number, workflow_number, record_id, next_attempt_at, last_error FROM (
       SELECT o.id, o.event_seq, o.item, o.next_attempt_at, o.last_error, e.kind, e.campaign_number, e.workflow_number, e.record_id,
         CASE WHEN @workflowLanes = 1 AND e.workflow_number IS NOT NULL THEN e.record_id ELSE 'CMP-' || e.campaign_number END AS lane,
         row_number() OVER (
           PARTITION BY CASE WHEN @workflowLanes = 1 AND e.workflow_number IS NOT NULL THEN e.record_id ELSE 'CMP-' || e.campaign_number END
           ORDER BY o.event_seq, o.id) AS position
       FROM outbox o JOIN events e ON e.seq = o.event_seq
       WHERE o.sink = @sink AND o.state IN ('pending', 'attempting'))
     WHERE position = 1 ORDER BY event_seq, id`,
  );
  const openCount = db.prepare<[string], { n: number }>(
    `SELECT count(*) AS n FROM outbox WHERE sink = ? AND state IN ('pending', 'attempting')`,
  );
  const itemById = db.prepare<[number], ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE o.id = ?`,
  );
  const creationEvent = db.prepare<[string], { seq: number }>(
    `SELECT seq FROM events WHERE record_id = ? AND kind IN ('campaign_defined', 'workflow_started') ORDER BY seq LIMIT 1`,
  );
  const itemByEvent = db.prepare<[string, number], ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM outbox o JOIN events e ON e.seq = o.event_seq WHERE o.sink = ? AND o.event_seq = ? AND o.item = ''`,
  );
  // CROSS JOIN: the record's events first (by events_by_record_id), not every row of the sink.
  const recordItems = db.prepare<[string, string], ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM events e CROSS JOIN outbox o ON o.sink = ? AND o.event_seq = e.seq
     WHERE e.record_id = ? ORDER BY e.seq, o.id`,
  );
  // From the outbox_by_record index: a record with thousands of notes is counted without reading them.
  // Sent rows are not read: most of a long-lived record's rows are done.
  const recordCounts = db.prepare<{ sink: string; record: string }, { mirrored: number; waiting: number; parked: number; failed: number }>(
    `SELECT EXISTS (SELECT 1 FROM outbox WHERE sink = @sink AND record_id = @record) AS mirrored,
       (SELECT count(*) FROM outbox WHERE sink = @sink AND record_id = @record AND state IN ('pending', 'attempting', 'parked')) AS waiting,
       (SELECT count(*) FROM outbox WHERE sink = @sink AND record_id = @record AND state = 'parked') AS parked,
       (SELECT count(*) FROM outbox WHERE sink = @sink AND record_id = @record AND state = 'failed') AS failed`,
  );
  const recordOldestWaiting = db.prepare<[string, string], { attempts: number; last_error: string | null }>(
    `SELECT attempts, last_error FROM outbox WHERE sink = ? AND record_id = ? AND state IN ('pending', 'attempting', 'parked')
     ORDER BY event_seq LIMIT 1`,
  );
  const recordFailed = db.prepare<[string, string], { kind: string; last_error: string | null }>(
    `SELECT e.kind, o.last_error FROM outbox o JOIN events e ON e.seq = o.event_seq
     WHERE o.sink = ? AND o.record_id = ? AND o.state = 'failed' ORDER BY o.event_seq`,
  );
  const update = (sql: string) => db.prepare(`UPDATE outbox SET ${sql}, updated_at = ${NOW_TEXT} WHERE id = @id`);
  const setAttempting = db.prepare(`UPDATE outbox SET state = 'attempting', updated_at = ${NOW_TEXT} WHERE id = @id AND state = 'pending'`);
  const setProgress = update(`result = @result`);
  const setDone = update(`state = 'done', result = @result, done_at = ${NOW_TEXT}, last_error = NULL`);
  const setRetry = update(
    `state = CASE WHEN state = 'parked' THEN 'parked' ELSE 'pending' END, attempts = attempts + 1,
     next_attempt_at = @next, last_error = @error,
     ambiguous = max(ambiguous, @ambiguous),
     ambiguous_since = CASE WHEN @ambiguous = 1 AND ambiguous_since IS NULL THEN @now ELSE ambiguous_since END`,
  );
  const setWaiting = update(
    `state = CASE WHEN state = 'parked' THEN 'parked' ELSE 'pending' END, next_attempt_at = @next, last_error = @error`,
  );
  const setFailed = update(`state = 'failed', attempts = attempts + 1, last_error = @error`);

  const readCampaign = db.prepare<[number], Record<string, string | number | null>>(
    `SELECT * FROM campaigns WHERE number = ?`,
  );
  const readWorkflow = db.prepare<[number, number], Record<string, string | number | null>>(
    `SELECT * FROM workflows WHERE campaign_number = ? AND number = ?`,
  );
  const readAttachments = db.prepare<
    [number, number],
    { list_id: number; sha256: string; count: number; dimensions: string; kind: 'include' | 'exclude'; reason: string; name: string | null; attached_at: string }
  >(
    `SELECT a.list_id, l.sha256, l.count, l.dimensions, a.kind, a.reason, a.attached_at,
       (SELECT min(n.name) FROM list_names n WHERE n.list_id = l.id) AS name
     FROM list_attachments a JOIN lists l ON l.id = a.list_id
     WHERE a.campaign_number = ? AND a.workflow_number = ? ORDER BY a.id`,
  );
  const readRuns = db.prepare<[number, number, number], { kind: string; payload: string }>(
    `SELECT kind, payload FROM events WHERE campaign_number = ? AND workflow_number = ? AND seq <= ?
       AND kind IN ('workflow_started', 'run_recorded') ORDER BY seq`,
  );

  const text = (value: string | number | null | undefined): string | undefined =>
    value === null || value === undefined || value === '' ? undefined : String(value);

  const sinkRow = db.prepare<[string], { enabled: number; instance: string; parked_reason: string | null; notified_message: string | null }>(
    `SELECT enabled, instance, parked_reason, notified_message FROM outbox_sink WHERE name = ?`,
  );
  const readSink = (): OutboxSinkState => {
    const row = sinkRow.get(sinkName);
      if (!row) throw new Error(`The outbox has no sink "${sinkName}": is migration 002-outbox applied?`);
      return {
        enabled: row.enabled === 1,
        instance: row.instance,
        parkedReason: row.parked_reason ?? undefined,
        notifiedMessage: row.notified_message ?? undefined,
      };
  };

  return {
    sink: readSink,
    setEnabled(enabled) {
      db.prepare(`INSERT INTO outbox_sink (name, enabled) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET enabled = excluded.enabled`).run(
        sinkName,
        enabled ? 1 : 0,
      );
    },
    recoverInterrupted(now) {
      return db
        .prepare(
          `UPDATE outbox SET state = 'pending', ambiguous = 1, ambiguous_since = coalesce(ambiguous_since, ?),
             updated_at = ${NOW_TEXT} WHERE sink = ? AND state = 'attempting'`,
        )
        .run(now, sinkName).changes;
    },
    laneHeads: (workflowLanes) =>
      laneHeads.all({ sink: sinkName, workflowLanes: workflowLanes ? 1 : 0 }).map((row) => ({
        id: row.id,
        lane: row.lane,
        eventSeq: row.event_seq,
        item: row.item,
        kind: row.kind,
        campaignNumber: row.campaign_number,
        workflowNumber: row.workflow_number ?? undefined,
        recordId: row.record_id,
        nextAttemptAt: row.next_attempt_at,
        lastError: row.last_error ?? undefined,
      })),
    openCount: () => openCount.get(sinkName)!.n,
    item(id) {
      const row = itemById.get(id);
      return row ? toItem(row) : undefined;
    },
    markAttempting: (id) => setAttempting.run({ id }).changes === 1,
    saveProgress: (id, result) => void setProgress.run({ id, result: JSON.stringify(result) }),
    markDone(id, result, also) {
      if (!also) return void setDone.run({ id, result: JSON.stringify(result) });
      db.transaction(() => {
        setDone.run({ id, result: JSON.stringify(result) });
        also();
      })();
    },
    markRetry: (id, retry) =>
      void setRetry.run({ id, next: retry.nextAttemptAt, error: retry.error, ambiguous: retry.ambiguous ? 1 : 0, now: retry.now }),
    markWaiting: (id, reason, next) => void setWaiting.run({ id, next, error: reason }),
    markFailed(id, error, also) {
      if (!also) return void setFailed.run({ id, error });
      db.transaction(() => {
        setFailed.run({ id, error });
        also();
      })();
    },
    park(reason, itemId, now) {
      return db.transaction(() => {
        const before = readSink();
        db.prepare(`UPDATE outbox_sink SET parked_reason = ?, parked_at = ${NOW_TEXT}, notified_message = ? WHERE name = ?`).run(
          reason,
          reason,
          sinkName,
        );
        if (itemId !== undefined) {
          db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?`).run(reason, itemId);
        }
        // Another row still in flight stays ambiguous: if we die before its answer, the next attempt looks first.
        db.prepare(
          `UPDATE outbox SET state = 'parked',
             ambiguous = CASE WHEN state = 'attempting' AND id <> @item THEN 1 ELSE ambiguous END,
             ambiguous_since = CASE WHEN state = 'attempting' AND id <> @item THEN coalesce(ambiguous_since, @now) ELSE ambiguous_since END,
             updated_at = ${NOW_TEXT} WHERE sink = @sink AND state IN ('pending', 'attempting')`,
        ).run({ sink: sinkName, item: itemId ?? -1, now });
        return before.notifiedMessage !== reason;
      })();
    },
    unpark(now) {
      return db.transaction(() => {
        db.prepare(`UPDATE outbox_sink SET parked_reason = NULL, parked_at = NULL WHERE name = ?`).run(sinkName);
        return db
          .prepare(`UPDATE outbox SET state = 'pending', next_attempt_at = ?, updated_at = ${NOW_TEXT} WHERE sink = ? AND state = 'parked'`)
          .run(now, sinkName).changes;
      })();
    },
    clearNotified() {
      db.prepare(`UPDATE outbox_sink SET notified_message = NULL WHERE name = ? AND notified_message IS NOT NULL`).run(sinkName);
    },
    requeueFailed(now) {
      return db
        .prepare(
          `UPDATE outbox SET state = CASE WHEN (SELECT parked_reason FROM outbox_sink WHERE name = @sink) IS NULL
             THEN 'pending' ELSE 'parked' END, attempts = 0, next_attempt_at = @now, updated_at = ${NOW_TEXT}
           WHERE sink = @sink AND state = 'failed'`,
        )
        .run({ sink: sinkName, now }).changes;
    },
    creationItem(recordId) {
      const seq = creationEvent.get(recordId)?.seq;
      if (seq === undefined) return undefined;
      const row = itemByEvent.get(sinkName, seq);
      return row ? toItem(row) : undefined;
    },
    creationEventSeq: (recordId) => creationEvent.get(recordId)?.seq,
    queueEvent(eventSeq) {
      db.prepare(
        `INSERT INTO outbox (sink, event_seq, state, record_id)
         SELECT name, ?, CASE WHEN parked_reason IS NULL THEN 'pending' ELSE 'parked' END,
           (SELECT record_id FROM events WHERE seq = ?) FROM outbox_sink WHERE name = ?
         ON CONFLICT (sink, event_seq, item) DO NOTHING`,
      ).run(eventSeq, eventSeq, sinkName);
    },
    recordItems: (recordId) => recordItems.all(sinkName, recordId).map(toItem),
    recordRowCounts(recordId) {
      const counts = recordCounts.get({ sink: sinkName, record: recordId })!;
      const oldest = counts.waiting ? recordOldestWaiting.get(sinkName, recordId) : undefined;
      return {
        mirrored: counts.mirrored === 1,
        waiting: counts.waiting,
        parked: counts.parked,
        ...(oldest ? { oldestWaiting: { attempts: oldest.attempts, lastError: oldest.last_error ?? undefined } } : {}),
        // `show` asks on every call: the common case (nothing failed) costs one statement.
        failed: counts.failed ? recordFailed.all(sinkName, recordId).map((row) => ({ kind: row.kind, lastError: row.last_error ?? undefined })) : [],
      };
    },
    counts() {
      const counts: Record<OutboxState, number> = { pending: 0, attempting: 0, done: 0, failed: 0, parked: 0 };
      for (const row of db
        .prepare<[string], { state: OutboxState; n: number }>(`SELECT state, count(*) AS n FROM outbox WHERE sink = ? GROUP BY state`)
        .all(sinkName)) {
        counts[row.state] = row.n;
      }
      return counts;
    },

    campaign(number) {
      const row = readCampaign.get(number);
      if (!row) return undefined;
      const operators = text(row.operators);
      return {
        number,
        shortName: String(row.short_name),
        description: String(row.description),
        production: text(row.production),
        butlerRepo: text(row.butler_repo),
        inputCollections: text(row.input_collections),
        outputCollection: text(row.output_collection),
        inputData: text(row.input_data),
        workflowDefinition: text(row.workflow_definition),
        jiraIssue: text(row.jira_issue),
        operators: operators === undefined ? undefined : (JSON.parse(operators) as string[]),
        definedBy: { id: String(row.defined_by_id), name: String(row.defined_by_name) },
        definedAt: String(row.defined_at),
      };
    },
    workflow(campaignNumber, number) {
      const row = readWorkflow.get(campaignNumber, number);
      if (!row) return undefined;
      return {
        campaignNumber,
        number,
        label: String(row.label),
        wms: String(row.wms),
        pipeline: text(row.pipeline),
        butlerRepo: text(row.butler_repo),
        inputCollections: text(row.input_collections),
        outputRun: text(row.output_run),
        dataQuery: text(row.data_query),
        bpsCommand: text(row.bps_command),
        notes: text(row.notes),
        startedBy: { id: String(row.started_by_id), name: String(row.started_by_name) },
        startedAt: String(row.started_at),
      };
    },
    attachments(campaignNumber, workflowNumber) {
      return readAttachments.all(campaignNumber, workflowNumber).map((row) => ({
        listId: row.list_id,
        sha256: row.sha256,
        count: row.count,
        dimensions: JSON.parse(row.dimensions) as string[],
        kind: row.kind,
        reason: row.reason,
        ...(row.name === null ? {} : { name: row.name }),
        attachedAt: row.attached_at,
      }));
    },
    runAsOf(campaignNumber, workflowNumber, seq) {
      const run: { runId?: string; runName?: string } = {};
      for (const row of readRuns.all(campaignNumber, workflowNumber, seq)) {
        const payload = JSON.parse(row.payload) as Record<string, unknown>;
        if (typeof payload.runId === 'string' && payload.runId !== '') {
          run.runId = payload.runId;
          if (typeof payload.runName === 'string' && payload.runName !== '') run.runName = payload.runName;
          else delete run.runName;
        }
      }
      return run;
    },
  };
}
