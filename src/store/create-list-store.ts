import { withoutUndefined } from '../campaign/clean-text.js';
import type { StoredList } from '../campaign/notebook.js';
import type { ListToStore, NotebookStore } from '../campaign/notebook-store.js';
import { compareDataIds } from '../lists/compare-data-ids.js';
import type { DataId, DimensionValue } from '../lists/data-id.js';
import type { DataIdEntry, DataIdList } from '../lists/data-id-list.js';
import { insertListEntries } from './insert-list-entries.js';
import { keyDimensions, MAX_KEY_DIMENSIONS, VALUE_COLUMNS } from './key-dimensions.js';
import type { Sql } from './statement-cache.js';

/** A list's current name: the latest given to it. */
export const LIST_NAME = `(SELECT n.name FROM list_names n WHERE n.list_id = l.id ORDER BY n.rowid DESC LIMIT 1)`;
const LISTS = `SELECT l.*, ${LIST_NAME} AS name FROM lists l`;

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

type ListStore = Pick<
  NotebookStore,
  'storeList' | 'nameList' | 'storedList' | 'storedListsByPrefix' | 'storedListByName' | 'storedLists' | 'listEntries' | 'diffStoredLists'
>;

/** The stored lists (tables `lists`, `list_names`, `list_entries`): stored once by fingerprint, named, read back. */
export function createListStore(sql: Sql, transaction: NotebookStore['transaction']): ListStore {
  const toStoredList = (row: ListRow): StoredList =>
    withoutUndefined({
      sha256: row.sha256,
      count: row.count,
      dimensions: JSON.parse(row.dimensions) as string[],
      name: row.name ?? undefined,
      reason: row.reason ?? undefined,
      storedBy: { id: row.stored_by_id, name: row.stored_by_name },
      storedAt: row.stored_at,
    }) as StoredList;

  const listRow = (sha256: string): ListRow | undefined => sql(`${LISTS} WHERE l.sha256 = ?`).get(sha256) as ListRow | undefined;

  return {
    storeList({ list, sha256, reason, by, at }: ListToStore) {
      return transaction(() => {
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
        insertListEntries(sql, id, list, keys);
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
      const rows = sql(`${LISTS} WHERE l.sha256 >= ? AND l.sha256 < ? ORDER BY l.id LIMIT 10`).all(prefix, `${prefix}g`) as ListRow[];
      return rows.map(toStoredList);
    },

    storedListByName(name) {
      const row = sql(`SELECT l.*, n.name AS name FROM list_names n JOIN lists l ON l.id = n.list_id WHERE n.name = ?`).get(name) as
        | ListRow
        | undefined;
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

    diffStoredLists(shaA, shaB, first) {
      const a = listRow(shaA);
      const b = listRow(shaB);
      if (a === undefined || b === undefined) throw new Error(`No stored list has sha256 ${a === undefined ? shaA : shaB}`);
      if (a.key_dimensions !== b.key_dimensions) throw new Error(`Lists ${shaA} and ${shaB} name different dimensions`);
      const keys = JSON.parse(a.key_dimensions) as string[];
      const columns = keys.map((_, c) => VALUE_COLUMNS[c]!);
      // Entries of one list that the other lacks: a scan of the one, an index seek into the other per entry.
      const missing = sql(
        `SELECT ${columns.map((column) => `x.${column}`).join(', ')} FROM list_entries x
         WHERE x.list_id = @from AND NOT EXISTS (
           SELECT 1 FROM list_entries y WHERE y.list_id = @other AND ${VALUE_COLUMNS.map((column) => `y.${column} = x.${column}`).join(' AND ')})`,
      ).raw();
      const sorted = [...keys].sort();
      const collect = (from: number, other: number) => {
        let count = 0;
        const firsts: DataId[] = [];
        for (const values of missing.iterate({ from, other }) as Iterable<DimensionValue[]>) {
          if (count++ >= first) continue;
          const dataId: Record<string, DimensionValue> = {};
          for (const dimension of sorted) dataId[dimension] = values[keys.indexOf(dimension)]!;
          firsts.push(dataId);
        }
        return { count, firsts };
      };
      const added = collect(b.id, a.id);
      const removed = collect(a.id, b.id);
      return { added: added.count, removed: removed.count, firstAdded: added.firsts, firstRemoved: removed.firsts };
    },
  };
}
