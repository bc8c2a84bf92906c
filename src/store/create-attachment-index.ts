import { withoutUndefined } from '../campaign/clean-text.js';
import type { NewAttachment, NotebookStore } from '../campaign/notebook-store.js';
import { campaignId, workflowId } from '../campaign/record-reference.js';
import type { AttachedList, ListKind, WhyMatch } from '../campaign/records.js';
import type { DataId, DimensionValue } from '../lists/data-id.js';
import { LIST_NAME } from './create-list-store.js';
import { VALUE_COLUMNS } from './key-dimensions.js';
import type { Sql } from './statement-cache.js';

interface AttachmentRow {
  id: number;
  list_id: number;
  campaign_number: number;
  workflow_number: number;
  kind: ListKind;
  reason: string;
  provenance: string | null;
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

const ATTACHMENTS = `
  SELECT a.*, l.sha256, l.count, l.dimensions, ${LIST_NAME} AS name, c.short_name, w.label
  FROM list_attachments a
  JOIN lists l ON l.id = a.list_id
  JOIN campaigns c ON c.number = a.campaign_number
  JOIN workflows w ON w.campaign_number = a.campaign_number AND w.number = a.workflow_number`;

export interface AttachmentIndex extends Pick<NotebookStore, 'attachList' | 'attachedLists' | 'why'> {
  /** The lists of a campaign's workflows first..last, by workflow number, in one query. */
  attachedListsByWorkflow(campaignNumber: number, first: number, last: number): Map<number, AttachedList[]>;
}

/**
 * The lists attached to workflow starts (table `list_attachments`) and the `why` query over their
 * entries. Attachments are append-only, so what `why` needs of them is kept in memory and topped
 * up with the ones added since it last looked (by this process or another).
 */
export function createAttachmentIndex(sql: Sql): AttachmentIndex {
  // Lists are immutable, so what `why` needs of each can be kept for the life of the connection.
  const listLayouts = new Map<number, { sha256: string; keyDimensions: string[] }>();
  const cache: {
    lastId: number;
    readonly byList: Map<number, AttachmentRow[]>;
    /** Attached lists grouped by key columns. */
    readonly groups: Map<string, { readonly keys: string[]; readonly ids: number[] }>;
    /** The groups with their listIds as a JSON array, for json_each. */
    shapes: { keys: string[]; listIds: string }[];
  } = { lastId: 0, byList: new Map(), groups: new Map(), shapes: [] };

  const toAttachedList = (row: AttachmentRow): AttachedList =>
    withoutUndefined({
      sha256: row.sha256,
      count: row.count,
      dimensions: JSON.parse(row.dimensions) as string[],
      kind: row.kind,
      reason: row.reason,
      name: row.name ?? undefined,
      provenance: row.provenance ?? undefined,
    }) as AttachedList;

  const layoutOf = (listId: number): { sha256: string; keyDimensions: string[] } => {
    let layout = listLayouts.get(listId);
    if (layout === undefined) {
      const row = sql('SELECT sha256, key_dimensions FROM lists WHERE id = ?').get(listId) as { sha256: string; key_dimensions: string };
      layout = { sha256: row.sha256, keyDimensions: JSON.parse(row.key_dimensions) as string[] };
      listLayouts.set(listId, layout);
    }
    return layout;
  };

  // The cache stays right until a new attachment appears, which the highest id tells at the cost of one lookup.
  const currentAttachments = () => {
    const lastId = sql('SELECT coalesce(max(id), 0) FROM list_attachments').pluck().get() as number;
    if (cache.lastId === lastId) return cache;
    const added = sql(`${ATTACHMENTS} WHERE a.id > ? AND a.id <= ? ORDER BY a.id`).all(cache.lastId, lastId) as AttachmentRow[];
    for (const row of added) {
      const rows = cache.byList.get(row.list_id);
      if (rows !== undefined) {
        rows.push(row);
        continue;
      }
      cache.byList.set(row.list_id, [row]);
      const keys = layoutOf(row.list_id).keyDimensions;
      const shape = keys.join(',');
      const group = cache.groups.get(shape);
      if (group === undefined) cache.groups.set(shape, { keys, ids: [row.list_id] });
      else group.ids.push(row.list_id);
    }
    cache.shapes = [...cache.groups.values()].map(({ keys, ids }) => ({ keys, listIds: JSON.stringify(ids) }));
    cache.lastId = lastId;
    return cache;
  };

  return {
    attachList({ campaignNumber, workflowNumber, sha256, kind, reason, provenance, by, at }: NewAttachment) {
      const row = sql(
        `INSERT INTO list_attachments (campaign_number, workflow_number, list_id, kind, reason, provenance, attached_by_id, attached_by_name, attached_at)
         SELECT ?, ?, id, ?, ?, ?, ?, ?, ? FROM lists WHERE sha256 = ? RETURNING id`,
      ).get(campaignNumber, workflowNumber, kind, reason, provenance ?? null, by.id, by.name, at, sha256) as { id: number } | undefined;
      if (row === undefined) throw new Error(`No stored list has sha256 ${sha256}; store it before attaching it`);
      return toAttachedList(sql(`${ATTACHMENTS} WHERE a.id = ?`).get(row.id) as AttachmentRow);
    },

    attachedLists(campaignNumber, workflowNumber) {
      const rows = sql(`${ATTACHMENTS} WHERE a.campaign_number = ? AND a.workflow_number = ? ORDER BY a.id`).all(campaignNumber, workflowNumber);
      return (rows as AttachmentRow[]).map(toAttachedList);
    },

    attachedListsByWorkflow(campaignNumber, first, last) {
      const lists = new Map<number, AttachedList[]>();
      for (let number = first; number <= last; number++) lists.set(number, []);
      const rows = sql(`${ATTACHMENTS} WHERE a.campaign_number = ? AND a.workflow_number BETWEEN ? AND ? ORDER BY a.id`).all(campaignNumber, first, last);
      for (const row of rows as AttachmentRow[]) lists.get(row.workflow_number)?.push(toAttachedList(row));
      return lists;
    },

    why(dataId: DataId, limit: number) {
      const asked = Object.keys(dataId);
      const matches: { attachment: AttachmentRow; entry: DataId; reason: string | null }[] = [];
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
           WHERE list_id IN (SELECT value FROM json_each(?)) AND ${conditions} LIMIT ${limit + 1}`,
        )
          .raw()
          .all(listIds, ...shared.map((c) => bindValue(dataId[keys[c]!]!))) as (DimensionValue | null)[][];
        if (rows.length > limit) return undefined;
        const sortedKeys = [...keys].sort();
        const positions = sortedKeys.map((key) => keys.indexOf(key) + 1);
        for (const values of rows) {
          const entry: Record<string, DimensionValue> = {};
          for (let d = 0; d < sortedKeys.length; d++) entry[sortedKeys[d]!] = values[positions[d]!]!;
          const reason = values[keys.length + 1] as string | null;
          for (const attachment of byList.get(values[0] as number)!) matches.push({ attachment, entry, reason });
        }
        if (matches.length > limit) return undefined;
      }
      matches.sort((a, b) => compareText(b.attachment.attached_at, a.attachment.attached_at) || b.attachment.id - a.attachment.id);
      return matches.map(
        ({ attachment, entry, reason }): WhyMatch => withoutUndefined({
          campaignId: campaignId(attachment.campaign_number),
          campaignName: attachment.short_name,
          workflowId: workflowId(attachment.campaign_number, attachment.workflow_number),
          workflowLabel: attachment.label,
          kind: attachment.kind,
          sha256: attachment.sha256,
          entry,
          reason: reason ?? attachment.reason,
          attachedBy: { id: attachment.attached_by_id, name: attachment.attached_by_name },
          attachedAt: attachment.attached_at,
          provenance: attachment.provenance ?? undefined,
        }),
      );
    },
  };
}

/**
 * Integers are bound as BigInt so SQLite compares INTEGER with INTEGER (a JS number binds as REAL);
 * the question was typed by the universe (normalizeDataId), so a number is an integer dimension's.
 */
function bindValue(value: DimensionValue): DimensionValue | bigint {
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
