import { describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { ListError } from '../../src/lists/list-error.js';

const samples: Array<[string, string]> = [
  ['edge.csv', 'instrument,visit,detector,reason\nLSSTCam,2025111500226,42,\nLSSTCam,2025111500220,7,smeared\nLATISS,2025111500220,7,\n'],
  // repeated strings, and one of the same length that differs (the CSV reader reuses the line before's string)
  ['bands.csv', 'band,visit\nr,1\nr,2\ng,2\ng,3\ngg,3\nr ,4\n'],
  ['edge.json', '[{"band":"r","visit":3,"reason":"bad seeing"},{"band":"g","visit":3},{"band":"r","visit":1}]'],
  ['edge.yaml', 'reason: focal-plane edge\ndata_ids:\n  - {visit: 5..7, detector: 0..1}\n  - {visit: 1, detector: 9, reason: hot}\n'],
  ['edge.txt', 'instrument=LSSTCam visit=2..3 detector=4\ninstrument=HSC visit=1 detector=4 # vignetted\n'],
];

describe('a list parsed as columns', () => {
  it.each(samples)('has the entries, reason and fingerprint of the same list parsed as entries (%s)', (source, text) => {
    const asEntries = parseDataIdList(text, { source });
    const asColumns = parseDataIdList(text, { source, columnar: true });
    expect(asColumns.columns?.size).toBe(asEntries.entries.length);
    expect(asColumns.sha256).toBe(fingerprintList(asEntries));
    expect(fingerprintList(asColumns)).toBe(fingerprintList(asEntries));
    expect(asColumns.entries).toEqual(asEntries.entries);
    expect(asColumns.dimensions).toEqual(asEntries.dimensions);
    expect(asColumns.reason).toBe(asEntries.reason);
  });

  it('keeps integer dimensions beyond 2^31 exact and strings as a table of distinct values', () => {
    const list = parseDataIdList('instrument,visit\nLSSTCam,2025111500226\nLSSTCam,2025111500227\n', { source: 'a.csv', columnar: true });
    const [instrument, visit] = list.columns!.values;
    expect(instrument).toEqual({ kind: 'string', table: ['LSSTCam'], indexes: new Uint32Array([0, 0]) });
    expect(visit).toEqual({ kind: 'integer', values: new Float64Array([2025111500226, 2025111500227]) });
  });

  it('reads repeated and changing strings of a CSV column as written', () => {
    const list = parseDataIdList('band,visit\nr,1\nr,2\ng,2\ng,3\ngg,3\nr ,4\n', { source: 'b.csv', columnar: true });
    expect(list.entries.map((entry) => `${entry.dataId.band}/${entry.dataId.visit}`)).toEqual(['g/2', 'g/3', 'gg/3', 'r/1', 'r/2', 'r/4']);
  });

  it('reports duplicates as the entries parse does', () => {
    const text = 'visit,detector\n1,2\n1,2\n';
    const problem = (columnar: boolean) => {
      try {
        parseDataIdList(text, { source: 'dup.csv', field: 'exclude_file', columnar });
      } catch (error) {
        return error as ListError;
      }
      throw new Error('no error');
    };
    const error = problem(true);
    expect(error).toBeInstanceOf(ListError);
    expect(error.message).toBe(problem(false).message);
    expect(error.fields).toEqual({ exclude_file: error.message });
  });
});
