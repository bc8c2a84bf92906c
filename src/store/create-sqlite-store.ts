import type { Statement } from 'better-sqlite3';
import { withoutUndefined } from '../campaign/clean-text.js';
import type { CampaignFilter, StoredList } from '../campaign/notebook.js';
import type {
  ListToStore,
  NewAttachment,
  NewCampaign,
  NewEvent,
  NewWorkflow,
  NotebookStore,
} from '../campaign/notebook-store.js';
import { campaignId, workflowId } from '../campaign/record-reference.js';
import type {
  Actor,
  AttachedList,
  Campaign,
  CampaignStatus,
  EventKind,
  ListKind,
  NotebookEvent,
  WhyMatch,
  Workflow,
  WorkflowStatus,
  Wms,
} from '../campaign/records.js';
import type { ChatPost, ChatPosts } from '../chat/chat-posts.js';
import { UserError } from '../campaign/user-error.js';
import { compareDataIds } from '../lists/compare-data-ids.js';
import { isIntegerDimension } from '../lists/data-id.js';
import type { DataId, DimensionValue } from '../lists/data-id.js';
import type { DataIdColumns, DataIdEntry, DataIdList } from '../lists/data-id-list.js';
import { integerRanks, orderByColumns, tableRanks } from '../lists/order-by-columns.js';
import { keyDimensions, MAX_KEY_DIMENSIONS } from './key-dimensions.js';
import type { SqliteDatabase } from './open-database.js';

/** `why` refuses questions matching more entries than this (e.g. `instrument=LSSTCam` alone). */
export const WHY_MATCH_LIMIT = 10_000;

// Many rows per statement: one call into SQLite per 512 rows instead of per row (≤ 5,120 parameters).
const ROWS_PER_INSERT = 512;
const VALUE_COLUMNS = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7', 'v8'] as const;

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
  started_by_id: string;
  started_by_name: string;
  started_at: string;
  status: WorkflowStatus;
  run: string | null;
}

interface EventRow {
  seq: number;
  kind: EventKind;
  campaign_number: number;
  workflow_number: number | null;
  actor_id: string;
  actor_name: string;
  at: string;
  payload: string;
}

interface ListRow {
  id: number;
  sha256: string;
  count: number;
  dimensions: string;
  key_dimensions: string;
  reason: string | null;
  provenance: string | null;
  stored_by_id: string;
  stored_by_name: string;
  stored_at: string;
  name: string | null;
}

interface AttachmentRow {
  id: number;
  campaign_number: number;
  workflow_number: number;
  kind: ListKind;
  reason: string;
  attached_by_id: string;
  attached_by_name: string;
  attached_at: string;
  sha256: string;
  count: number;
  dimensions: string;
  name: string | null;
  short_name: string;
  label: string;
}

const CAMPAIGNS = `
  SELECT c.*, coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                        WHERE e.campaign_number = c.number AND e.workflow_number IS NULL AND e.kind = 'status_changed'
                        ORDER BY e.seq DESC LIMIT 1), 'defined') AS status
  FROM campaigns c`;

const WORKFLOWS = `
  SELECT w.*,
         coalesce((SELECT json_extract(e.payload, '$.to') FROM events e
                   WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'status_changed'
                   ORDER BY e.seq DESC LIMIT 1), 'recorded') AS status,
         (SELECT e.payload FROM events e
          WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'run_recorded'
          ORDER BY e.seq DESC LIMIT 1) AS run
  FROM workflows w`;

const LIST_NAME = `(SELECT n.name FROM list_names n WHERE n.list_id = l.id ORDER BY n.rowid DESC LIMIT 1)`;
const LISTS = `SELECT l.*, ${LIST_NAME} AS name FROM lists l`;

const ATTACHMENTS = `
  SELECT a.*, l.sha256, l.count, l.dimensions, ${LIST_NAME} AS name, c.short_name, w.label
  FROM list_attachments a
  JOIN lists l ON l.id = a.list_id
  JOIN campaigns c ON c.number = a.campaign_number
  JOIN workflows w ON w.campaign_number = a.campaign_number AND w.number = a.workflow_number`;

