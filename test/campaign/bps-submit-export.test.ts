import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bpsSubmitExport } from '../../src/campaign/bps-submit-export.js';
import type { AttachedList, Campaign, ListKind, Workflow } from '../../src/campaign/records.js';
import type { DataIdList } from '../../src/lists/data-id-list.js';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { listToEcsv } from '../../src/lists/list-to-ecsv.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { alice, lines } from './open-test-notebook.js';

const stored = new Map<string, DataIdList>();
const listEntries = (sha256: string) => stored.get(sha256)!;

function attach(kind: ListKind, list: DataIdList, reason: string): AttachedList {
  const sha256 = fingerprintList(list);
  stored.set(sha256, list);
  return { kind, reason, sha256, count: list.entries.length, dimensions: list.dimensions };
}

const campaign: Campaign = {
  id: 'CMP-3',
  number: 3,
  shortName: 'w07-rc2',
  description: 'RC2 weekly',
  status: 'running',
  definedBy: alice,
  definedAt: '2025-11-15T10:00:00Z',
  production: 'DRP',
  stackVersion: 'w_2025_47',
  butlerRepo: '/repo/main',
  inputCollections: 'LSSTCam/raw/all, LSSTCam/calib\nrefcats',
  outputCollection: 'LSSTCam/runs/RC2/w_2025_47/DM-51234',
};

const inclusion = lines(['visit=2025111500220', 'visit=2025111500221', 'visit=2025111500222', 'visit=2025111500301'].map((id) => `instrument=LSSTCam ${id}`).join('\n'));
const exclusion = lines(
  ['visit=2025111500220 detector=42', 'visit=2025111500220 detector=43', 'visit=2025111500220 detector=44', 'visit=2025111500301 detector=94']
    .map((id) => `instrument=LSSTCam ${id}`)
    .join('\n'),
);

function workflow(fields: Partial<Workflow> = {}): Workflow {
  return {
    id: 'CMP-3/2',
    campaignId: 'CMP-3',
    number: 2,
    label: 'step1',
    wms: 'panda',
    status: 'succeeded',
    startedBy: alice,
    startedAt: '2025-11-15T12:00:00Z',
    pipeline: '$DRP_PIPE_DIR/pipelines/LSSTCam/DRP.yaml#step1',
    dataQuery: "instrument='LSSTCam' AND day_obs=20251115",
    configOverrides: "isr:doDark=False\n-C calibrateImage:calib.py\nisr:badAmps=['R22_S11_C00']",
    outputRun: 'LSSTCam/runs/RC2/w_2025_47/DM-51234/20251115T120000Z',
    bpsCommand: 'bps submit step1.yaml',
    lists: [attach('include', inclusion, 'the visits of the night'), attach('exclude', exclusion, 'vignetted')],
    ...fields,
  };
}

describe('bpsSubmitExport', () => {
  it('writes the submit YAML (golden) with the exclusions in dataQuery and the inclusion as a data-ID table beside it', () => {
    const { files, unexpressed } = bpsSubmitExport(campaign, workflow(), listEntries);
    const table = `CMP-3-2.include-${fingerprintList(inclusion).slice(0, 12)}.ecsv`;
    expect(files.map((file) => file.name)).toEqual(['CMP-3-2.bps.yaml', table]);
    expect(files[0]!.content).toBe(readFileSync(new URL('../fixtures/bps/CMP-3-2.bps.yaml', import.meta.url), 'utf8'));
    // the table is the list's ECSV export, and reads back as the same list
    expect(files[1]!.content).toBe(listToEcsv(inclusion));
    expect(fingerprintList(parseDataIdList(files[1]!.content, { source: table }))).toBe(fingerprintList(inclusion));
    expect(unexpressed).toEqual(['The config file calib.py (-C calibrateImage:calib.py) is named by the record, not kept in it: put it beside this file.']);

    const submit = parse(files[0]!.content);
    expect(Object.keys(submit)).toEqual(['pipelineYaml', 'project', 'campaign', 'operator', 'payload', 'extraQgraphOptions', 'wmsServiceClass']);
    expect(Object.keys(submit.payload)).toEqual(['payloadName', 'butlerConfig', 'inCollection', 'dataQuery', 'output', 'outputRun']);
    // bps passes dataQuery in double quotes and splits extraQgraphOptions as a shell would
    expect(submit.payload.dataQuery).not.toContain('"');
    expect(submit.extraQgraphOptions).toContain(`--data-id-table ${table}`);
  });

  it('says plainly that an exclusion list no query fragment can hold is not applied, and keeps the rest', () => {
    // 10,000 detector-visits at pseudo-random places: no ranges or strides to compress into
    let seed = 1;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const scattered = lines(Array.from({ length: 10_000 }, () => `visit=${2025111500000 + (next() % 1_000_000)} detector=${next() % 189}`).join('\n'));
    const { files, unexpressed } = bpsSubmitExport(campaign, workflow({ lists: [attach('exclude', scattered, 'scattered')], configOverrides: undefined }), listEntries);
    expect(files).toHaveLength(1);
    expect(unexpressed).toHaveLength(1);
    expect(unexpressed[0]).toMatch(/^The exclusion list sha256:\w{12} \(10,000 data IDs: scattered\) is NOT applied by this dataQuery: its data IDs do not compress/);
    const submit = parse(files[0]!.content);
    expect(submit.payload.dataQuery).toBe("instrument='LSSTCam' AND day_obs=20251115");
    expect(files[0]!.content).toContain('# NOT EXPRESSED HERE:\n# - The exclusion list sha256:');
    expect(submit.extraQgraphOptions).toBeUndefined();
  });

  it('names what was not recorded, and a workflow system BPS does not run', () => {
    const bare: Workflow = { ...workflow(), wms: 'prompt', lists: [], pipeline: undefined, dataQuery: undefined, configOverrides: undefined, outputRun: undefined, bpsCommand: undefined };
    const { files, unexpressed } = bpsSubmitExport({ ...campaign, butlerRepo: undefined, inputCollections: undefined, stackVersion: undefined }, bare, listEntries);
    expect(unexpressed).toEqual([
      'CMP-3/2 ran in Prompt Processing, not BPS: this is what BPS would need to run the same pipeline on the same data.',
      'Not recorded, so not set: pipelineYaml, butlerConfig, inCollection, dataQuery, the software (stack_version).',
    ]);
    const submit = parse(files[0]!.content);
    expect(submit.payload).toEqual({ payloadName: 'w07-rc2_step1', output: 'LSSTCam/runs/RC2/w_2025_47/DM-51234' });
    expect(submit.wmsServiceClass).toBeUndefined();
  });

  it('explains an exclusion whose values hold a quote, and a query holding a double quote', () => {
    const quoted = lines(`instrument=LSSTCam physical_filter="r'_03" visit=1`);
    const { unexpressed } = bpsSubmitExport(campaign, workflow({ dataQuery: 'band="r"', lists: [attach('exclude', quoted, 'odd filter')], configOverrides: undefined }), listEntries);
    expect(unexpressed[0]).toContain('holds a double quote');
    expect(unexpressed[1]).toContain("one of its values holds a quote (')");
  });
});
