import { describe, expect, it } from 'vitest';
import { diffRecords, type DiffSide, type WorkflowDifference } from '../../src/campaign/diff-records.js';
import { recordDiffText } from '../../src/campaign/record-diff-text.js';
import type { AttachedList, Campaign, ListKind, Workflow } from '../../src/campaign/records.js';
import type { DataIdList } from '../../src/lists/data-id-list.js';
import { diffLists } from '../../src/lists/diff-lists.js';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { alice, catchUserError, lines } from './open-test-notebook.js';

const stored = new Map<string, DataIdList>();
// What the store answers, computed here from the lists themselves (src/lists' diffLists, in canonical order).
const compareLists = (a: string, b: string, first: number) => {
  const { added, removed } = diffLists(stored.get(a)!, stored.get(b)!);
  const ids = (entries: typeof added) => entries.slice(0, first).map((entry) => entry.dataId);
  return { added: added.length, removed: removed.length, firstAdded: ids(added), firstRemoved: ids(removed) };
};

function attach(kind: ListKind, text: string, reason = 'r'): AttachedList {
  const list = lines(text);
  const sha256 = fingerprintList(list);
  stored.set(sha256, list);
  return { kind, reason, sha256, count: list.entries.length, dimensions: list.dimensions };
}

function campaign(number: number, fields: Partial<Campaign> = {}): Campaign {
  return { id: `CMP-${number}`, number, shortName: `c${number}`, description: 'weekly', status: 'running', definedBy: alice, definedAt: '2026-01-01T00:00:00Z', ...fields };
}

function workflow(id: string, fields: Partial<Workflow> = {}): Workflow {
  const [campaignId, number] = id.split('/') as [string, string];
  return { id, campaignId, number: Number(number), label: 'step1', wms: 'panda', status: 'succeeded', lists: [], startedBy: alice, startedAt: '2026-01-01T00:00:00Z', ...fields };
}

const side = (c: Campaign, w: Workflow): DiffSide => ({ type: 'workflow', campaign: c, workflow: w });

function diffWorkflows(a: DiffSide, b: DiffSide): WorkflowDifference & { readonly type: 'workflow' } {
  const diff = diffRecords(a, b, compareLists);
  if (diff.type !== 'workflow') throw new Error(`expected a workflow diff, got ${diff.type}`);
  return diff;
}

const badCcds = ['visit=2025111500226 detector=42', 'visit=2025111500226 detector=43', 'visit=2025111500301 detector=10'];

