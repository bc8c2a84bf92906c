import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import type { FakeView } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';
import { bigListCsvGz, bigListRanges } from './big-list-data.js';

const COUNT = Number(process.env.BIG_LIST_TEST_COUNT ?? 1_000_000);

let t: TestApp;
const textOf = (view: FakeView) => JSON.stringify(view.view.blocks);
const callbackOf = (view: FakeView) => view.view.callback_id;

async function openStartForm(label: string): Promise<FakeView> {
  const before = new Set(t.slack.state.views.keys());
  await t.slack.slashCommand({ text: `start big step-${label}` });
  return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => !before.has(view.id) && view.view.callback_id === 'workflow_start'));
}

describe(`a ${COUNT.toLocaleString('en-US')}-entry list through Slack`, () => {
  beforeAll(async () => {
    // Parsing and storing a million IDs blocks the loop for seconds; the fake Slack (same process)
    // then closes its idle keep-alive sockets while the bot reuses one: let the WebClient retry, as in production.
    t = await startTestApp({}, { SLACK_API_RETRIES: '2' });
    await t.slack.slashCommand({ text: 'new big' });
    const campaignView = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(campaignView.id, { description: 'DP2 step1 with a detector-level exclusion list' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('records a gzipped CSV uploaded through file_input in full, under the fingerprint of the file', async () => {
    const gz = bigListCsvGz(COUNT);
    expect(gz.length).toBeLessThan(10 * 1000 * 1000);
    const view = await openStartForm('upload');
    const file = t.slack.attachFile('dp2-edge-detectors.csv.gz', gz);
    await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'focal-plane edge' });
    // On a timeout the assertion below shows what the view says instead.
    await t.slack.waitFor(() => callbackOf(view) !== 'workflow_start' && !textOf(view).includes('Checking'), 60_000).catch(() => undefined);
    expect(textOf(view)).toMatch(/Recorded CMP-1\/1\b/);

    const { notebook, close } = openNotebook(t.databasePath);
    try {
      const [attached, ...others] = notebook.attachedLists('CMP-1/1');
      expect(others).toEqual([]);
      expect(attached).toMatchObject({ kind: 'exclude', count: COUNT, reason: 'focal-plane edge' });
      expect(attached!.sha256).toBe(fingerprintList(parseDataIdList(gz, { source: 'direct.csv.gz' })));
      // Every entry is stored, not only the count: read back, the list has the same fingerprint.
      const stored = notebook.getList(attached!.sha256);
      expect(stored.entries).toHaveLength(COUNT);
      expect(fingerprintList(stored)).toBe(attached!.sha256);
    } finally {
      close();
    }
    const message = await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    expect(t.slack.messageText(message)).toContain(`${COUNT.toLocaleString('en-US')} data IDs`);
  }, 120_000);

  it('takes the same list pasted as ranges in three lines as the same list (same fingerprint)', async () => {
    const ranges = bigListRanges(COUNT);
    expect(ranges.trim().split('\n').length).toBeLessThanOrEqual(3);
    const view = await openStartForm('ranges');
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: ranges, exclude_reason: 'focal-plane edge' });
    // Three short lines, a million data IDs: expanded after the ack, behind "checking your lists".
    expect(response.json?.response_action).toBe('update');
    expect(JSON.stringify(response.json?.view)).toContain('Checking your lists');
    await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/2')), 60_000);
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      const [upload] = notebook.attachedLists('CMP-1/1');
      const [pasted] = notebook.attachedLists('CMP-1/2');
      expect(pasted).toMatchObject({ count: COUNT });
      expect(pasted!.sha256).toBe(upload!.sha256);
    } finally {
      close();
    }
  }, 120_000);
});
