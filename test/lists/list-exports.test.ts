import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { listToEcsv } from '../../src/lists/list-to-ecsv.js';
import { listToJson } from '../../src/lists/list-to-json.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { asJson, dataIdSets } from './list-arbitrary.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url));

describe('listToJson', () => {
  it('writes the canonical data-id-list/1 object with reasons and provenance', () => {
    const list = parseDataIdList('{"reason":"r","provenance":{"by":"me"},"data_ids":[{"visit":2,"detector":1,"reason":"x"},{"visit":1,"detector":1}]}', {
      source: 'a.json',
    });
    expect(listToJson(list)).toBe(
      '{"format":"data-id-list/1","reason":"r","provenance":{"by":"me"},"data_ids":[\n{"detector":1,"visit":1},\n{"detector":1,"visit":2,"reason":"x"}\n]}\n',
    );
  });

  it('round-trips: parse, export, parse gives the same fingerprint and reasons', () => {
    fc.assert(
      fc.property(dataIdSets, ({ rows }) => {
        const list = parseDataIdList(asJson(rows), { source: 'a.json' });
        const again = parseDataIdList(listToJson(list), { source: 'export.json' });
        expect(fingerprintList(again)).toBe(fingerprintList(list));
        expect(again.entries).toEqual(list.entries.map((entry) => ({ ...entry, dataId: { ...entry.dataId } })));
      }),
    );
  });

  it.each(['exclusion.yaml', 'exclusion.csv', 'exclusion.txt'])('round-trips the fixture %s', (file) => {
    const list = parseDataIdList(fixture(file), { source: file });
    expect(fingerprintList(parseDataIdList(listToJson(list), { source: 'x.json' }))).toBe(fingerprintList(list));
  });
});

describe('listToEcsv', () => {
  it('writes astropy ECSV 1.0 with a datatype per column, as pipetask --data-id-table reads it', () => {
    const list = parseDataIdList('instrument=LSSTCam visit=2025111500226 detector=42 # reason not exported\ninstrument=LSSTCam visit=2025111500226 detector=43', {
      source: 'x',
    });
    expect(listToEcsv(list)).toBe(
      [
        '# %ECSV 1.0',
        '# ---',
        '# datatype:',
        '# - {name: detector, datatype: int64}',
        '# - {name: instrument, datatype: string}',
        '# - {name: visit, datatype: int64}',
        '# schema: astropy-2.0',
        'detector instrument visit',
        '42 LSSTCam 2025111500226',
        '43 LSSTCam 2025111500226',
        '',
      ].join('\n'),
    );
  });

  it('round-trips: parse, export ECSV, parse gives the same fingerprint (quoted strings included)', () => {
    fc.assert(
      fc.property(dataIdSets, ({ rows }) => {
        const list = parseDataIdList(asJson(rows), { source: 'a.json' });
        const again = parseDataIdList(listToEcsv(list), { source: 'export.ecsv' });
        expect(fingerprintList(again)).toBe(fingerprintList(list));
      }),
    );
  });
});
