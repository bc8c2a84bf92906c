import type { DataId, DimensionValue } from './data-id.js';
import type { DataIdColumns, DataIdEntry, DataIdList } from './data-id-list.js';
import type { ListMeta } from './build-data-id-list.js';

/**
 * A list backed by its columns (canonical order): `entries` is built on first read only, so a list
 * that goes straight to the store never makes an object per entry.
 */
export function columnarList(dimensions: readonly string[], columns: DataIdColumns, meta: ListMeta & { readonly sha256?: string }): DataIdList {
  let entries: DataIdEntry[] | undefined;
  return {
    dimensions,
    get entries(): readonly DataIdEntry[] {
      entries ??= entriesOf(dimensions, columns);
      return entries;
    },
    columns,
    ...(meta.reason !== undefined ? { reason: meta.reason } : {}),
    ...(meta.provenance !== undefined ? { provenance: meta.provenance } : {}),
    ...(meta.sha256 !== undefined ? { sha256: meta.sha256 } : {}),
  };
}

/** The value of entry `k` in a column. */
export function columnValue(columns: DataIdColumns, c: number, k: number): DimensionValue {
  const column = columns.values[c]!;
  return column.kind === 'integer' ? column.values[k]! : column.table[column.indexes[k]!]!;
}

function entriesOf(dimensions: readonly string[], columns: DataIdColumns): DataIdEntry[] {
  const { size, reasons } = columns;
  const entries: DataIdEntry[] = new Array(size);
  let next = 0;
  for (let k = 0; k < size; k++) {
    const dataId: Record<string, DimensionValue> = {};
    for (let c = 0; c < dimensions.length; c++) dataId[dimensions[c]!] = columnValue(columns, c, k);
    if (reasons !== undefined && reasons.at[next] === k) entries[k] = { dataId: dataId as DataId, reason: reasons.text[next++]! };
    else entries[k] = { dataId: dataId as DataId };
  }
  return entries;
}
