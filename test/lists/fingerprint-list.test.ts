import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { summarizeList } from '../../src/lists/summarize-list.js';
import { asJson, dataIdSets } from './list-arbitrary.js';

describe('fingerprintList', () => {
  it('is the SHA-256 of the documented canonical form: sorted JSON lines, keys sorted, no reasons', () => {
    const list = parseDataIdList('instrument=LSSTCam visit=2025111500226 detector=42 # trail\ninstrument=LSSTCam visit=7 detector=-1', { source: 'x' });
    const canonical = '{"detector":-1,"instrument":"LSSTCam","visit":7}\n{"detector":42,"instrument":"LSSTCam","visit":2025111500226}\n';
    expect(fingerprintList(list)).toBe(createHash('sha256').update(canonical).digest('hex'));
  });

  it('escapes string values as JSON does', () => {
    const list = parseDataIdList('[{"band": "z \\"y\\"\\u00e9"}]', { source: 'x.json' });
    expect(fingerprintList(list)).toBe(createHash('sha256').update('{"band":"z \\"y\\"é"}\n').digest('hex'));
  });

  it('does not depend on entry order, reasons or encoding', () => {
    fc.assert(
      fc.property(dataIdSets, fc.integer(), ({ dimensions, rows }, seed) => {
        const shuffled = [...rows].sort((a, b) => ((JSON.stringify(a).length * 31 + seed) % 7) - ((JSON.stringify(b).length * 31 + seed) % 7));
        const stripped = rows.map(({ dataId }) => ({ dataId, reason: undefined }));
        const csvRows = shuffled.map(({ dataId }) => dimensions.map((d) => `"${String(dataId[d]).replace(/"/g, '""')}"`).join(','));
        const a = parseDataIdList(asJson(rows), { source: 'a.json' });
        const b = parseDataIdList(asJson(stripped), { source: 'b.json' });
        const c = parseDataIdList(`${dimensions.join(',')}\n${csvRows.join('\n')}\n`, { source: 'c.csv' });
        expect(fingerprintList(b)).toBe(fingerprintList(a));
        expect(fingerprintList(c)).toBe(fingerprintList(a));
      }),
    );
  });

  it('changes when one data ID changes', () => {
    const a = parseDataIdList('visit=1 detector=2\nvisit=1 detector=3', { source: 'a' });
    const b = parseDataIdList('visit=1 detector=2\nvisit=1 detector=4', { source: 'b' });
    expect(fingerprintList(a)).not.toBe(fingerprintList(b));
  });
});

describe('summarizeList', () => {
  it('gives the fingerprint, count and dimensions', () => {
    const list = parseDataIdList('visit=1..3 detector=4', { source: 'x' });
    expect(summarizeList(list)).toEqual({ sha256: fingerprintList(list), count: 3, dimensions: ['detector', 'visit'] });
  });
});
