import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listLimitsOf, fileConfigSchema } from '../../src/config.js';
import { DAF_BUTLER_UNIVERSE } from '../../src/lists/dimension-universe.js';
import universeData from '../../src/lists/dimension-universe.json' with { type: 'json' };
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { listToButlerQuery } from '../../src/lists/list-to-butler-query.js';
import { listToEcsv } from '../../src/lists/list-to-ecsv.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/lists/${name}`, import.meta.url));

/** The message a parse throws (any error type: the lists' own errors are user-facing). */
function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected an error');
}

const problem = (source: string, text: string) => `The data-ID list in ${source} has a problem:\n- ${text}`;

describe('the dimension universe', () => {
  it("is daf_butler's version 8, kept as data with where it came from", () => {
    expect(DAF_BUTLER_UNIVERSE.name).toBe('daf_butler universe version 8');
    expect(universeData.source).toMatch(/^lsst\/daf_butler@[0-9a-f]{40} python\/lsst\/daf\/butler\/configs\/dimensions\.yaml/);
    const types = Object.fromEntries(DAF_BUTLER_UNIVERSE.keyTypes);
    for (const name of ['detector', 'visit', 'exposure', 'day_obs', 'visit_system', 'subfilter', 'tract', 'patch', 'ssp_hypothesis_bundle', 'ssp_balanced_index', 'htm1', 'htm7', 'htm24', 'healpix1', 'healpix17']) {
      expect([name, types[name]]).toEqual([name, 'int']);
    }
    for (const name of ['instrument', 'band', 'physical_filter', 'group', 'skymap', 'ssp_hypothesis_table']) expect([name, types[name]]).toEqual([name, 'string']);
    for (const name of ['seq_num', 'observation_type', 'exposure_time', 'obs_id', 'full_name', 'raft', 'name_in_raft', 'filter', 'htm0', 'htm25', 'healpix0', 'healpix18']) {
      expect(types[name]).toBeUndefined();
    }
    expect(DAF_BUTLER_UNIVERSE.keyTypes.size).toBe(16 + 24 + 17);
  });

  it('reads htm7, visit_system, subfilter and the ssp_ keys as integers: unquoted in the fragment, int64 in ECSV', () => {
    const list = parseDataIdList('instrument=LSSTCam visit_system=0..2 htm7=131072 subfilter=3 ssp_hypothesis_bundle=12 ssp_balanced_index=5', { source: 'x' });
    expect(list.entries.map((entry) => entry.dataId.visit_system)).toEqual([0, 1, 2]);
    expect(listToButlerQuery(list)).toBe("htm7 = 131072 AND instrument = 'LSSTCam' AND ssp_balanced_index = 5 AND ssp_hypothesis_bundle = 12 AND subfilter = 3 AND visit_system IN (0..2)");
    const ecsv = listToEcsv(list);
    for (const name of ['htm7', 'visit_system', 'subfilter', 'ssp_hypothesis_bundle', 'ssp_balanced_index']) expect(ecsv).toContain(`# - {name: ${name}, datatype: int64}`);
    expect(ecsv).toContain('# - {name: instrument, datatype: string}');
  });

  it.each([
    ['a.txt', 'instrument=LSSTCam visits=2025111500220', 'line 1: visits is not a dimension of the daf_butler universe version 8; did you mean visit?'],
    ['a.csv', 'instrument,seq_num\nLSSTCam,12\n', 'line 1 (the header): seq_num is not a dimension of the daf_butler universe version 8: it is a field of visit and exposure; name one of those dimensions instead'],
    ['a.json', '[{"exposure": 1, "obs_id": "MC_O_20251115_000220"}]', '[0]: obs_id is not a dimension of the daf_butler universe version 8: it is a field of exposure; name that dimension instead'],
    ['a.yaml', '- {ccdvisit: 1}\n', "[0]: ccdvisit is not a dimension of the daf_butler universe version 8; if your repository's universe has it, declare it in the config file under lists.extra_dimensions (ccdvisit: int or string)"],
  ])('refuses a name that is not a dimension in %s, suggesting the nearest', (source, text, expected) => {
    expect(messageOf(() => parseDataIdList(text, { source }))).toBe(problem(source, expected));
  });

  it('accepts the dimensions a site declares (lists.extra_dimensions), with their key types', () => {
    const config = fileConfigSchema.parse({ lists: { extra_dimensions: { ccdvisit: 'int', survey: 'string' } } });
    const limits = listLimitsOf(config);
    const list = parseDataIdList('ccdvisit=1..3 survey=wide', { source: 'x', limits });
    expect(list.entries.map((entry) => entry.dataId)).toEqual([1, 2, 3].map((ccdvisit) => ({ ccdvisit, survey: 'wide' })));
    expect(messageOf(() => parseDataIdList('ccdvisit=1 survey=1..3', { source: 'x', limits }))).toBe(
      problem('x', 'line 1, survey: 1..3 is a range, but survey is a string dimension; ranges a..b[:stride] are for integer dimensions, list the values one by one'),
    );
    const redefined = fileConfigSchema.safeParse({ lists: { extra_dimensions: { visit: 'string' } } });
    expect(redefined.success).toBe(false);
    expect(redefined.error?.issues[0]?.message).toBe('visit is already a dimension of the daf_butler universe version 8 (int)');
  });
});

