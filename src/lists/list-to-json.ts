import type { DataIdList } from './data-id-list.js';
import { LIST_FORMAT_TAG } from './read-structured-list.js';

/** The canonical `data-id-list/1` JSON of a list (one data ID a line, keys sorted, reasons kept). */
export function listToJson(list: DataIdList): string {
  const head: Record<string, unknown> = { format: LIST_FORMAT_TAG };
  if (list.reason !== undefined) head.reason = list.reason;
  if (list.provenance !== undefined) head.provenance = list.provenance;
  const keys = list.dimensions.map((name, c) => `${c === 0 ? '{' : ','}${JSON.stringify(name)}:`);
  const lines: string[] = new Array(list.entries.length);
  for (let k = 0; k < list.entries.length; k++) {
    const { dataId, reason } = list.entries[k]!;
    let line = '';
    for (let c = 0; c < keys.length; c++) {
      const value = dataId[list.dimensions[c]!]!;
      line += keys[c]! + (typeof value === 'number' ? String(value) : JSON.stringify(value));
    }
    lines[k] = reason === undefined ? `${line}}` : `${line},"reason":${JSON.stringify(reason)}}`;
  }
  return `${JSON.stringify(head).slice(0, -1)},"data_ids":[\n${lines.join(',\n')}\n]}\n`;
}
