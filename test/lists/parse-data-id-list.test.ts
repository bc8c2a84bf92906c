import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ListError } from '../../src/lists/list-error.js';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url));

/** The seven data IDs every exclusion.* fixture holds, in canonical order (detector, then instrument, then visit). */
const SEVEN = [
  { detector: 10, instrument: 'LSSTCam', visit: 2025111500220 },
  { detector: 10, instrument: 'LSSTCam', visit: 2025111500221 },
  { detector: 11, instrument: 'LSSTCam', visit: 2025111500220 },
  { detector: 11, instrument: 'LSSTCam', visit: 2025111500221 },
  { detector: 12, instrument: 'LSSTCam', visit: 2025111500220 },
  { detector: 12, instrument: 'LSSTCam', visit: 2025111500221 },
  { detector: 94, instrument: 'LSSTCam', visit: 2025111500301 },
];

function errorOf(run: () => unknown): ListError {
  try {
    run();
  } catch (error) {
    if (error instanceof ListError) return error;
    throw error;
  }
  throw new Error('expected a ListError');
}

describe('parseDataIdList', () => {
  const files = ['exclusion.json', 'bare.json', 'exclusion.yaml', 'bare.yaml', 'exclusion.csv', 'exclusion.csv.gz', 'exclusion.ecsv', 'exclusion.txt', 'ranges.txt'];

  it.each(files)('reads %s into the seven data IDs in canonical order', (file) => {
    const list = parseDataIdList(fixture(file), { source: file });
    expect(list.dimensions).toEqual(['detector', 'instrument', 'visit']);
    expect(list.entries.map((entry) => ({ ...entry.dataId }))).toEqual(SEVEN);
  });

  it.each(files)('reads %s by its content alone, without a file name', (file) => {
    const named = parseDataIdList(fixture(file), { source: file });
    const pasted = parseDataIdList(fixture(file), { source: 'the pasted list' });
    expect(fingerprintList(pasted)).toBe(fingerprintList(named));
  });

  it('keeps the list reason, provenance and per-entry reasons of the canonical JSON', () => {
    const list = parseDataIdList(fixture('exclusion.json'), { source: 'exclusion.json' });
    expect(list.reason).toBe('Satellite trails and a bad amplifier, see DM-51234');
    expect(list.provenance).toEqual({ made_by: 'find_trails.py', git_sha: '3f2c1a9' });
    expect(list.entries.map((entry) => entry.reason)).toEqual(['satellite trail', undefined, 'satellite trail', undefined, undefined, undefined, 'bad amplifier C10']);
  });

  it('reads reasons from the CSV reason column, quoted fields included', () => {
    const list = parseDataIdList(fixture('exclusion.csv'), { source: 'exclusion.csv' });
    expect(list.entries[6]!.reason).toBe('bad amplifier C10, "hot"');
    expect(list.entries[1]!.reason).toBeUndefined();
  });

  it('reads the reason after # in the lines form', () => {
    const list = parseDataIdList('visit=1 detector=2  # trail\nvisit=1 detector=3', { source: 'exclude_list' });
    expect(list.entries.map((entry) => entry.reason)).toEqual(['trail', undefined]);
  });

  it('accepts a comma-delimited ECSV and integers written as text in CSV and lines', () => {
    const ecsv = '# %ECSV 1.0\n# ---\n# delimiter: \',\'\n# datatype:\n# - {name: visit, datatype: int64}\n# schema: astropy-2.0\nvisit\n3\n1\n';
    expect(parseDataIdList(ecsv, { source: 'a.ecsv' }).entries.map((entry) => entry.dataId.visit)).toEqual([1, 3]);
  });

  it('reads an ECSV file named .csv as ECSV, by its banner', () => {
    const list = parseDataIdList(fixture('exclusion.ecsv'), { source: 'exclusion.csv' });
    expect(list.entries).toHaveLength(7);
  });

  it('names every problem of the lines form: line, dimension, value and what was expected', () => {
    const error = errorOf(() => parseDataIdList(fixture('errors.txt'), { source: 'errors.txt' }));
    expect(error.message).toBe(
      [
        'The data-ID list in errors.txt has 5 problems:',
        '- line 1, detector: "R10_S11" is not an integer; detector is an integer dimension, expected a primary key such as 42 or a range a..b[:stride]',
        '- line 2, detector: "4.5" is not an integer; detector is an integer dimension, expected a primary key such as 42 or a range a..b[:stride]',
        '- line 4: names instrument, visit but line 1 names detector, instrument, visit; every entry of a list must name the same dimensions',
        '- line 6: "just" is not dimension=value; expected e.g. instrument=LSSTCam visit=2025111500226 detector=42',
        '- line 5: the data ID detector=12 instrument=LSSTCam visit=2025111500220 is a duplicate of line 3; each data ID may appear once',
      ].join('\n'),
    );
  });

  it('names every problem of a JSON list by its JSON path', () => {
    const error = errorOf(() => parseDataIdList(fixture('errors.json'), { source: 'errors.json' }));
    expect(error.message).toBe(
      [
        'The data-ID list in errors.json has 5 problems:',
        '- data_ids[0].detector: "42" is not an integer; detector is an integer dimension, expected a primary key such as 42',
        '- data_ids[1].detector: 4.5 is not an integer; detector is an integer dimension, expected a primary key such as 42',
        '- data_ids[2].instrument: 7 is not a string; instrument is a string dimension, expected text such as "LSSTCam"',
        '- data_ids[3]: names instrument, visit but data_ids[0] names detector, instrument, visit; every entry of a list must name the same dimensions',
        '- data_ids[5]: the data ID detector=2 instrument=LSSTCam visit=2025111500220 is a duplicate of data_ids[4]; each data ID may appear once',
      ].join('\n'),
    );
  });

  it('lists the first 20 problems and counts the rest', () => {
    const text = Array.from({ length: 25 }, (_, i) => `visit=v${i}`).join('\n');
    const lines = errorOf(() => parseDataIdList(text, { source: 'many' })).message.split('\n');
    expect(lines[0]).toBe('The data-ID list in many has 25 problems:');
    expect(lines).toHaveLength(22);
    expect(lines[20]).toBe('- line 20, visit: "v19" is not an integer; visit is an integer dimension, expected a primary key such as 42 or a range a..b[:stride]');
    expect(lines[21]).toBe('- and 5 more');
  });

  it('gives the message to the form field the list came from', () => {
    const error = errorOf(() => parseDataIdList('visit=x', { source: 'the exclusion list', field: 'exclude_list' }));
    expect(error.fields).toEqual({ exclude_list: error.message });
  });

  it.each([
    ['empty.txt', '# only a comment\n\n', 'the list is empty; expected one data ID a line, e.g. instrument=LSSTCam visit=2025111500226 detector=42'],
    ['empty.json', '[]', 'the list is empty; expected at least one data ID'],
    ['empty.json', '{"reason": "x", "data_ids": []}', 'the list is empty; expected at least one data ID'],
    ['empty.csv', 'visit,detector\n', 'the list is empty; expected at least one data ID'],
    ['empty.yaml', 'data_ids: []\n', 'the list is empty; expected at least one data ID'],
  ])('refuses the empty list %s', (source, text, problem) => {
    expect(errorOf(() => parseDataIdList(text, { source })).message).toBe(`The data-ID list in ${source} has a problem:\n- ${problem}`);
  });

  it.each([
    ['a.json', '{"format": "data-id-list/2", "data_ids": [{"visit": 1}]}', 'format: "data-id-list/2" is not a known list format; expected "data-id-list/1"'],
    ['a.json', '{"dataids": [{"visit": 1}], "data_ids": [{"visit": 1}]}', 'dataids: unknown key; expected format, reason, provenance, data_ids'],
    ['a.json', '{"reason": "x"}', 'data_ids: missing; expected an array of data IDs'],
    ['a.json', '"visit=1"', 'expected a data-id-list/1 object or an array of data IDs, got "visit=1"'],
    ['a.json', '[{"visit": 1, "reason": 5}]', '[0].reason: expected a string, got 5'],
    ['a.json', '[{"visit": 1, "bad-name": 1}]', '[0]: "bad-name" is not a dimension name; expected a name such as visit or detector'],
    ['a.csv', 'visit,__proto__\n1,2\n', 'line 1 (the header): "__proto__" is not a dimension name; expected a name such as visit or detector'],
    ['a.csv', 'reason\nbad\n', 'line 1 (the header): names no dimension; expected dimension names such as visit and detector'],
    ['a.json', '[{"reason": "bad"}]', '[0]: names no dimension; expected dimension names such as visit and detector'],
    ['a.csv', 'visit,detector\n1,2,3\n', 'line 2: has 3 fields but the header (line 1) names 2 columns'],
    ['a.csv', 'visit,visit\n1,2\n', 'line 1 (the header): the dimension visit is named twice'],
    ['a.csv', 'visit,detector\n1,\n', 'line 2, detector: the value is empty; expected an integer'],
    ['a.ecsv', '# %ECSV 1.0\n# ---\n# datatype:\n# - {name: visit, datatype: int64}\n# schema: astropy-2.0\ndetector\n1\n', 'the ECSV metadata names the columns visit but the header row names detector'],
    ['a.txt', 'visit=1 visit=2', 'line 1: the dimension visit is named twice'],
    ['a.txt', 'visit=1 detector=2\ndetector=3 detector=4', 'line 2: names detector twice; expected each dimension once'],
    ['a.yaml', 'data_ids:\n  - {visit: 1, visit: 2}\n', 'not valid YAML: Map keys must be unique at line 2, column 16:'],
    ['a.yaml', '- {visit: 1.5}\n', '[0].visit: 1.5 is not an integer; visit is an integer dimension, expected a primary key such as 42 or a range a..b[:stride]'],
    ['a.yaml', '- {band: 3}\n', '[0].band: 3 is not a string; band is a string dimension, expected text such as "LSSTCam"'],
  ])('explains what is wrong with %s %j', (source, text, problem) => {
    expect(errorOf(() => parseDataIdList(text, { source })).message).toBe(`The data-ID list in ${source} has a problem:\n- ${problem}`);
  });

  it('passes on what JSON.parse says about broken JSON', () => {
    const error = errorOf(() => parseDataIdList('[{"visit": 1},]', { source: 'a.json' }));
    expect(error.message).toMatch(/^The data-ID list in a.json has a problem:\n- not valid JSON: \S/);
  });

  it('refuses bytes that are neither UTF-8 text nor gzip', () => {
    const error = errorOf(() => parseDataIdList(new Uint8Array([0xff, 0xfe, 0x00, 0x41]), { source: 'upload.bin' }));
    expect(error.message).toBe(
      'The data-ID list in upload.bin has a problem:\n- the file is neither text in UTF-8 nor gzip (The encoded data was not valid for encoding utf-8); expected JSON, YAML, CSV, ECSV or data-ID lines',
    );
  });
});

