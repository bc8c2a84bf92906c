import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Notebook } from '../../src/campaign/notebook.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { fakeUser, type FakeMattermost, type OpenedDialog } from '../fakes/fake-mattermost.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

let t: MattermostTestApp;
let mm: FakeMattermost;
const pilot = fakeUser('pilot');
const BAD_CCDS = ['visit=2025111500226 detector=42', 'visit=2025111500226 detector=43', 'visit=2025111500230 detector=10', 'visit=2025111500230 detector=11'];

/** The dialog a command opens. */
async function openDialog(text: string, user = pilot): Promise<OpenedDialog> {
  const before = mm.dialogs.length;
  await mm.sendCommand(t.app.url, text, { user });
  return mm.waitFor(() => mm.dialogs.length > before && mm.dialogs.at(-1));
}

/** What a command says to the one who typed it (the command's answer, or what follows on its response URL). */
async function ask(text: string): Promise<string> {
  const before = mm.responses.length;
  const answer = await mm.sendCommand(t.app.url, text, { user: pilot });
  const said = String(answer.body?.text ?? '');
  if (!said.startsWith('Working on')) return said;
  return String((await mm.waitFor(() => mm.responses.slice(before)[0])).body.text);
}

function defaults(dialog: OpenedDialog): Record<string, string> {
  return Object.fromEntries(dialog.dialog.elements.filter((element) => element.default).map((element) => [element.name, element.default!]));
}

function recorded<T>(read: (notebook: Notebook) => T): T {
  const db = openDatabase(t.databasePath);
  try {
    return read(createNotebook({ store: createSqliteStore(db) }));
  } finally {
    db.close();
  }
}

