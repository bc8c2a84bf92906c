import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { listToEcsv } from '../../src/lists/list-to-ecsv.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';

// The real tool: astropy, which `pipetask --data-id-table` reads tables with. Debian's
// python3-astropy (.ci/run installs it); the `python3` first on PATH may be another one without it.
const PYTHON = ['/usr/bin/python3', 'python3'].find((python) => spawnSync(python, ['-c', 'import astropy'], { stdio: 'ignore' }).status === 0);
if (PYTHON === undefined) console.warn('test/lists/astropy-ecsv.test.ts: SKIPPED, no Python with astropy (apt-get install python3-astropy)');

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url));

function python(script: string, ...args: string[]): string {
  const result = spawnSync(PYTHON!, ['-c', script, ...args], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`python failed: ${result.stderr}`);
  return result.stdout;
}

// Reads an ECSV file as pipetask does (Table.read), and tells each column's dtype kind and values, and meta.
const READ = `
import json, sys
from astropy.table import Table
table = Table.read(sys.argv[1], format="ascii.ecsv")
print(json.dumps({
    "kinds": {name: table[name].dtype.kind for name in table.colnames},
    "columns": {name: table[name].tolist() for name in table.colnames},
    "reason": table.meta.get("reason"),
}))
`;

describe.skipIf(PYTHON === undefined)('ECSV against the real astropy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'astropy-ecsv-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the exclusion list', fixture('exclusion.json').toString()],
    ['strings that need quoting, integer dimensions of every kind', JSON.stringify({
      reason: 'trails: "bright", it\'s # not a comment\nsecond line, ünïcode ✓',
      data_ids: [
        { band: 'z y', htm7: 131072, visit_system: 0, physical_filter: '#odd "one"', instrument: 'LSSTCam' },
        { band: 'g', htm7: 131073, visit_system: 2, physical_filter: "it's,a", instrument: 'LSST Cam' },
      ],
    })],
  ])('astropy reads our ECSV export of %s: the same values, integer columns as integers, the reason in meta', (_, json) => {
    const list = parseDataIdList(json, { source: 'x.json' });
    const file = join(dir, 'export.ecsv');
    writeFileSync(file, listToEcsv(list));
    const read = JSON.parse(python(READ, file)) as { kinds: Record<string, string>; columns: Record<string, unknown[]>; reason: string | null };
    expect(Object.keys(read.columns)).toEqual(list.dimensions);
    for (const name of list.dimensions) {
      expect([name, read.kinds[name]]).toEqual([name, typeof list.entries[0]!.dataId[name] === 'number' ? 'i' : 'U']);
      expect(read.columns[name]).toEqual(list.entries.map((entry) => entry.dataId[name]));
    }
    expect(read.reason).toBe(list.reason ?? null);
  });

  it('we read what astropy writes for an object-dtype string column (subtype json) as the plain strings', () => {
    const written = python(`
import sys, numpy
from astropy.table import Table
table = Table({
    "band": numpy.array(["g", "z y", '#odd "one"', "it's", "ünï"], dtype=object),
    "visit": numpy.array([5, 6, 7, 8, 9], dtype=numpy.int64),
})
table.meta["reason"] = "made by astropy"
table.write(sys.stdout, format="ascii.ecsv")
`);
    expect(written).toContain('# - {name: band, datatype: string, subtype: json}');
    const list = parseDataIdList(written, { source: 'astropy.ecsv' });
    expect(list.entries.map((entry) => entry.dataId)).toEqual([
      { band: '#odd "one"', visit: 7 },
      { band: 'g', visit: 5 },
      { band: "it's", visit: 8 },
      { band: 'z y', visit: 6 },
      { band: 'ünï', visit: 9 },
    ]);
    expect(list.reason).toBe('made by astropy');
  });
});