describe('ranges', () => {
  it('expands a..b inclusively to every combination, with the fingerprint of the expansion', () => {
    const ranged = parseDataIdList('visit=10..12 detector=0..1', { source: 'ranges' });
    const written = parseDataIdList('visit,detector\n10,0\n10,1\n11,0\n11,1\n12,0\n12,1\n', { source: 'written.csv' });
    expect(ranged.entries).toHaveLength(6);
    expect(fingerprintList(ranged)).toBe(fingerprintList(written));
  });

  it('honours a stride and accepts ranges in CSV and YAML values', () => {
    const lines = parseDataIdList('visit=1..9:4 detector=7', { source: 'x' });
    expect(lines.entries.map((entry) => entry.dataId.visit)).toEqual([1, 5, 9]);
    const csv = parseDataIdList('visit,detector\n1..9:4,7\n', { source: 'x.csv' });
    const yaml = parseDataIdList('- {visit: "1..9:4", detector: 7}\n', { source: 'x.yaml' });
    expect(fingerprintList(csv)).toBe(fingerprintList(lines));
    expect(fingerprintList(yaml)).toBe(fingerprintList(lines));
  });

  it('gives every expanded entry the reason of its line', () => {
    const list = parseDataIdList('visit=1..2 detector=3  # saturated', { source: 'x' });
    expect(list.entries.map((entry) => entry.reason)).toEqual(['saturated', 'saturated']);
  });

  it.each([
    ['visit=5..1', 'line 1, visit: the range 5..1 is empty; its start must not be after its end (ranges are inclusive, a..b)'],
    ['visit=1..5:0', 'line 1, visit: the range 1..5:0 has stride 0; expected a stride of at least 1'],
    ['visit=1..5 detector=a..b', 'line 1, detector: "a..b" is not an integer; detector is an integer dimension, expected a primary key such as 42 or a range a..b[:stride]'],
    ['visit=1..3\nvisit=3..4', 'line 2: the data ID visit=3 is a duplicate of line 1; each data ID may appear once'],
  ])('explains a bad range %j', (text, problem) => {
    expect(errorOf(() => parseDataIdList(text, { source: 'x' })).message).toBe(`The data-ID list in x has a problem:\n- ${problem}`);
  });

  it('refuses a range of 10^12 data IDs before expanding it', () => {
    const error = errorOf(() => parseDataIdList('visit=1..1000000 detector=1..1000000', { source: 'huge' }));
    expect(error.message).toBe(
      'The data-ID list in huge has a problem:\n- line 1: the list would hold 1,000,000,000,000 data IDs, more than the limit of 5,000,000; split it, or narrow its ranges',
    );
    expect(process.memoryUsage().rss).toBeLessThan(1024 ** 3);
  });

  it('applies a configured entry ceiling to plain lists too', () => {
    const error = errorOf(() => parseDataIdList('[{"visit":1},{"visit":2},{"visit":3}]', { source: 'x.json', limits: { maxEntries: 2 } }));
    expect(error.message).toBe('The data-ID list in x.json has a problem:\n- the list holds 3 data IDs, more than the limit of 2');
  });
});

