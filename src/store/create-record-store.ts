import { withoutUndefined } from '../campaign/clean-text.js';
import type { CampaignFilter } from '../campaign/notebook.js';
import type { NewCampaign, NewEvent, NewWorkflow, NotebookStore } from '../campaign/notebook-store.js';
import { campaignId, workflowId } from '../campaign/record-reference.js';
import type { Campaign, CampaignStatus, EventKind, NotebookEvent, Workflow, WorkflowStatus, Wms } from '../campaign/records.js';
import type { AttachmentIndex } from './create-attachment-index.js';
import type { Sql } from './statement-cache.js';

interface CampaignRow {
  number: number;
  short_name: string;
  description: string;
  production: string | null;
  butler_repo: string | null;
  input_collections: string | null;
  output_collection: string | null;
  input_data: string | null;
  workflow_definition: string | null;
  jira_issue: string | null;
  operators: string | null;
  /** The operators now: the latest operators_changed event's, else the row's. */
  current_operators: string | null;
  stack_version: string | null;
  source_id: string | null;
  changes: string | null;
  channel_platform: 'slack' | 'mattermost' | null;
  channel_id: string | null;
  defined_by_id: string;
  defined_by_name: string;
  defined_at: string;
  status: CampaignStatus;
}

interface WorkflowRow {
  campaign_number: number;
  number: number;
  label: string;
  wms: Wms;
  pipeline: string | null;
  butler_repo: string | null;
  input_collections: string | null;
  output_run: string | null;
  data_query: string | null;
  bps_command: string | null;
  notes: string | null;
  stack_version: string | null;
  config_overrides: string | null;
  current_operators: string | null;
  source_id: string | null;
  changes: string | null;
  started_by_id: string;
  started_by_name: string;
  started_at: string;
  status: WorkflowStatus;
  run: string | null;
}

/** A row of `events`, as SELECT * gives it. */
export interface EventRow {
  seq: number;
  kind: EventKind;
  campaign_number: number;
  workflow_number: number | null;
  actor_id: string;
  actor_name: string;
  at: string;
  payload: string;
}

/** An events row as the domain's NotebookEvent. */
export const toEvent = (row: EventRow): NotebookEvent =>
  withoutUndefined({
    seq: row.seq,
    kind: row.kind,
    campaignId: campaignId(row.campaign_number),
    workflowId: row.workflow_number === null ? undefined : workflowId(row.campaign_number, row.workflow_number),
    actor: { id: row.actor_id, name: row.actor_name },
    at: row.at,
    payload: JSON.parse(row.payload) as Record<string, unknown>,
  }) as NotebookEvent;

const CAMPAIGNS = `
  SELECT c.*, coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                        WHERE e.campaign_number = c.number AND e.workflow_number IS NULL AND e.kind = 'status_changed'
                        ORDER BY e.seq DESC LIMIT 1), 'defined') AS status,
         coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                   WHERE e.campaign_number = c.number AND e.workflow_number IS NULL AND e.kind = 'operators_changed'
                   ORDER BY e.seq DESC LIMIT 1), c.operators) AS current_operators
  FROM campaigns c`;

const WORKFLOWS = `
  SELECT w.*,
         coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                   WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'status_changed'
                   ORDER BY e.seq DESC LIMIT 1), 'recorded') AS status,
         (SELECT e.payload FROM events e
          WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'run_recorded'
          ORDER BY e.seq DESC LIMIT 1) AS run,
         coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                   WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'operators_changed'
                   ORDER BY e.seq DESC LIMIT 1), w.operators) AS current_operators
  FROM workflows w`;

type RecordStore = Pick<
  NotebookStore,
  | 'insertCampaign'
  | 'campaignByNumber'
  | 'campaignByShortName'
  | 'campaigns'
  | 'insertWorkflow'
  | 'workflow'
  | 'workflows'
  | 'workflowCount'
  | 'workflowStatusCounts'
  | 'openWorkflows'
  | 'appendEvent'
  | 'latestEvent'
  | 'recordEventsAfter'
  | 'events'
  | 'actorNames'
>;

/**
 * The notebook's records (tables `campaigns`, `workflows`, `events`) as the domain's types, status
 * and run derived from their events; a workflow comes with its attached lists (`attachments`).
 */
