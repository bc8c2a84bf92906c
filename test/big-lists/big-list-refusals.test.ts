import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeView } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';
import { bigListCsvGz, gzipBomb } from './big-list-data.js';

interface ChildOutcome {
  readonly outcome: string;
  readonly inputBytes: number;
  readonly baselineRssMb: number;
  readonly peakRssMb: number;
}

function parseInChild(which: 'bomb' | 'range'): ChildOutcome {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./refusal-child.ts', import.meta.url)), which], { encoding: 'utf8' });
  expect(child.status, child.stderr).toBe(0);
  return JSON.parse(child.stdout.trim()) as ChildOutcome;
}

// Memory over the child's baseline (node, tsx, the input itself) while the list is refused.
const BOUNDED_MB = 64;

describe('hostile lists are refused with bounded memory', () => {
  it('refuses a 5 MB gzip file that inflates to 5 GiB without inflating it', () => {
    const result = parseInChild('bomb');
    expect(result.inputBytes).toBeLessThan(10 * 1000 * 1000);
    expect(result.outcome).toMatch(/bomb\.csv\.gz[\s\S]*inflates to more than 512 MiB, the most a list may hold; refused/);
    expect(result.peakRssMb - result.baselineRssMb).toBeLessThan(BOUNDED_MB);
  });

  it('refuses ranges that expand to 10^12 data IDs without expanding them', () => {
    const result = parseInChild('range');
    expect(result.outcome).toMatch(/line 1: the list would hold 1,000,000,000,000 data IDs, more than the limit of 5,000,000/);
    expect(result.peakRssMb - result.baselineRssMb).toBeLessThan(BOUNDED_MB);
  });
});

describe('hostile lists in the Slack form', () => {
  let t: TestApp;
  const textOf = (view: FakeView) => JSON.stringify(view.view.blocks);

  beforeAll(async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'new dp2' });
    const campaignView = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(campaignView.id, { description: 'DP2 step1' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function openStartForm(): Promise<FakeView> {
    const before = new Set(t.slack.state.views.keys());
    await t.slack.slashCommand({ text: 'start dp2 step1' });
    return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => !before.has(view.id) && view.view.callback_id === 'workflow_start'));
  }

  function workflowsRecorded(): number {
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      const record = notebook.show('dp2');
      return record.type === 'campaign' ? record.workflows.length : -1;
    } finally {
      close();
    }
  }

  it('shows the form again with the refusal under the file field when a gzip bomb is uploaded', async () => {
    const view = await openStartForm();
    const file = t.slack.attachFile('edge-detectors.csv.gz', gzipBomb(80));
    await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'focal-plane edge' });
    await t.slack.waitFor(() => view.view.callback_id === 'workflow_start' && textOf(view).includes('inflates'), 20_000).catch(() => undefined);
    expect(textOf(view)).toMatch(/edge-detectors\.csv\.gz[\s\S]*inflates to more than 512 MiB, the most a list may hold; refused/);
    // The reason typed stays in the form for the next try.
    expect(textOf(view)).toContain('focal-plane edge');
    expect(workflowsRecorded()).toBe(0);
  });

  it('refuses a pasted range of 10^12 data IDs after the ack, under the field, without expanding it', async () => {
    const view = await openStartForm();
    const response = await t.slack.submitView(view.id, {
      wms: 'panda',
      exclude_list: 'instrument=LSSTCam visit=2025111500000..2025111599999 detector=0..9999999',
      exclude_reason: 'focal-plane edge',
    });
    // Ranges may expand to millions of data IDs: read after the ack, never delaying it.
    expect(response.json?.response_action).toBe('update');
    await t.slack.waitFor(() => view.view.callback_id === 'workflow_start' && textOf(view).includes('data IDs'), 20_000).catch(() => undefined);
    expect(textOf(view)).toMatch(/line 1: the list would hold 1,000,000,000,000 data IDs, more than the limit of 5,000,000; split it, or narrow its ranges/);
    expect(workflowsRecorded()).toBe(0);
  });
});

describe('list limits from the config file in the Slack form', () => {
  let t: TestApp;
  afterAll(async () => {
    await t.close();
  });

  it('applies lists.max_entries and lists.max_inflated_bytes to uploaded files', async () => {
    t = await startTestApp({ lists: { max_entries: 1000, max_inflated_bytes: 50_000 } });
    await t.slack.slashCommand({ text: 'new dp2' });
    const campaignView = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(campaignView.id, { description: 'DP2 step1' });
    const textOf = (view: FakeView) => JSON.stringify(view.view.blocks);
    const submitFile = async (name: string, bytes: Buffer): Promise<string> => {
      const before = new Set(t.slack.state.views.keys());
      await t.slack.slashCommand({ text: 'start dp2 step1' });
      const view = await t.slack.waitFor(() => [...t.slack.state.views.values()].find((v) => !before.has(v.id) && v.view.callback_id === 'workflow_start'));
      await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [t.slack.attachFile(name, bytes)], exclude_reason: 'edge' });
      await t.slack.waitFor(() => view.view.callback_id === 'workflow_start' && textOf(view).includes(name), 20_000).catch(() => undefined);
      return textOf(view);
    };
    expect(await submitFile('edge.csv.gz', bigListCsvGz(2000))).toMatch(/edge\.csv\.gz[\s\S]*inflates to more than 48\.8 KiB/);
    // 1,500 rows inflate to 38 KB, under the ceiling: the entry limit refuses them.
    expect(await submitFile('edge-small.csv.gz', bigListCsvGz(1500))).toMatch(/edge-small\.csv\.gz[\s\S]*more than the limit of 1,000/);
  });
});