/** The SQLite store behind the notebook (NotebookStore) and the chat adapters' post memory (ChatPosts). */
export function createSqliteStore(db: SqliteDatabase): NotebookStore & ChatPosts {
  const statements = new Map<string, Statement>();
  const sql = (text: string): Statement => {
    let statement = statements.get(text);
    if (statement === undefined) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const runInTransaction = db.transaction((write: () => unknown) => write());
  // Lists are immutable, so what `why` needs of each can be kept for the life of the connection.
  const listLayouts = new Map<number, { sha256: string; keyDimensions: string[] }>();

  const actor = (id: string, name: string): Actor => ({ id, name });

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
      operators: row.operators === null ? undefined : (JSON.parse(row.operators) as string[]),
      channel:
        row.channel_platform === null || row.channel_id === null
          ? undefined
          : { platform: row.channel_platform, id: row.channel_id },
      definedBy: actor(row.defined_by_id, row.defined_by_name),
      definedAt: row.defined_at,
    }) as Campaign;

  const toAttachedList = (row: AttachmentRow): AttachedList =>
    withoutUndefined({
      sha256: row.sha256,
      count: row.count,
      dimensions: JSON.parse(row.dimensions) as string[],
      kind: row.kind,
      reason: row.reason,
      name: row.name ?? undefined,
    }) as AttachedList;

  const attachedLists = (campaignNumber: number, workflowNumber: number): AttachedList[] =>
    (
      sql(`${ATTACHMENTS} WHERE a.campaign_number = ? AND a.workflow_number = ? ORDER BY a.id`).all(
        campaignNumber,
        workflowNumber,
      ) as AttachmentRow[]
    ).map(toAttachedList);

  const toWorkflow = (row: WorkflowRow, lists = attachedLists(row.campaign_number, row.number)): Workflow => {
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
      lists,
      startedBy: actor(row.started_by_id, row.started_by_name),
      startedAt: row.started_at,
    }) as Workflow;
  };

  const toEvent = (row: EventRow): NotebookEvent =>
    withoutUndefined({
      seq: row.seq,
      kind: row.kind,
      campaignId: campaignId(row.campaign_number),
      workflowId: row.workflow_number === null ? undefined : workflowId(row.campaign_number, row.workflow_number),
      actor: actor(row.actor_id, row.actor_name),
      at: row.at,
      payload: JSON.parse(row.payload) as Record<string, unknown>,
    }) as NotebookEvent;

  const toStoredList = (row: ListRow): StoredList =>
    withoutUndefined({
      sha256: row.sha256,
      count: row.count,
      dimensions: JSON.parse(row.dimensions) as string[],
      name: row.name ?? undefined,
      reason: row.reason ?? undefined,
      storedBy: actor(row.stored_by_id, row.stored_by_name),
      storedAt: row.stored_at,
    }) as StoredList;

  const listRow = (sha256: string): ListRow | undefined =>
    sql(`${LISTS} WHERE l.sha256 = ?`).get(sha256) as ListRow | undefined;

  /** One INSERT of `rows` entries, integer dimensions cast so they are stored as INTEGER, not REAL. */
  const insertStatement = (keys: readonly string[], withReasons: boolean, rows: number): Statement => {
    const columns = keys.map((_, c) => VALUE_COLUMNS[c]).join(', ') + (withReasons ? ', reason' : '');
    const values = `(?, ${keys.map((key) => (isIntegerDimension(key) ? 'CAST(? AS INTEGER)' : '?')).join(', ')}${withReasons ? ', ?' : ''})`;
    return sql(`INSERT INTO list_entries (list_id, ${columns}) VALUES ${Array(rows).fill(values).join(', ')}`);
  };

  const insertEntries = (listId: number, entries: readonly DataIdEntry[], dimensions: readonly string[], keys: readonly string[]): void => {
    const width = keys.length;
    const size = entries.length;
    const withReasons = entries.some((entry) => entry.reason !== undefined);
    const rowWidth = width + (withReasons ? 2 : 1);
    const order = keyOrder(entries, dimensions, keys);
    const many = insertStatement(keys, withReasons, ROWS_PER_INSERT);
    const one = insertStatement(keys, withReasons, 1);
    const args = new Array<DimensionValue | number | null>(ROWS_PER_INSERT * rowWidth);
    let filled = 0;
    for (let k = 0; k < size; k++) {
      const entry = entries[order === undefined ? k : order[k]!]!;
      const dataId = entry.dataId;
      let at = filled * rowWidth;
      args[at++] = listId;
      for (let c = 0; c < width; c++) args[at++] = dataId[keys[c]!]!;
      if (withReasons) args[at] = entry.reason ?? null;
      filled += 1;
      if (filled === ROWS_PER_INSERT) {
        many.run(args);
        filled = 0;
      }
    }
    for (let r = 0; r < filled; r++) one.run(args.slice(r * rowWidth, (r + 1) * rowWidth));
  };

  /** insertEntries for a list given as columns (from the list worker): no object per entry read or made. */
  const insertColumns = (listId: number, columns: DataIdColumns, dimensions: readonly string[], keys: readonly string[]): void => {
    const width = keys.length;
    const size = columns.size;
    const keyColumns = keys.map((key) => columns.values[dimensions.indexOf(key)]!);
    const reasons = columns.reasons === undefined ? undefined : new Map(Array.from(columns.reasons.at, (k, r) => [k, columns.reasons!.text[r]!]));
    const rowWidth = width + (reasons ? 2 : 1);
    const order = columnKeyOrder(columns, dimensions, keys);
    const many = insertStatement(keys, reasons !== undefined, ROWS_PER_INSERT);
    const one = insertStatement(keys, reasons !== undefined, 1);
    const args = new Array<DimensionValue | number | null>(ROWS_PER_INSERT * rowWidth);
    let filled = 0;
    for (let k = 0; k < size; k++) {
      const i = order === undefined ? k : order[k]!;
      let at = filled * rowWidth;
      args[at++] = listId;
      for (let c = 0; c < width; c++) {
        const column = keyColumns[c]!;
        args[at++] = column.kind === 'integer' ? column.values[i]! : column.table[column.indexes[i]!]!;
      }
      if (reasons) args[at] = reasons.get(i) ?? null;
      filled += 1;
      if (filled === ROWS_PER_INSERT) {
        many.run(args);
        filled = 0;
      }
    }
    for (let r = 0; r < filled; r++) one.run(args.slice(r * rowWidth, (r + 1) * rowWidth));
  };

  // Attachments are append-only too: the cache stays right until a new one appears (from this
  // process or another), which the highest attachment id tells at the cost of one lookup.
  interface AttachmentIndex {
    lastId: number;
    readonly byList: Map<number, AttachmentRow[]>;
    /** Attached lists grouped by key columns. */
    readonly groups: Map<string, { readonly keys: string[]; readonly ids: number[] }>;
    /** The groups with their listIds as a JSON array, for json_each. */
    shapes: { keys: string[]; listIds: string }[];
  }
  const attachmentIndex: AttachmentIndex = { lastId: 0, byList: new Map(), groups: new Map(), shapes: [] };
  // Attachments are append-only: the index only reads the ones added since it last looked.
  const currentAttachments = (): AttachmentIndex => {
    const lastId = sql('SELECT coalesce(max(id), 0) FROM list_attachments').pluck().get() as number;
    if (attachmentIndex.lastId === lastId) return attachmentIndex;
    const added = sql(`${ATTACHMENTS} WHERE a.id > ? AND a.id <= ? ORDER BY a.id`).all(attachmentIndex.lastId, lastId) as (AttachmentRow & { list_id: number })[];
    for (const row of added) {
      const rows = attachmentIndex.byList.get(row.list_id);
      if (rows !== undefined) {
        rows.push(row);
        continue;
      }
      attachmentIndex.byList.set(row.list_id, [row]);
      const keys = layoutOf(row.list_id).keyDimensions;
      const shape = keys.join(',');
      const group = attachmentIndex.groups.get(shape);
      if (group === undefined) attachmentIndex.groups.set(shape, { keys, ids: [row.list_id] });
      else group.ids.push(row.list_id);
    }
    attachmentIndex.shapes = [...attachmentIndex.groups.values()].map(({ keys, ids }) => ({ keys, listIds: JSON.stringify(ids) }));
    attachmentIndex.lastId = lastId;
    return attachmentIndex;
  };

  const layoutOf = (listId: number): { sha256: string; keyDimensions: string[] } => {
    let layout = listLayouts.get(listId);
    if (layout === undefined) {
      const row = sql('SELECT sha256, key_dimensions FROM lists WHERE id = ?').get(listId) as {
        sha256: string;
        key_dimensions: string;
      };
      layout = { sha256: row.sha256, keyDimensions: JSON.parse(row.key_dimensions) as string[] };
      listLayouts.set(listId, layout);
    }
    return layout;
  };

  const store: NotebookStore & ChatPosts = {
    transaction<T>(write: () => T): T {
      return runInTransaction.immediate(write) as T;
    },

    insertCampaign({ input, channel, by, at }: NewCampaign): number {
      const result = sql(
        `INSERT INTO campaigns (short_name, description, production, butler_repo, input_collections, output_collection,
           input_data, workflow_definition, jira_issue, operators, channel_platform, channel_id,
           defined_by_id, defined_by_name, defined_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
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
         ORDER BY number DESC`,
      ).all({ status: filter.status ?? null, definedBy: filter.definedBy ?? null }) as CampaignRow[];
      return rows.map(toCampaign);
    },

    insertWorkflow({ campaignNumber, input, by, at }: NewWorkflow): number {
      const row = sql(
        `INSERT INTO workflows (campaign_number, number, label, wms, pipeline, butler_repo, input_collections,
           output_run, data_query, bps_command, notes, started_by_id, started_by_name, started_at)
         VALUES (@campaign, (SELECT coalesce(max(number), 0) + 1 FROM workflows WHERE campaign_number = @campaign),
                 @label, @wms, @pipeline, @butlerRepo, @inputCollections, @outputRun, @dataQuery, @bpsCommand, @notes,
                 @byId, @byName, @at)
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
      const lists = new Map<number, AttachedList[]>(rows.map((row) => [row.number, []]));
      const attachments = sql(`${ATTACHMENTS} WHERE a.campaign_number = ? AND a.workflow_number BETWEEN ? AND ? ORDER BY a.id`).all(
        campaignNumber,
        rows[0]!.number,
        rows.at(-1)!.number,
      ) as AttachmentRow[];
      for (const attachment of attachments) lists.get(attachment.workflow_number)?.push(toAttachedList(attachment));
      return rows.map((row) => toWorkflow(row, lists.get(row.number)));
    },

    workflowCount(campaignNumber) {
      return (sql('SELECT count(*) AS n FROM workflows WHERE campaign_number = ?').get(campaignNumber) as { n: number }).n;
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

    events(campaignNumber) {
      const rows = sql('SELECT * FROM events WHERE campaign_number = ? ORDER BY seq').all(campaignNumber) as EventRow[];
      return rows.map(toEvent);
    },

    storeList({ list, sha256, reason, by, at }: ListToStore) {
      return store.transaction(() => {
        const existing = listRow(sha256);
        if (existing !== undefined) return toStoredList(existing);
        if (list.dimensions.length > MAX_KEY_DIMENSIONS) {
          throw new Error(`A list may name at most ${MAX_KEY_DIMENSIONS} dimensions, not ${list.dimensions.length}`);
        }
        const keys = keyDimensions(list.dimensions);
        const { id } = sql(
          `INSERT INTO lists (sha256, count, dimensions, key_dimensions, reason, provenance, stored_by_id, stored_by_name, stored_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
        ).get(
          sha256,
          list.columns?.size ?? list.entries.length,
          JSON.stringify(list.dimensions),
          JSON.stringify(keys),
          reason ?? list.reason ?? null,
          list.provenance === undefined ? null : JSON.stringify(list.provenance),
          by.id,
          by.name,
          at,
        ) as { id: number };
        if (list.columns) insertColumns(id, list.columns, list.dimensions, keys);
        else insertEntries(id, list.entries, list.dimensions, keys);
        return toStoredList(listRow(sha256)!);
      });
    },

    nameList(sha256, name, by, at) {
      sql(
        `INSERT INTO list_names (name, list_id, named_by_id, named_by_name, named_at)
         SELECT ?, id, ?, ?, ? FROM lists WHERE sha256 = ?
         ON CONFLICT (name) DO NOTHING`,
      ).run(name, by.id, by.name, at, sha256);
    },

    storedList(sha256) {
      const row = listRow(sha256);
      return row === undefined ? undefined : toStoredList(row);
    },

    storedListsByPrefix(prefix) {
      // sha256 is lowercase hex, so a range on the unique index finds the prefix
      const rows = sql(`${LISTS} WHERE l.sha256 >= ? AND l.sha256 < ? ORDER BY l.id LIMIT 10`).all(
        prefix,
        `${prefix}g`,
      ) as ListRow[];
      return rows.map(toStoredList);
    },

    storedListByName(name) {
      const row = sql(
        `SELECT l.*, n.name AS name FROM list_names n JOIN lists l ON l.id = n.list_id WHERE n.name = ?`,
      ).get(name) as ListRow | undefined;
      return row === undefined ? undefined : toStoredList(row);
    },

    storedLists() {
      return (sql(`${LISTS} ORDER BY l.id DESC`).all() as ListRow[]).map(toStoredList);
    },

    listEntries(sha256) {
      const row = listRow(sha256);
      if (row === undefined) return undefined;
      const keys = JSON.parse(row.key_dimensions) as string[];
      const dimensions = JSON.parse(row.dimensions) as string[];
      const rows = sql(`SELECT ${keys.map((_, c) => VALUE_COLUMNS[c]).join(', ')}, reason FROM list_entries WHERE list_id = ?`)
        .raw()
        .all(row.id) as (DimensionValue | null)[][];
      const position = dimensions.map((dimension) => keys.indexOf(dimension));
      const entries: DataIdEntry[] = rows.map((values) => {
        const dataId: Record<string, DimensionValue> = {};
        for (let d = 0; d < dimensions.length; d++) dataId[dimensions[d]!] = values[position[d]!]!;
        const reason = values[keys.length];
        return typeof reason === 'string' ? { dataId, reason } : { dataId };
      });
      entries.sort((a, b) => compareDataIds(a.dataId, b.dataId, dimensions));
      return withoutUndefined({
        dimensions,
        entries,
        reason: row.reason ?? undefined,
        provenance: row.provenance === null ? undefined : (JSON.parse(row.provenance) as Record<string, unknown>),
      }) as DataIdList;
    },

    attachList({ campaignNumber, workflowNumber, sha256, kind, reason, by, at }: NewAttachment) {
      const row = sql(
        `INSERT INTO list_attachments (campaign_number, workflow_number, list_id, kind, reason, attached_by_id, attached_by_name, attached_at)
         SELECT ?, ?, id, ?, ?, ?, ?, ? FROM lists WHERE sha256 = ? RETURNING id`,
      ).get(campaignNumber, workflowNumber, kind, reason, by.id, by.name, at, sha256) as { id: number } | undefined;
      if (row === undefined) throw new Error(`No stored list has sha256 ${sha256}; store it before attaching it`);
      return toAttachedList(sql(`${ATTACHMENTS} WHERE a.id = ?`).get(row.id) as AttachmentRow);
    },

    attachedLists,

    why(dataId: DataId) {
      const asked = Object.keys(dataId);
      const matches: { attachment: AttachmentRow; entry: DataId; reason: string | null }[] = [];
      const tooBroad = (): UserError =>
        new UserError(
          `More than ${WHY_MATCH_LIMIT} list entries match ${asked.map((key) => `${key}=${dataId[key]}`).join(' ')}: name more dimensions to narrow the question`,
        );
      const { byList, shapes } = currentAttachments();
      // One query per list shape (same key columns), over all the attached lists of that shape.
      for (const { keys, listIds } of shapes) {
        const shared: number[] = [];
        for (let c = 0; c < keys.length; c++) if (asked.includes(keys[c]!)) shared.push(c);
        if (shared.length === 0) continue;
        const conditions = shared.map((c) => `${VALUE_COLUMNS[c]} = ?`).join(' AND ');
        const columns = keys.map((_, c) => VALUE_COLUMNS[c]).join(', ');
        const rows = sql(
          `SELECT list_id, ${columns}, reason FROM list_entries
           WHERE list_id IN (SELECT value FROM json_each(?)) AND ${conditions} LIMIT ${WHY_MATCH_LIMIT + 1}`,
        )
          .raw()
          .all(listIds, ...shared.map((c) => bindValue(keys[c]!, dataId[keys[c]!]!))) as (DimensionValue | null)[][];
        if (rows.length > WHY_MATCH_LIMIT) throw tooBroad();
        const sortedKeys = [...keys].sort();
        const positions = sortedKeys.map((key) => keys.indexOf(key) + 1);
        for (const values of rows) {
          const entry: Record<string, DimensionValue> = {};
          for (let d = 0; d < sortedKeys.length; d++) entry[sortedKeys[d]!] = values[positions[d]!]!;
          const reason = values[keys.length + 1] as string | null;
          for (const attachment of byList.get(values[0] as number)!) matches.push({ attachment, entry, reason });
        }
        if (matches.length > WHY_MATCH_LIMIT) throw tooBroad();
      }
      matches.sort(
        (a, b) =>
          compareText(b.attachment.attached_at, a.attachment.attached_at) || b.attachment.id - a.attachment.id,
      );
      return matches.map(
        ({ attachment, entry, reason }): WhyMatch => ({
          campaignId: campaignId(attachment.campaign_number),
          campaignName: attachment.short_name,
          workflowId: workflowId(attachment.campaign_number, attachment.workflow_number),
          workflowLabel: attachment.label,
          kind: attachment.kind,
          sha256: attachment.sha256,
          entry,
          reason: reason ?? attachment.reason,
          attachedBy: actor(attachment.attached_by_id, attachment.attached_by_name),
          attachedAt: attachment.attached_at,
        }),
      );
    },

    rememberPost(post: ChatPost) {
      sql(
        `INSERT INTO chat_posts (record_id, platform, channel, message_id) VALUES (?, ?, ?, ?)
         ON CONFLICT (record_id, platform) DO UPDATE SET channel = excluded.channel, message_id = excluded.message_id`,
      ).run(post.recordId, post.platform, post.channel, post.messageId);
    },

    findPost(recordId, platform) {
      const row = sql('SELECT * FROM chat_posts WHERE record_id = ? AND platform = ?').get(recordId, platform) as
        | { record_id: string; platform: ChatPost['platform']; channel: string; message_id: string }
        | undefined;
      return row === undefined
        ? undefined
        : { recordId: row.record_id, platform: row.platform, channel: row.channel, messageId: row.message_id };
    },
  };
  return store;
}