export function createRecordStore(sql: Sql, attachments: Pick<AttachmentIndex, 'attachedLists' | 'attachedListsByWorkflow'>): RecordStore {
  const toCampaign = (row: CampaignRow): Campaign =>
    withoutUndefined({
      id: campaignId(row.number),
      number: row.number,
      status: row.status,
      shortName: row.short_name,
      description: row.description,
      production: row.production ?? undefined,
      butlerRepo: row.butler_repo ?? undefined,
      inputCollections: row.input_collections ?? undefined,
      outputCollection: row.output_collection ?? undefined,
      inputData: row.input_data ?? undefined,
      workflowDefinition: row.workflow_definition ?? undefined,
      jiraIssue: row.jira_issue ?? undefined,
      operators: operatorsOf(row.current_operators, row.channel_platform ?? 'slack'),
      stackVersion: row.stack_version ?? undefined,
      source: row.source_id === null ? undefined : { id: row.source_id, changes: row.changes ?? '' },
      channel:
        row.channel_platform === null || row.channel_id === null
          ? undefined
          : { platform: row.channel_platform, id: row.channel_id },
      definedBy: { id: row.defined_by_id, name: row.defined_by_name },
      definedAt: row.defined_at,
    }) as Campaign;

  const toWorkflow = (row: WorkflowRow, lists = attachments.attachedLists(row.campaign_number, row.number)): Workflow => {
    const run = row.run === null ? {} : (JSON.parse(row.run) as { runId?: string; runName?: string });
    return withoutUndefined({
      id: workflowId(row.campaign_number, row.number),
      campaignId: campaignId(row.campaign_number),
      number: row.number,
      status: row.status,
      label: row.label,
      wms: row.wms,
      pipeline: row.pipeline ?? undefined,
      butlerRepo: row.butler_repo ?? undefined,
      inputCollections: row.input_collections ?? undefined,
      outputRun: row.output_run ?? undefined,
      dataQuery: row.data_query ?? undefined,
      bpsCommand: row.bps_command ?? undefined,
      runId: run.runId ?? undefined,
      runName: run.runName ?? undefined,
      notes: row.notes ?? undefined,
      stackVersion: row.stack_version ?? undefined,
      configOverrides: row.config_overrides ?? undefined,
      operators: operatorsOf(row.current_operators),
      source: row.source_id === null ? undefined : { id: row.source_id, changes: row.changes ?? '' },
      lists,
      startedBy: { id: row.started_by_id, name: row.started_by_name },
      startedAt: row.started_at,
    }) as Workflow;
  };

  return {
    insertCampaign({ input, channel, by, at }: NewCampaign): number {
      const result = sql(
        `INSERT INTO campaigns (short_name, description, production, butler_repo, input_collections, output_collection,
           input_data, workflow_definition, jira_issue, operators, channel_platform, channel_id,
           defined_by_id, defined_by_name, defined_at, stack_version, source_id, changes)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.shortName,
        input.description,
        input.production ?? null,
        input.butlerRepo ?? null,
        input.inputCollections ?? null,
        input.outputCollection ?? null,
        input.inputData ?? null,
        input.workflowDefinition ?? null,
        input.jiraIssue ?? null,
        input.operators === undefined ? null : JSON.stringify(input.operators),
        channel?.platform ?? null,
        channel?.id ?? null,
        by.id,
        by.name,
        at,
        input.stackVersion ?? null,
        input.source?.id ?? null,
        input.source?.changes ?? null,
      );
      return Number(result.lastInsertRowid);
    },

    campaignByNumber(number) {
      const row = sql(`${CAMPAIGNS} WHERE c.number = ?`).get(number) as CampaignRow | undefined;
      return row === undefined ? undefined : toCampaign(row);
    },

    campaignByShortName(shortName) {
      const row = sql(`${CAMPAIGNS} WHERE c.short_name = ?`).get(shortName) as CampaignRow | undefined;
      return row === undefined ? undefined : toCampaign(row);
    },

    campaigns(filter: CampaignFilter = {}) {
      const rows = sql(
        `SELECT * FROM (${CAMPAIGNS})
         WHERE (@status IS NULL OR status = @status) AND (@definedBy IS NULL OR defined_by_id = @definedBy)
           AND (@platform IS NULL OR (channel_platform = @platform AND channel_id = @channelId))
         ORDER BY number DESC`,
      ).all({
        status: filter.status ?? null,
        definedBy: filter.definedBy ?? null,
        platform: filter.channel?.platform ?? null,
        channelId: filter.channel?.id ?? null,
      }) as CampaignRow[];
      return rows.map(toCampaign);
    },

    insertWorkflow({ campaignNumber, input, by, at }: NewWorkflow): number {
      const row = sql(
        `INSERT INTO workflows (campaign_number, number, label, wms, pipeline, butler_repo, input_collections,
           output_run, data_query, bps_command, notes, started_by_id, started_by_name, started_at,
           stack_version, config_overrides, operators, source_id, changes)
         VALUES (@campaign, (SELECT coalesce(max(number), 0) + 1 FROM workflows WHERE campaign_number = @campaign),
                 @label, @wms, @pipeline, @butlerRepo, @inputCollections, @outputRun, @dataQuery, @bpsCommand, @notes,
                 @byId, @byName, @at, @stackVersion, @configOverrides, @operators, @sourceId, @changes)
         RETURNING number`,
      ).get({
        campaign: campaignNumber,
        label: input.label,
        wms: input.wms,
        pipeline: input.pipeline ?? null,
        butlerRepo: input.butlerRepo ?? null,
        inputCollections: input.inputCollections ?? null,
        outputRun: input.outputRun ?? null,
        dataQuery: input.dataQuery ?? null,
        bpsCommand: input.bpsCommand ?? null,
        notes: input.notes ?? null,
        stackVersion: input.stackVersion ?? null,
        configOverrides: input.configOverrides ?? null,
        operators: input.operators === undefined ? null : JSON.stringify(input.operators),
        sourceId: input.source?.id ?? null,
        changes: input.source?.changes ?? null,
        byId: by.id,
        byName: by.name,
        at,
      }) as { number: number };
      return row.number;
    },

    workflow(campaignNumber, number) {
      const row = sql(`${WORKFLOWS} WHERE w.campaign_number = ? AND w.number = ?`).get(campaignNumber, number) as
        | WorkflowRow
        | undefined;
      return row === undefined ? undefined : toWorkflow(row);
    },

    workflows(campaignNumber, limit) {
      const rows = sql(`${WORKFLOWS} WHERE w.campaign_number = ? ORDER BY w.number LIMIT ?`).all(campaignNumber, limit ?? -1) as WorkflowRow[];
      if (rows.length === 0) return [];
      // Their lists in one query, not one per workflow.
      const lists = attachments.attachedListsByWorkflow(campaignNumber, rows[0]!.number, rows.at(-1)!.number);
      return rows.map((row) => toWorkflow(row, lists.get(row.number)));
    },

    openWorkflows() {
      const rows = sql(`SELECT * FROM (${WORKFLOWS}) WHERE status IN ('recorded', 'submitted', 'running') ORDER BY campaign_number, number`).all() as WorkflowRow[];
      return rows.map((row) => {
        const { lists: _lists, ...workflow } = toWorkflow(row, []);
        return workflow;
      });
    },

    actorNames(ids) {
      // Each actor's newest event from events_by_actor, not every event they ever made.
      const rows = sql(
        `SELECT j.value AS actor_id, (SELECT e.actor_name FROM events e WHERE e.actor_id = j.value ORDER BY e.seq DESC LIMIT 1) AS actor_name
         FROM json_each(?) j`,
      ).all(JSON.stringify(ids)) as { actor_id: string; actor_name: string | null }[];
      return new Map(rows.flatMap((row) => (row.actor_name === null ? [] : [[row.actor_id, row.actor_name] as const])));
    },

    workflowCount(campaignNumber) {
      return (sql('SELECT count(*) AS n FROM workflows WHERE campaign_number = ?').get(campaignNumber) as { n: number }).n;
    },

    workflowStatusCounts(campaignNumber) {
      const rows = sql(`SELECT status, count(*) AS n FROM (${WORKFLOWS} WHERE w.campaign_number = ?) GROUP BY status`).all(campaignNumber) as {
        status: WorkflowStatus;
        n: number;
      }[];
      return Object.fromEntries(rows.map((row) => [row.status, row.n]));
    },

    appendEvent(event: NewEvent) {
      const row = sql(
        `INSERT INTO events (kind, campaign_number, workflow_number, record_id, actor_id, actor_name, at, payload)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      ).get(
        event.kind,
        event.campaignNumber,
        event.workflowNumber ?? null,
        event.workflowNumber === undefined
          ? campaignId(event.campaignNumber)
          : workflowId(event.campaignNumber, event.workflowNumber),
        event.actor.id,
        event.actor.name,
        event.at,
        JSON.stringify(event.payload),
      ) as EventRow;
      return toEvent(row);
    },

    latestEvent(campaignNumber, workflowNumber) {
      const row = (
        workflowNumber === undefined
          ? // `campaign_number + 0`: the expression of events_latest_by_campaign (migration 007), which only this query uses.
            sql('SELECT * FROM events WHERE campaign_number + 0 = ? ORDER BY seq DESC LIMIT 1').get(campaignNumber)
          : sql('SELECT * FROM events WHERE record_id = ? ORDER BY seq DESC LIMIT 1').get(workflowId(campaignNumber, workflowNumber))
      ) as EventRow | undefined;
      return row === undefined ? undefined : toEvent(row);
    },

    recordEventsAfter(recordId, seq) {
      const rows = sql('SELECT * FROM events WHERE record_id = ? AND seq > ? ORDER BY seq').all(recordId, seq) as EventRow[];
      return rows.map(toEvent);
    },

    events(campaignNumber) {
      const rows = sql('SELECT * FROM events WHERE campaign_number = ? ORDER BY seq').all(campaignNumber) as EventRow[];
      return rows.map(toEvent);
    },

  };
}

/**
 * Operators as stored (a JSON array of user ids), none as undefined. Ids are `slack:U0123`,
 * `mattermost:<id>`, `cli:<login>`; a campaign's first operators were once stored as the chat
 * platform's bare ids, which are read as ids on the campaign's own platform.
 */
function operatorsOf(json: string | null, platform?: string): readonly string[] | undefined {
  const ids = json === null ? [] : (JSON.parse(json) as string[]);
  if (ids.length === 0) return undefined;
  return platform === undefined ? ids : ids.map((id) => (id.includes(':') ? id : `${platform}:${id}`));
}
