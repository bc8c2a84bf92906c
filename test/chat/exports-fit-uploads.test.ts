import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaign/records.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { startMattermostTestApp, type MattermostTestApp } from '../mattermost/start-mattermost-test-app.js';
import { openNotebook } from '../slack/start-test-app.js';

const pilot: Actor = { id: 'mattermost:pilot', name: 'pilot' };
const MIB = 1024 * 1024;

/**
 * A campaign whose one list has `count` data IDs, each with a reason of random hex (so its JSON
 * export hardly compresses); returns the export's files as the notebook makes them.
 */
function campaignWithBigList(databasePath: string, count: number): Map<string, string> {
  const { notebook, close } = openNotebook(databasePath);
  try {
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly reprocessing' }, pilot);
    const lines = Array.from({ length: count }, (_, i) => `instrument=LSSTCam visit=${2025111500000 + Math.floor(i / 189)} detector=${i % 189} # ${randomBytes(32).toString('hex')}`);
    const list = parseDataIdList(lines.join('\n'), { source: 'test', format: 'lines' });
    notebook.startWorkflow('w07', { label: 'step1', wms: 'panda' }, [{ kind: 'include', reason: 'these', list }], pilot);
    return new Map(notebook.exportRecord('CMP-1').map((file) => [file.name, file.content]));
  } finally {
    close();
  }
}

describe('Mattermost: an export bigger than one upload request', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('arrives whole in requests the server takes: gzipped, cut in pieces that join again, at most 5 files a post', async () => {
    // The server's FileSettings.MaxFileSize lowered to 1 MiB, and the bot told so: the same as 100 MiB, 100 times smaller.
    t = await startMattermostTestApp({ config: { mattermost: { max_file_size: MIB } } });
    t.mm.setMaxUploadRequestBytes(MIB);
    const exported = campaignWithBigList(t.databasePath, 40_000);
    const json = [...exported.keys()].find((name) => name.endsWith('.json'))!;
    expect(exported.get(json)!.length).toBeGreaterThan(4 * MIB);

    const answer = await t.mm.sendCommand(t.app.url, 'export CMP-1');
    expect(answer.status).toBe(200);
    // The list's Butler query is the last file of the export.
    const where = [...exported.keys()].find((name) => name.endsWith('.where.txt'))!;
    await t.mm.waitFor(() => t!.mm.posts.some((post) => post.file_ids.some((id) => t!.mm.files.find((file) => file.id === id)?.name === where)), 15_000);

    expect(t.mm.uploadRequests.length).toBeGreaterThan(1);
    for (const request of t.mm.uploadRequests) {
      expect(request.refused).toBe(false);
      expect(request.bytes).toBeLessThanOrEqual(MIB);
    }
    const withFiles = t.mm.posts.filter((post) => post.file_ids.length > 0);
    for (const post of withFiles) expect(post.file_ids.length).toBeLessThanOrEqual(5);
    // One thread: the first post says what was done to make the files fit, and how to join the pieces.
    const [first, ...others] = withFiles;
    expect(others.every((post) => post.root_id === first!.id)).toBe(true);
    expect(first!.message).toContain(`${json} (`);
    expect(first!.message).toContain(`gunzip ${json}.gz`);

    const sent = withFiles.flatMap((post) => post.file_ids.map((id) => t!.mm.files.find((file) => file.id === id)!));
    const pieces = sent.filter((file) => file.name.startsWith(`${json}.gz.`));
    expect(pieces.length).toBeGreaterThan(1);
    expect(gunzipSync(Buffer.concat(pieces.map((piece) => piece.content))).toString('utf8')).toBe(exported.get(json));
    // Every other file arrives as it is, or gzipped.
    for (const [name, content] of exported) {
      if (name === json || name.endsWith('.yaml')) continue;
      const file = sent.find((candidate) => candidate.name === name || candidate.name === `${name}.gz`)!;
      expect(file.name.endsWith('.gz') ? gunzipSync(file.content).toString('utf8') : file.content.toString('utf8')).toBe(content);
    }
    expect(sent.some((file) => file.name === 'CMP-1.yaml')).toBe(true);
  });

  it('tells the user a record that does not exist, from the export worker thread', async () => {
    t = await startMattermostTestApp();
    campaignWithBigList(t.databasePath, 10);
    const answer = await t.mm.sendCommand(t.app.url, 'export CMP-1/7');
    expect(answer.status).toBe(200);
    expect(String(answer.body?.text)).toContain('No workflow 7 in CMP-1 (w07)');
    expect(t.mm.uploadRequests).toEqual([]);
  });
});
