import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';
import type { FakeView } from '../fakes/fake-slack.js';

let t: TestApp;

async function startForm(): Promise<FakeView> {
  await t.slack.slashCommand({ text: 'new w07-rc2' });
  const campaignView = await t.slack.waitFor(() => t.slack.lastOpenView());
  await t.slack.submitView(campaignView.id, { description: 'RC2' });
  await t.slack.slashCommand({ text: 'start w07-rc2 step1' });
  return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => view.view.callback_id === 'workflow_start' && view.status === 'open'));
}

function csvList(count: number): string {
  const lines = ['visit,detector'];
  for (let i = 0; i < count; i += 1) lines.push(`${2025111500000 + Math.floor(i / 189)},${i % 189}`);
  return `${lines.join('\n')}\n`;
}

const callbackOf = (view: FakeView) => view.view.callback_id;
const textOf = (view: FakeView) => JSON.stringify(view.view.blocks);

describe('Slack list files: downloaded after the ack, with the bot token', () => {
  afterEach(async () => {
    await t.close();
  });

  it('records a 200,000-entry list uploaded as a file', async () => {
    t = await startTestApp();
    const view = await startForm();
    const file = t.slack.attachFile('exclusions.csv', csvList(200_000));
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'focal-plane edge' });
    expect(response.json?.response_action).toBe('update');
    expect(textOf(view)).toContain('Checking your lists');
    await t.slack.waitFor(() => textOf(view).includes('Recorded CMP-1/1') || textOf(view).includes('fix'), 20_000);
    expect(textOf(view)).toContain('Recorded CMP-1/1');
    const download = t.slack.calls.find((call) => call.method === 'download');
    expect(download?.params.authorized).toBe(true);
    const message = await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    expect(t.slack.messageText(message)).toContain('200,000 data IDs');
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      const lists = notebook.attachedLists('CMP-1/1');
      expect(lists).toHaveLength(1);
      expect(lists[0]).toMatchObject({ kind: 'exclude', count: 200_000, reason: 'focal-plane edge', dimensions: ['detector', 'visit'] });
    } finally {
      close();
    }
  });

  it('accepts a gzipped list file', async () => {
    t = await startTestApp();
    const view = await startForm();
    const file = t.slack.attachFile('inclusions.csv.gz', gzipSync(csvList(1000)));
    await t.slack.submitView(view.id, { wms: 'htcondor', include_file: [file], include_reason: 'good seeing' });
    await t.slack.waitFor(() => textOf(view).includes('Recorded CMP-1/1'), 10_000);
  });

  it('asks for the reason before the ack, without downloading', async () => {
    t = await startTestApp();
    const view = await startForm();
    const file = t.slack.attachFile('exclusions.csv', csvList(10));
    const response = await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file] });
    expect((response.json!.errors as Record<string, string>).exclude_reason).toMatch(/exclusions\.csv/);
    expect(t.slack.calls.some((call) => call.method === 'download')).toBe(false);
  });

  it('refuses an HTML login page instead of the file, and shows the form again with the error', async () => {
    t = await startTestApp();
    const view = await startForm();
    t.slack.denyFileDownloads = true;
    const file = t.slack.attachFile('exclusions.csv', csvList(10));
    await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'edge' });
    await t.slack.waitFor(() => callbackOf(view) === 'workflow_start' && textOf(view).includes('login page'));
    expect(textOf(view)).toContain('files:read');
    // The values given are kept in the form shown again.
    expect(textOf(view)).toContain('edge');
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      const record = notebook.show('w07-rc2');
      expect(record.type === 'campaign' && record.workflows.length).toBe(0);
    } finally {
      close();
    }
  });

  it('refuses a file over the size limit', async () => {
    t = await startTestApp({ lists: { max_upload_bytes: 1000 } });
    const view = await startForm();
    const file = t.slack.attachFile('exclusions.csv', csvList(500));
    await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'edge' });
    await t.slack.waitFor(() => callbackOf(view) === 'workflow_start' && textOf(view).includes('limit'));
    expect(textOf(view)).toMatch(/exclusions\.csv is over the/);
  });

  it('shows a malformed file with the line at fault', async () => {
    t = await startTestApp();
    const view = await startForm();
    const file = t.slack.attachFile('exclusions.csv', 'visit,detector\n1,2\n3,x\n');
    await t.slack.submitView(view.id, { wms: 'panda', exclude_file: [file], exclude_reason: 'edge' });
    await t.slack.waitFor(() => callbackOf(view) === 'workflow_start' && textOf(view).includes('line 3'));
  });
});