describe('diffRecords', () => {
  it('names the three data IDs by which two exclusion lists differ, and the fields that differ', () => {
    const a = workflow('CMP-1/2', {
      lists: [attach('include', 'visit=2025111500226\nvisit=2025111500301'), attach('exclude', badCcds.join('\n'))],
      dataQuery: "instrument='LSSTCam'  AND day_obs=20251115",
      configOverrides: 'isr:doDark=False',
      inputCollections: 'LSSTCam/raw/all,LSSTCam/calib',
    });
    const b = workflow('CMP-2/1', {
      lists: [
        attach('include', 'visit=2025111500301\nvisit=2025111500226'),
        attach('exclude', [...badCcds.slice(1), 'visit=2025111500301 detector=11', 'visit=2025111500302 detector=5'].join('\n')),
      ],
      dataQuery: "instrument='LSSTCam' AND day_obs=20251115",
      configOverrides: '-c isr:doDark=False\n-c isr:doFlat=False',
      inputCollections: 'LSSTCam/raw/all\nLSSTCam/calib',
      stackVersion: 'w_2025_49',
      wms: 'htcondor',
    });
    const diff = diffWorkflows(side(campaign(1, { stackVersion: 'w_2025_47' }), a), side(campaign(2), b));
    expect(diff.fields).toEqual([
      { field: 'stack_version', label: 'Software', a: 'w_2025_47', b: 'w_2025_49' },
      { field: 'config_overrides', label: 'Config overrides', a: '-c isr:doDark=False', b: '-c isr:doDark=False\n-c isr:doFlat=False' },
      { field: 'wms', label: 'WMS', a: 'panda', b: 'htcondor' },
    ]);
    const [include, exclude] = diff.lists;
    expect(include).toMatchObject({ kind: 'include', same: true });
    expect(exclude).toMatchObject({
      kind: 'exclude',
      same: false,
      added: 2,
      removed: 1,
      // canonical order: by detector, then visit
      firstAdded: [
        { detector: 5, visit: 2025111500302 },
        { detector: 11, visit: 2025111500301 },
      ],
      firstRemoved: [{ detector: 42, visit: 2025111500226 }],
    });

    const text = recordDiffText(diff);
    expect(text).toContain('CMP-1/2 and CMP-2/1 (step1)');
    expect(text).toContain('Software: w_2025_47 → w_2025_49');
    expect(text).toContain('Inclusion list: the same, sha256:');
    expect(text).toMatch(/Exclusion list: sha256:\w{12} \(3 data IDs\) → sha256:\w{12} \(4 data IDs\): 2 added, 1 removed/);
    expect(text).toContain('  added detector=5 visit=2025111500302\n  added detector=11 visit=2025111500301\n  removed detector=42 visit=2025111500226');
    expect(text).not.toContain('Data query');
    expect(text).not.toContain('Input collections');
  });

  it('says what was not recorded, a list only on one side, and lists of other dimensions', () => {
    const a = workflow('CMP-1/1', { lists: [attach('exclude', 'visit=1 detector=2')], pipeline: 'DRP.yaml#step1' });
    const b = workflow('CMP-1/2', { lists: [attach('exclude', 'visit=1'), attach('include', 'visit=1')] });
    const diff = diffWorkflows(side(campaign(1), a), side(campaign(1), b));
    expect(diff.lists).toEqual([
      { kind: 'include', b: expect.objectContaining({ count: 1 }), same: false },
      expect.objectContaining({ kind: 'exclude', same: false, note: 'the lists name different dimensions (detector, visit; visit)' }),
    ]);
    const text = recordDiffText(diff);
    expect(text).toContain('Pipeline: DRP.yaml#step1 → not recorded');
    expect(text).toMatch(/Inclusion list: none → sha256:\w{12} \(1 data IDs\)/);
    expect(text).toContain('the lists name different dimensions');
  });

  it("compares what each workflow ran with: a repo or collections it did not record are its campaign's", () => {
    const c = campaign(1, { butlerRepo: '/repo/main', inputCollections: 'LSSTCam/raw/all', stackVersion: 'w_2025_49' });
    // Started from the CLI (nothing of its own) and from a chat form (the campaign's values prefilled).
    const a = workflow('CMP-1/1');
    const b = workflow('CMP-1/2', { butlerRepo: '/repo/main', inputCollections: 'LSSTCam/raw/all', stackVersion: 'w_2025_49' });
    expect(diffWorkflows(side(c, a), side(c, b)).fields).toEqual([]);
    const moved = workflow('CMP-1/3', { butlerRepo: '/repo/embargo' });
    expect(diffWorkflows(side(c, a), side(c, moved)).fields).toEqual([expect.objectContaining({ field: 'butler_repo' })]);
  });

  it('shows the first ten of many added data IDs and counts the rest', () => {
    const many = Array.from({ length: 25 }, (_, i) => `visit=${100 + i}`).join('\n');
    const diff = diffWorkflows(
      side(campaign(1), workflow('CMP-1/1', { lists: [attach('exclude', 'visit=1')] })),
      side(campaign(1), workflow('CMP-1/2', { lists: [attach('exclude', `visit=1\n${many}`)] })),
    );
    expect(diff.lists[0]).toMatchObject({ added: 25, removed: 0 });
    expect(diff.lists[0]!.firstAdded).toHaveLength(10);
    expect(recordDiffText(diff)).toContain('…and 15 more added');
  });

  it('pairs two campaigns\' workflows by label and reports the ones that differ and the unpaired', () => {
    const a: DiffSide = {
      type: 'campaign',
      campaign: campaign(1, { stackVersion: 'w_2025_47', butlerRepo: '/repo/main' }),
      workflows: [workflow('CMP-1/1'), workflow('CMP-1/2', { label: 'step2' }), workflow('CMP-1/3', { label: 'step3' })],
    };
    const b: DiffSide = {
      type: 'campaign',
      campaign: campaign(2, { stackVersion: 'w_2025_49', butlerRepo: '/repo/main', source: { id: 'CMP-1', changes: 'new weekly' } }),
      workflows: [workflow('CMP-2/1', { label: 'step2', pipeline: 'DRP.yaml#step2' }), workflow('CMP-2/2'), workflow('CMP-2/3', { label: 'step4' })],
    };
    const diff = diffRecords(a, b, compareLists);
    expect(diff).toMatchObject({
      type: 'campaign',
      fields: [{ field: 'stack_version', a: 'w_2025_47', b: 'w_2025_49' }],
      sameWorkflows: 0,
      onlyInA: [{ id: 'CMP-1/3', label: 'step3' }],
      onlyInB: [{ id: 'CMP-2/3', label: 'step4' }],
    });
    // step1 differs by the software it inherits from its campaign; step2 by its pipeline too
    expect(diff.type === 'campaign' && diff.workflows.map((w) => [w.a, w.b, w.fields.map((f) => f.field)])).toEqual([
      ['CMP-1/1', 'CMP-2/2', ['stack_version']],
      ['CMP-1/2', 'CMP-2/1', ['stack_version', 'pipeline']],
    ]);
    expect(recordDiffText(diff)).toContain('Only in CMP-1: CMP-1/3 (step3)\nOnly in CMP-2: CMP-2/3 (step4)');
  });

  it('refuses a campaign against a workflow', () => {
    const error = catchUserError(() => diffRecords({ type: 'campaign', campaign: campaign(1), workflows: [] }, side(campaign(1), workflow('CMP-1/1')), compareLists));
    expect(error.message).toContain('not a campaign with a workflow');
  });
});