describe('gzip', () => {
  it('inflates a gzipped file of any encoding, found by its magic bytes not its name', () => {
    const list = parseDataIdList(gzipSync(fixture('exclusion.yaml')), { source: 'upload' });
    expect(fingerprintList(list)).toBe(fingerprintList(parseDataIdList(fixture('exclusion.json'), { source: 'exclusion.json' })));
  });

  it('refuses a gzip bomb (3 MB inflating to 3 GiB) without inflating all of it', () => {
    const bomb = fixture('bomb-3gib.csv.gz');
    expect(bomb.length).toBeLessThan(4 * 1024 ** 2);
    const error = errorOf(() => parseDataIdList(bomb, { source: 'bomb-3gib.csv.gz' }));
    expect(error.message).toBe(
      'The data-ID list in bomb-3gib.csv.gz has a problem:\n- the gzip file inflates to more than 512 MiB, the most a list may hold; refused (a list of 5,000,000 data IDs needs far less)',
    );
    expect(process.resourceUsage().maxRSS * 1024).toBeLessThan(1.5 * 1024 ** 3);
  });

  it('applies a configured inflation ceiling', () => {
    const error = errorOf(() => parseDataIdList(gzipSync(fixture('exclusion.csv')), { source: 'x.csv.gz', limits: { maxInflatedBytes: 100 } }));
    expect(error.message).toBe(
      'The data-ID list in x.csv.gz has a problem:\n- the gzip file inflates to more than 100 bytes, the most a list may hold; refused (a list of 5,000,000 data IDs needs far less)',
    );
  });

  it('says so when a gzip file is truncated', () => {
    const truncated = gzipSync(fixture('exclusion.csv')).subarray(0, 40);
    expect(errorOf(() => parseDataIdList(truncated, { source: 'cut.gz' })).message).toBe(
      'The data-ID list in cut.gz has a problem:\n- the file looks gzipped but does not inflate: unexpected end of file',
    );
  });
});