describe('values', () => {
  it.each([
    ['a.txt', 'instrument=LSSTCam physical_filter=0..2', 'line 1, physical_filter: 0..2 is a range, but physical_filter is a string dimension; ranges a..b[:stride] are for integer dimensions, list the values one by one'],
    ['a.csv', 'band,visit\n1..3:2,5\n', 'line 2, band: 1..3:2 is a range, but band is a string dimension; ranges a..b[:stride] are for integer dimensions, list the values one by one'],
    ['a.yaml', '- {band: "0..2", visit: 5}\n', '[0].band: 0..2 is a range, but band is a string dimension; ranges a..b[:stride] are for integer dimensions, list the values one by one'],
  ])('refuses a range on a string dimension in %s', (source, text, expected) => {
    expect(messageOf(() => parseDataIdList(text, { source }))).toBe(problem(source, expected));
  });

  const CONTROL = 'a dimension value may not hold a newline or any other control character';
  it.each([
    ['a.json', '{"reason": "r", "data_ids": [\n  {"instrument": "LSSTCam", "visit": 1},\n  {"instrument": "LSST\\nCam", "visit": 2}\n]}', `data_ids[1].instrument (line 3, column 18): the value "LSST\\nCam" holds a control character (U+000A, a newline); ${CONTROL}`],
    ['a.json', '[{"band": "g\\u0085"}]', `[0].band (line 1, column 11): the value "g\\u0085" holds a control character (U+0085); ${CONTROL}`],
    ['a.yaml', 'data_ids:\n  - instrument: LSSTCam\n    band: "r\\tz"\n', `data_ids[0].band (line 3, column 11): the value "r\\tz" holds a control character (U+0009, a tab); ${CONTROL}`],
    ['a.csv', 'instrument,visit\nLSST\u0000Cam,1\n', `line 2, column 1, instrument: the value "LSST\\u0000Cam" holds a control character (U+0000, a NUL); ${CONTROL}`],
    ['a.csv', 'visit,band\n1,"r\u000bz"\n', `line 2, column 3, band: the value "r\\u000bz" holds a control character (U+000B); ${CONTROL}`],
    ['a.txt', 'visit=1 band=r\rz', `line 1, column 14, band: the value "r\\rz" holds a control character (U+000D, a carriage return); ${CONTROL}`],
    ['a.ecsv', '# %ECSV 1.0\n# ---\n# datatype:\n# - {name: band, datatype: string, subtype: json}\n# schema: astropy-2.0\nband\n"""g"""\n"""r\\nz"""\n', `line 8, column 1, band: the value "r\\nz" holds a control character (U+000A, a newline); ${CONTROL}`],
  ])('refuses a control character in a value of %s, naming line and column', (source, text, expected) => {
    expect(messageOf(() => parseDataIdList(text, { source }))).toBe(problem(source, expected));
  });

  it('says a quoted CSV field runs past its line, and reads on after it', () => {
    const text = 'instrument,visit,reason\nLSSTCam,1,"bad\namp"\nLSSTCam,2,x,y\nLSSTCam,3,"never closed\n';
    expect(messageOf(() => parseDataIdList(text, { source: 'a.csv' }))).toBe(
      [
        'The data-ID list in a.csv has 3 problems:',
        '- line 2, column 11: a quoted field starts here and ends on line 3; a value may not span lines (it would hold a newline)',
        '- line 4: has 4 fields but the header (line 1) names 3 columns',
        '- line 5, column 11: a quoted field starts here and is never closed; a value may not span lines',
      ].join('\n'),
    );
  });
});

describe('ECSV as astropy writes it', () => {
  it('reads a subtype json column (astropy writes an object-dtype column so) as the plain strings, and meta.reason', () => {
    const ecsv = fixture('astropy-object-column.ecsv');
    expect(ecsv.toString()).toContain('"""LSSTCam"""');
    const list = parseDataIdList(ecsv, { source: 'astropy-object-column.ecsv' });
    const json = parseDataIdList(fixture('exclusion.json'), { source: 'exclusion.json' });
    expect(fingerprintList(list)).toBe(fingerprintList(json));
    expect(list.entries[0]!.dataId.instrument).toBe('LSSTCam');
    expect(list.reason).toBe('Satellite trails and a bad amplifier, see DM-51234');
  });

  it.each([
    ['astropy-visit-as-string.ecsv', 'the ECSV header gives the column visit datatype string, but visit is an integer dimension of the daf_butler universe version 8; expected an integer datatype such as int64'],
    ['astropy-group-as-int.ecsv', 'the ECSV header gives the column group datatype int64, but group is a string dimension of the daf_butler universe version 8; expected datatype string'],
  ])('refuses %s, whose column type does not fit its dimension', (file, expected) => {
    expect(messageOf(() => parseDataIdList(fixture(file), { source: file }))).toBe(problem(file, expected));
  });

  it('writes the list reason into meta, and reads it back', () => {
    const list = parseDataIdList(fixture('exclusion.json'), { source: 'exclusion.json' });
    const ecsv = listToEcsv({ ...list, reason: 'trails: "bright"\nand a bad amp \u0085 ok' });
    expect(ecsv).toContain('# meta: !!omap\n# - {reason: "trails: \\"bright\\"\\nand a bad amp \\u0085 ok"}\n');
    expect(parseDataIdList(ecsv, { source: 'x.ecsv' }).reason).toBe('trails: "bright"\nand a bad amp \u0085 ok');
  });
});