describe('Mattermost: rerun, clone, diff, operators, who and the bps export', () => {
  beforeEach(async () => {
    t = await startMattermostTestApp();
    mm = t.mm;
    // jdoe (the fake's default user) defines the campaign and operates it; pilot starts the workflow
    const campaign = await openDialog('new w07-rc2', mm.user);
    const given = { description: 'RC2 weekly', butler_repo: '/repo/main', operators: [mm.user.id] };
    expect((await mm.submitDialog(campaign, { ...given, stack_version: 'v29.1' }, { user: mm.user })).body?.errors).toMatchObject({
      stack_version: expect.stringContaining('release vMAJOR.MINOR.PATCH'),
    });
    expect((await mm.submitDialog(campaign, { ...given, stack_version: 'v29.1.0' }, { user: mm.user })).body).toEqual({});
    const start = await openDialog('start w07-rc2 step1');
    const fields = {
      wms: 'htcondor',
      config_overrides: '-c isr:doDark=False\n-C calibrateImage:calib.py',
      data_query: "instrument='LSSTCam'",
      include_list: 'instrument=LSSTCam visit=2025111500226\ninstrument=LSSTCam visit=2025111500230',
      include_reason: 'the night',
      exclude_list: BAD_CCDS.map((id) => `instrument=LSSTCam ${id}`).join('\n'),
      exclude_reason: 'vignetted',
      exclude_provenance: 'lsst-dm/ccd-triage@3f2a9c1d',
    };
    expect((await mm.submitDialog(start, { ...fields, config_overrides: 'doDark=False' })).body?.errors).toMatchObject({
      config_overrides: expect.stringContaining('line 1 ("doDark=False"): no task label before ":"'),
    });
    expect((await mm.submitDialog(start, fields)).body).toEqual({});
    await mm.waitFor(() => mm.posts.find((post) => post.message.includes('CMP-1/1')));
  });
  afterEach(async () => {
    await t.close();
  });

  it('reruns a workflow from a prefilled dialog, changes required; the lists keep their fingerprints; diff names the three data IDs', async () => {
    const source = recorded((notebook) => notebook.attachedLists('CMP-1/1'));
    const dialog = await openDialog('rerun CMP-1/1');
    expect(dialog.dialog.title).toBe('Rerun a workflow');
    expect(defaults(dialog)).toEqual({
      label: 'step1',
      wms: 'htcondor',
      butler_repo: '/repo/main',
      config_overrides: '-c isr:doDark=False\n-C calibrateImage:calib.py',
      data_query: "instrument='LSSTCam'",
      include_list: `sha256:${source[0]!.sha256}`,
      include_reason: 'the night',
      exclude_list: `sha256:${source[1]!.sha256}`,
      exclude_reason: 'vignetted',
      exclude_provenance: 'lsst-dm/ccd-triage@3f2a9c1d',
    });
    expect(dialog.dialog.elements.find((element) => element.name === 'changes')).toMatchObject({ optional: false });
    expect((await mm.submitDialog(dialog, {})).body).toEqual({ errors: { changes: 'Changes from CMP-1/1 is required.' } });

    const newBad = [...BAD_CCDS.slice(1), 'visit=2025111500230 detector=12', 'visit=2025111500231 detector=5'];
    const changed = { changes: 'two more vignetted CCDs', exclude_list: newBad.map((id) => `instrument=LSSTCam ${id}`).join('\n') };
    expect((await mm.submitDialog(dialog, changed)).body).toEqual({});
    const rerun = recorded((notebook) => notebook.show('CMP-1/2'));
    expect(rerun).toMatchObject({ workflow: { source: { id: 'CMP-1/1', changes: 'two more vignetted CCDs' }, wms: 'htcondor' } });
    expect(recorded((notebook) => notebook.attachedLists('CMP-1/2'))[0]).toMatchObject({ sha256: source[0]!.sha256, reason: 'the night' });

    const diff = await ask('diff CMP-1/1 CMP-1/2');
    expect(diff).toContain('2 added, 1 removed');
    for (const id of ['added detector=5 instrument=LSSTCam visit=2025111500231', 'added detector=12 instrument=LSSTCam visit=2025111500230', 'removed detector=42 instrument=LSSTCam visit=2025111500226']) {
      expect(diff).toContain(id);
    }
  });

  it('clones a campaign from a prefilled dialog, operators included', async () => {
    const dialog = await openDialog('clone w07-rc2 w09-rc2');
    expect(defaults(dialog)).toEqual({ short_name: 'w09-rc2', description: 'RC2 weekly', stack_version: 'v29.1.0', butler_repo: '/repo/main', operators: mm.user.id });
    expect((await mm.submitDialog(dialog, {})).body).toEqual({ errors: { changes: 'Changes from CMP-1 is required.' } });
    expect((await mm.submitDialog(dialog, { changes: 'the next release' })).body).toEqual({});
    expect(recorded((notebook) => notebook.findCampaign('w09-rc2'))).toMatchObject({
      operators: [`mattermost:${mm.user.id}`],
      source: { id: 'CMP-1', changes: 'the next release' },
    });
    expect(await ask('history CMP-1')).toContain('cloned into CMP-2: the next release');
  });

  it('hands over to @username (looked up on the server), with real mentions, and tells who holds what', async () => {
    expect(await ask('operators CMP-1')).toContain('@jdoe');
    await mm.sendCommand(t.app.url, 'operators CMP-1 @pilot', { user: pilot });
    const handOver = await mm.waitFor(() => mm.posts.find((post) => post.message.includes('operators handed over')));
    expect(handOver.message).toContain('@jdoe → @pilot, by pilot');
    expect(mm.calls.some((call) => call.path === '/api/v4/users/username/pilot')).toBe(true);
    expect(recorded((notebook) => notebook.findCampaign('CMP-1').operators)).toEqual([`mattermost:${pilot.id}`]);

    const who = await ask('who @pilot');
    expect(who).toContain('@pilot');
    expect(who).toContain('CMP-1/1');
    // (user text cannot mention anyone: a zero-width space follows each @)
    expect(await ask('operators CMP-1 @ghost')).toMatch(/No Mattermost user found for "@\u200b?ghost"/);
  });

  it('attaches the bps submit YAML to a workflow\'s export, saying what it could not express', async () => {
    await mm.sendCommand(t.app.url, 'export CMP-1/1', { user: pilot });
    const post = await mm.waitFor(() => mm.posts.find((p) => p.file_ids.length > 0));
    expect(post.message).toContain('could not express: The config file calib.py');
    // Mattermost takes 5 files a post: the export's 9 come in two
    const files = await mm.waitFor(() => {
      const attached = mm.files.filter((file) => mm.posts.some((p) => p.file_ids.includes(file.id)));
      return attached.length === 9 && attached;
    });
    const submit = parse(files.find((file) => file.name === 'CMP-1-1.bps.yaml')!.content.toString('utf8'));
    expect(submit).toMatchObject({ campaign: 'w07-rc2', operator: 'pilot', wmsServiceClass: 'lsst.ctrl.bps.htcondor.HTCondorService' });
    expect(submit.extraQgraphOptions).toMatch(/--data-id-table CMP-1-1\.include-[0-9a-f]{12}\.ecsv -c isr:doDark=False -C calibrateImage:calib\.py$/);
  });
});
