import { createHash } from 'node:crypto';
import type { DataIdList } from './data-id-list.js';

/**
 * The list's SHA-256 (hex). Canonical form: one line per entry in canonical order, each the data ID as compact JSON with keys sorted, e.g. `{"detector":42,"visit":1}\n`; reasons, provenance, input order and encoding excluded.
 */
export function fingerprintList(list: DataIdList): string {
  const hash = createHash('sha256');
  const keys = list.dimensions.map((name) => JSON.stringify(name));
  const width = keys.length;
  let chunk = '';
  for (const { dataId } of list.entries) {
    let line = '{';
    for (let c = 0; c < width; c++) {
      const value = dataId[list.dimensions[c]!]!;
      line += (c === 0 ? '' : ',') + keys[c]! + ':' + (typeof value === 'number' ? String(value) : JSON.stringify(value));
    }
    chunk += line + '}\n';
    if (chunk.length > 65536) {
      hash.update(chunk);
      chunk = '';
    }
  }
  hash.update(chunk);
  return hash.digest('hex');
}