/** Integers are bound as BigInt so SQLite compares INTEGER with INTEGER (a JS number binds as REAL). */
function bindValue(dimension: string, value: DimensionValue): DimensionValue | bigint {
  if (isIntegerDimension(dimension) && typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
  return value;
}

/**
 * The order in which to insert a list's entries (given in canonical order: dimensions by name) so
 * they arrive in key-column order; undefined when that is already the case.
 */
function keyOrder(entries: readonly DataIdEntry[], dimensions: readonly string[], keys: readonly string[]): number[] | undefined {
  if (keys.every((key, c) => key === dimensions[c])) return undefined;
  const size = entries.length;
  const order = new Array<number>(size);
  for (let i = 0; i < size; i++) order[i] = i;
  const first = keys[0]!;
  const rest = dimensions.filter((dimension) => dimension !== first);
  if (rest.every((dimension, c) => dimension === keys[c + 1])) {
    // The canonical order is already sorted by the other key columns in key order, so a stable
    // sort by the first key column alone gives key order (the common case: visit before detector).
    const column = new Array<DimensionValue>(size);
    for (let i = 0; i < size; i++) column[i] = entries[i]!.dataId[first]!;
    if (isIntegerDimension(first)) {
      const numbers = column as number[];
      return order.sort((a, b) => numbers[a]! - numbers[b]! || a - b);
    }
    return order.sort((a, b) => compareValues(column[a]!, column[b]!) || a - b);
  }
  return order.sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(entries[a]!.dataId[key]!, entries[b]!.dataId[key]!);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * keyOrder for columns: by the first key column alone when the canonical order already sorts the
 * rest in key order (stable counting sort), else by every key column.
 */
function columnKeyOrder(columns: DataIdColumns, dimensions: readonly string[], keys: readonly string[]): Uint32Array | undefined {
  if (keys.every((key, c) => key === dimensions[c])) return undefined;
  const rest = dimensions.filter((dimension) => dimension !== keys[0]);
  const sortBy = rest.every((dimension, c) => dimension === keys[c + 1]) ? [keys[0]!] : keys;
  return orderByColumns(
    sortBy.map((key) => {
      const column = columns.values[dimensions.indexOf(key)]!;
      return column.kind === 'integer' ? integerRanks(column.values, columns.size) : tableRanks(column.table, column.indexes);
    }),
    columns.size,
  );
}

function compareValues(x: DimensionValue, y: DimensionValue): number {
  if (x === y) return 0;
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  return x < y ? -1 : 1;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
