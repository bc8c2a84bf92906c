import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import type { FakeView } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';
import { bigListCsvGz, FIRST_VISIT } from './big-list-data.js';

const COUNT = 20_000;
let t: TestApp;
let sha256: string;

async function campaignCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env: { CAMPAIGN_DB: t.databasePath, USER: 'jdoe' },
    cwd: t.dir,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}

async function openStartForm(label: string): Promise<FakeView> {
  const before = new Set(t.slack.state.views.keys());
  await t.slack.slashCommand({ text: `start dp2 ${label}` });
  return t.slack.waitFor(() => [...t.slack.state.views.values()].find((view) => !before.has(view.id) && view.view.callback_id === 'workflow_start'));
}

async function ephemeral(command: string, includes: string): Promise<string> {
  const before = t.slack.state.ephemerals.length;
  await t.slack.slashCommand({ text: command });
  const reply = await t.slack.waitFor(() => t.slack.state.ephemerals.slice(before).find((e) => t.slack.messageText(e).includes(includes)));
  return t.slack.messageText(reply);
}

describe('stored lists referenced from the Slack form', () => {
  beforeAll(async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'new dp2' });
    const campaignView = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(campaignView.id, { description: 'DP2 step1' });
    writeFileSync(join(t.dir, 'edge.csv.gz'), bigListCsvGz(COUNT));
    const added = await campaignCli('lists', 'add', 'edge.csv.gz', '--name', 'dp2-edge', '--reason', 'vignetted edge detectors');
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    expect(added.out).toContain(`Stored edge.csv.gz: ${COUNT} data IDs (detector, instrument, visit)`);
    sha256 = /sha256:([0-9a-f]{64})/.exec(added.out)![1]!;
  });
  afterAll(async () => {
    await t.close();
  });

  it('says in the form how to attach a list too big for an upload', async () => {
    const view = await openStartForm('help');
    const hintOf = (blockId: string) =>
      ((view.view.blocks as Array<{ block_id?: string; hint?: { text: string } }>).find((block) => block.block_id === blockId)?.hint?.text ?? '');
    for (const field of ['include_list', 'exclude_list']) {
      const hint = hintOf(field);
      expect(hint).toMatch(/visit=\d+\.\.\d+ detector=0\.\.188/);
      expect(hint).toMatch(/gzip/i);
      expect(hint).toContain('campaign lists add FILE --name NAME');
      expect(hint).toContain('list:NAME');
      expect(hint).toContain('sha256:');
    }
    for (const field of ['include_file', 'exclude_file']) {
      const hint = hintOf(field);
      expect(hint).toMatch(/10 MB/);
      expect(hint).toMatch(/Gzip it/);
      expect(hint).toMatch(/ranges/);
      expect(hint).toContain('campaign lists add FILE --name NAME');
    }
    await t.slack.closeView(view.id);
  });

  it('shows the stored list in /campaign lists: name, count, dimensions, fingerprint, who and when', async () => {
    const text = await ephemeral('lists', 'Stored lists');
    expect(text).toContain('list:dp2-edge');
    expect(text).toContain(sha256.slice(0, 12));
    expect(text).toContain(`${COUNT.toLocaleString('en-US')} data IDs (detector, instrument, visit)`);
    expect(text).toContain('vignetted edge detectors');
    expect(text).toContain('jdoe');
    expect(text).toMatch(/20\d\d-\d\d-\d\d/);
  });

  it('attaches a list by sha256:<12 hex digits> (its stored reason) and by list:<name>, and why finds both starts', async () => {
    const byPrefix = await openStartForm('step1');
    const first = await t.slack.submitView(byPrefix.id, { wms: 'panda', exclude_list: `sha256:${sha256.slice(0, 12)}` });
    expect(first.json?.errors).toBeUndefined();
    const byName = await openStartForm('step2');
    const second = await t.slack.submitView(byName.id, { wms: 'panda', exclude_list: 'list:dp2-edge', exclude_reason: 'same edge, step2' });
    expect(second.json?.errors).toBeUndefined();
    await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/2')));

    const { notebook, close } = openNotebook(t.databasePath);
    try {
      expect(notebook.attachedLists('CMP-1/1')).toMatchObject([{ kind: 'exclude', sha256, count: COUNT, reason: 'vignetted edge detectors' }]);
      expect(notebook.attachedLists('CMP-1/2')).toMatchObject([{ kind: 'exclude', sha256, count: COUNT, reason: 'same edge, step2' }]);
    } finally {
      close();
    }

    const why = await ephemeral(`why instrument=LSSTCam visit=${FIRST_VISIT + 3} detector=7`, 'CMP-1/');
    expect(why).toContain('CMP-1/1');
    expect(why).toContain('CMP-1/2');
    expect(why).toContain('Excluded');
    expect(why).toContain('vignetted edge detectors');
    const notListed = await ephemeral(`why instrument=LSSTCam visit=${FIRST_VISIT + COUNT} detector=7`, 'Why');
    expect(notListed).not.toContain('CMP-1/1');
  });

  it('answers an unknown prefix, an unknown name and an ambiguous prefix with inline form errors', async () => {
    const view = await openStartForm('step3');
    const unknownPrefix = sha256.startsWith('0') ? '1'.repeat(12) : '0'.repeat(12);
    const unknown = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: `sha256:${unknownPrefix}`, exclude_reason: 'edge' });
    expect(unknown.json?.response_action).toBe('errors');
    expect((unknown.json?.errors as Record<string, string>).exclude_list).toBe(
      `No stored list has a fingerprint starting ${unknownPrefix}; \`campaign lists\` shows them`,
    );

    const unnamed = await t.slack.submitView(view.id, { wms: 'panda', include_list: 'list:dp2-center', include_reason: 'center' });
    expect((unnamed.json?.errors as Record<string, string>).include_list).toBe('No stored list is named "dp2-center"; `campaign lists` shows them');

    // Two fingerprints sharing 12 hex digits cannot be made on purpose: add a row that collides.
    const twin = `${sha256.slice(0, 12)}${sha256[12] === 'f' ? '0' : 'f'}${sha256.slice(13)}`;
    const db = new Database(t.databasePath);
    try {
      db.prepare(
        `INSERT INTO lists (sha256, count, dimensions, key_dimensions, stored_by_id, stored_by_name, stored_at)
         VALUES (?, 1, '["visit"]', '["visit"]', 'U0TWIN', 'twin', '2026-01-01T00:00:00.000Z')`,
      ).run(twin);
    } finally {
      db.close();
    }
    const ambiguous = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: `sha256:${sha256.slice(0, 12)}`, exclude_reason: 'edge' });
    expect((ambiguous.json?.errors as Record<string, string>).exclude_list).toMatch(
      new RegExp(`^"sha256:${sha256.slice(0, 12)}" is ambiguous: .*${sha256.slice(0, 20)}.*give more digits$`),
    );
    const longer = await t.slack.submitView(view.id, { wms: 'panda', exclude_list: `sha256:${sha256.slice(0, 16)}`, exclude_reason: 'edge' });
    expect(longer.json?.errors).toBeUndefined();
  });
});