describe('hostile documents', () => {
  it('refuses a YAML alias bomb', () => {
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (const [i, name] of ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].entries()) {
      const previous = String.fromCharCode(97 + i);
      laughs.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
    }
    expect(errorOf(() => parseDataIdList(laughs.join('\n'), { source: 'laughs.yaml' })).message).toBe(
      'The data-ID list in laughs.yaml has a problem:\n- the YAML uses too many aliases (a YAML alias bomb?); write the data IDs out',
    );
  });

  it.each([
    ['deep.yaml', '['.repeat(100_000) + ']'.repeat(100_000), 'the YAML is nested deeper than 32 levels'],
    ['deep-block.yaml', Array.from({ length: 5000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n'), 'the YAML is nested deeper than 32 levels'],
    ['deep.json', '['.repeat(100_000) + ']'.repeat(100_000), '[0]: expected an object of dimension: value, got an array'],
    ['deep.json', `{"provenance": ${'{"a":'.repeat(40)}1${'}'.repeat(40)}, "data_ids": [{"visit": 1}]}`, 'provenance: nested deeper than 32 levels'],
  ])('refuses deeply nested %s with a message, not a crash', (source, text, problem) => {
    expect(errorOf(() => parseDataIdList(text, { source })).message).toBe(`The data-ID list in ${source} has a problem:\n- ${problem}`);
  });
});
