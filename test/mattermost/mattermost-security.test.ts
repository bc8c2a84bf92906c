import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Notebook } from '../../src/campaign/notebook.js';
import { deriveStateKey, newDialogState, signDialogState } from '../../src/mattermost/dialog-state.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { fakeUser, type OpenedDialog } from '../fakes/fake-mattermost.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

function withNotebook<T>(databasePath: string, read: (notebook: Notebook) => T): T {
  const db = openDatabase(databasePath);
  try {
    return read(createNotebook({ store: createSqliteStore(db) }));
  } finally {
    db.close();
  }
}

describe('Mattermost: who may do what', () => {
  let t: MattermostTestApp;
  beforeEach(async () => {
    t = await startMattermostTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  async function openCampaignDialog(text = 'new w07-rc2'): Promise<OpenedDialog> {
    const before = t.mm.dialogs.length;
    await t.mm.sendCommand(t.app.url, text);
    return t.mm.waitFor(() => t.mm.dialogs[before]);
  }

  it('refuses a slash command with a wrong or missing token, with 401 and no side effect', async () => {
    for (const token of ['not-the-token', `${t.mm.commandToken}x`, '', null] as const) {
      const answer = await t.mm.sendCommand(t.app.url, 'new w07-rc2', { token });
      expect(answer.status).toBe(401);
    }
    const bearer = await fetch(`${t.app.url}/mattermost/command`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Bearer ${t.mm.commandToken}` },
      body: new URLSearchParams({ user_id: 'u1', channel_id: 'c1', text: 'new x', token: t.mm.commandToken }).toString(),
    });
    expect(bearer.status).toBe(401);
    expect(t.mm.calls).toEqual([]);
    expect(t.mm.dialogs).toEqual([]);
  });

  it('records nothing from a wrong token even for a valid write', async () => {
    const dialog = await openCampaignDialog();
    await t.mm.submitDialog(dialog, { description: 'the real one' });
    await t.mm.waitFor(() => t.mm.posts.length === 1);
    const callsBefore = t.mm.calls.length;
    const answer = await t.mm.sendCommand(t.app.url, 'note CMP-1 forged note', { token: 'guess' });
    expect(answer.status).toBe(401);
    expect(withNotebook(t.databasePath, (notebook) => notebook.history('CMP-1').map((event) => event.kind))).toEqual(['campaign_defined']);
    expect(t.mm.calls.length).toBe(callsBefore);
  });

  it('refuses dialog submissions whose state does not verify, and records nothing', async () => {
    const dialog = await openCampaignDialog();
    const [payload, signature] = dialog.dialog.state.split('.') as [string, string];
    const decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const otherChannel = Buffer.from(JSON.stringify({ ...decoded, c: 'another-channel' })).toString('base64url');
    const otherKey = deriveStateKey('another-bot-token', t.mm.commandToken);
    const signedElsewhere = signDialogState(
      newDialogState({ formId: 'campaign_new', channelId: t.mm.channelId }, { userId: dialog.userId, userName: 'mallory' }),
      otherKey,
    );
    const forgeries: { state?: string; user?: { id: string; username: string } }[] = [
      { state: `${otherChannel}.${signature}` },
      { state: signedElsewhere },
      { state: `${payload}.` },
      { state: payload },
      { state: 'garbage' },
      { state: '' },
      // A real state, submitted as someone else.
      { user: fakeUser('mallory') },
    ];
    for (const forgery of forgeries) {
      const answer = await t.mm.submitDialog(dialog, { description: 'forged' }, forgery);
      expect(answer.status).toBe(200);
      expect(answer.body?.error).toMatch(/could not be verified/);
      expect(answer.body?.errors).toBeUndefined();
    }
    // A submission straight to the bot, without the Mattermost server: no state at all.
    const direct = await fetch(`${t.app.url}/mattermost/dialog`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ type: 'dialog_submission', callback_id: 'campaign_new', user_id: dialog.userId, channel_id: t.mm.channelId, submission: { short_name: 'x', description: 'y' } }),
    });
    expect((await direct.json()) as unknown).toEqual({ error: expect.stringMatching(/could not be verified/) });
    expect(withNotebook(t.databasePath, (notebook) => notebook.listCampaigns())).toEqual([]);
    expect(t.mm.posts).toEqual([]);

    // The genuine submission still works afterwards.
    expect((await t.mm.submitDialog(dialog, { description: 'genuine' })).body).toEqual({});
    expect(withNotebook(t.databasePath, (notebook) => notebook.listCampaigns().map((campaign) => campaign.description))).toEqual(['genuine']);
  });

  it('records a dialog once however often it is submitted', async () => {
    const dialog = await openCampaignDialog();
    const answers = await Promise.all([1, 2, 3].map(() => t.mm.submitDialog(dialog, { description: 'once' })));
    expect(answers.map((answer) => answer.body)).toEqual([{}, {}, {}]);
    expect((await t.mm.submitDialog(dialog, { description: 'again' })).body).toEqual({});
    await t.mm.waitFor(() => t.mm.posts.length >= 1);
    expect(withNotebook(t.databasePath, (notebook) => notebook.listCampaigns().length)).toBe(1);
  });

  it('does nothing for a cancelled dialog', async () => {
    const dialog = await openCampaignDialog();
    expect((await t.mm.submitDialog(dialog, {}, { cancelled: true })).body).toEqual({});
    expect(withNotebook(t.databasePath, (notebook) => notebook.listCampaigns())).toEqual([]);
  });
});

describe('Mattermost: dialog validation', () => {
  let t: MattermostTestApp;
  beforeEach(async () => {
    t = await startMattermostTestApp({ config: { access: { writers: [] } } });
  });
  afterEach(async () => {
    await t.close();
  });

  async function startDialog(): Promise<OpenedDialog> {
    await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    await t.mm.submitDialog(await t.mm.waitFor(() => t.mm.dialogs[0]), { description: 'RC2', butler_repo: `/repo/${'deep/'.repeat(40)}main` });
    await t.mm.sendCommand(t.app.url, 'start w07-rc2 step1');
    return t.mm.waitFor(() => t.mm.dialogs[1]);
  }

  it('keeps the dialog open with an inline error when a pasted list has no reason, and records nothing', async () => {
    const dialog = await startDialog();
    const list = 'instrument=LSSTCam visit=2025111500226 detector=42\ninstrument=LSSTCam visit=2025111500227 detector=42';
    const answer = await t.mm.submitDialog(dialog, { wms: 'panda', exclude_list: list });
    expect(answer.body).toEqual({ errors: { exclude_reason: expect.stringMatching(/exclusion list \(2 data IDs\)/) } });
    expect(withNotebook(t.databasePath, (notebook) => notebook.history('CMP-1').map((event) => event.kind))).toEqual(['campaign_defined']);

    const fixed = await t.mm.submitDialog(dialog, { wms: 'panda', exclude_list: list, exclude_reason: 'bad amplifier' });
    expect(fixed.body).toEqual({});
    const lists = withNotebook(t.databasePath, (notebook) => notebook.attachedLists('CMP-1/1'));
    expect(lists.map((item) => [item.kind, item.count, item.reason])).toEqual([['exclude', 2, 'bad amplifier']]);
  });

  it('answers with the parser message for a malformed list, under its field', async () => {
    const dialog = await startDialog();
    const answer = await t.mm.submitDialog(dialog, { wms: 'panda', include_list: 'visit=12 detector=x', include_reason: 'only these' });
    expect(Object.keys((answer.body?.errors ?? {}) as object)).toEqual(['include_list']);
    expect(String((answer.body?.errors as Record<string, string>).include_list)).toMatch(/detector/);
  });

  it('accepts a stored list by reference instead of a pasted one, and names an unknown one', async () => {
    const dialog = await startDialog();
    const unknown = await t.mm.submitDialog(dialog, { wms: 'panda', include_list: 'list:nope', include_reason: 'x' });
    expect(Object.keys((unknown.body?.errors ?? {}) as object)).toEqual(['include_list']);

    const lines = Array.from({ length: 5000 }, (_, i) => `instrument=LSSTCam visit=${2025111500000 + i}`).join('\n');
    const stored = withNotebook(t.databasePath, (notebook) =>
      notebook.storeList(parseDataIdList(lines, { source: 'big.txt', field: 'file' }), { name: 'night-15', reason: 'the whole night' }, { id: 'cli:jdoe', name: 'jdoe' }),
    );
    const answer = await t.mm.submitDialog(dialog, { wms: 'panda', include_list: `sha256:${stored.sha256.slice(0, 12)}`, include_reason: 'only night 15' });
    expect(answer.body).toEqual({});
    const lists = withNotebook(t.databasePath, (notebook) => notebook.attachedLists('CMP-1/1'));
    expect(lists.map((item) => [item.kind, item.count, item.sha256, item.reason])).toEqual([['include', 5000, stored.sha256, 'only night 15']]);
  });

  it('opens a workflow dialog whose prefilled repo is longer than a one-line element holds', async () => {
    const dialog = await startDialog();
    const repo = dialog.dialog.elements.find((element) => element.name === 'butler_repo');
    expect(repo?.type).toBe('textarea');
    expect(repo?.default).toBe(`/repo/${'deep/'.repeat(40)}main`);
    expect(dialog.dialog.elements.map((element) => element.name)).not.toContain('include_file');
  });
});
