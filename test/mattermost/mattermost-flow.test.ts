import { afterEach, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { campaignNewForm } from '../../src/chat/chat-form.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { fakeUser, type FakeMattermost, type OpenedDialog } from '../fakes/fake-mattermost.js';
import { startTestApp } from '../slack/start-test-app.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

const CONFIG = {
  status_tools: {
    panda: [{ label: 'PanDA tasks', url: 'https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name={run_name}*' }],
    any: [{ label: 'Status', command: 'bps report --id {run_id}' }],
  },
};

// The same flow, typed the same way on either platform.
const CAMPAIGN = { description: 'Weekly RC2 reprocessing', butler_repo: '/repo/main', input_collections: 'LSSTCam/defaults' };
const START = {
  wms: 'panda',
  data_query: "instrument='LSSTCam' AND day_obs=20251115",
  exclude_list: 'instrument=LSSTCam visit=2025111500226 detector=42 # vignetted\ninstrument=LSSTCam visit=2025111500227 detector=42',
  exclude_reason: 'bad amplifier on R10_S11',
};
const RUN = 'run CMP-1/1 Submit dir: /sdf/submit/u/pilot\nRun Id: 176261\nRun Name: u_pilot_step1_20251115T120000Z';
const STATUS = 'status CMP-1/1 running jobs are flowing';

/** Everything the notebook holds about the flow, with who/when/where made comparable across platforms. */
function recordsOf(databasePath: string, channelId: string): unknown {
  const db = openDatabase(databasePath);
  try {
    const notebook = createNotebook({ store: createSqliteStore(db) });
    const records = {
      campaign: notebook.show('CMP-1'),
      workflow: notebook.show('CMP-1/1'),
      history: notebook.history('CMP-1'),
      why: notebook.why({ instrument: 'LSSTCam', visit: 2025111500226, detector: 42 }),
      export: notebook.exportRecord('CMP-1'),
    };
    const comparable = (value: unknown, key?: string): unknown => {
      if (typeof value === 'string') {
        if (key === 'platform') return 'PLATFORM';
        return value
          .split(channelId)
          .join('CHANNEL')
          .replace(/(slack|mattermost):[A-Za-z0-9]+/g, 'USER')
          .replace(/platform: (slack|mattermost)/g, 'platform: PLATFORM')
          .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?Z?/g, 'TIME');
      }
      if (Array.isArray(value)) return value.map((item) => comparable(item));
      if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, comparable(v, k)]));
      return value;
    };
    return comparable(records);
  } finally {
    db.close();
  }
}

async function lastDialog(mm: FakeMattermost, count: number): Promise<OpenedDialog> {
  return mm.waitFor(() => mm.dialogs.length >= count && mm.dialogs[count - 1]);
}

describe('Mattermost: a campaign from definition to export', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('records the same campaign, workflow, lists, run, status, why and export as the same flow in Slack', async () => {
    t = await startMattermostTestApp({ config: CONFIG });
    const { mm } = t;
    const pilot = fakeUser('pilot');

    const newAnswer = await mm.sendCommand(t.app.url, 'new w07-rc2', { user: pilot });
    expect(newAnswer.status).toBe(200);
    expect(newAnswer.contentType).toMatch(/^application\/json/);
    const campaignDialog = await lastDialog(mm, 1);
    expect(campaignDialog.url).toBe(`${t.app.url}/mattermost/dialog`);
    expect(campaignDialog.dialog.callback_id).toBe('campaign_new');
    // The same field ids as the Slack form (file inputs aside).
    expect(campaignDialog.dialog.elements.map((element) => element.name)).toEqual(
      campaignNewForm().fields.filter((field) => field.kind !== 'file').map((field) => field.id),
    );
    expect(campaignDialog.dialog.elements.find((element) => element.name === 'short_name')?.default).toBe('w07-rc2');

    expect((await mm.submitDialog(campaignDialog, CAMPAIGN, { user: pilot })).body).toEqual({});
    const defined = await mm.waitFor(() => mm.posts.find((post) => post.message.includes('CMP-1')));
    expect(defined.channel_id).toBe(mm.channelId);
    expect(defined.message).toContain('CMP-1 w07-rc2');

    await mm.sendCommand(t.app.url, 'start w07-rc2 step1', { user: pilot });
    const startDialog = await lastDialog(mm, 2);
    expect(startDialog.dialog.callback_id).toBe('workflow_start');
    expect(startDialog.dialog.elements.find((element) => element.name === 'butler_repo')?.default).toBe('/repo/main');
    expect((await mm.submitDialog(startDialog, START, { user: pilot })).body).toEqual({});
    const started = await mm.waitFor(() => mm.posts.find((post) => post.message.startsWith('**Workflow CMP-1/1')));
    expect(started.root_id).toBe('');
    expect(started.message).toMatch(/Exclusion list.*2 data IDs/);
    expect(started.message).toContain('bad amplifier on R10_S11');
    expect(started.message).toMatch(/`sha256:[0-9a-f]{12}`/);

    const runAnswer = await mm.sendCommand(t.app.url, RUN, { user: pilot });
    expect(runAnswer.status).toBe(200);
    const runReply = await mm.waitFor(() => mm.posts.find((post) => post.root_id === started.id && post.message.includes('176261')));
    expect(runReply.message).toContain('[PanDA tasks](https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name=u_pilot_step1_20251115T120000Z*)');
    expect(runReply.message).toContain('`bps report --id 176261`');

    await mm.sendCommand(t.app.url, STATUS, { user: pilot });
    const statusReply = await mm.waitFor(() => mm.posts.find((post) => post.root_id === started.id && post.message.includes('jobs are flowing')));
    expect(statusReply.channel_id).toBe(mm.channelId);

    const why = await mm.sendCommand(t.app.url, 'why visit=2025111500226 detector=42', { user: pilot });
    expect(why.body?.response_type).toBe('ephemeral');
    expect(why.body?.text).toContain('Excluded');
    expect(why.body?.text).toContain('CMP-1/1');
    expect(why.body?.text).toContain('vignetted');

    await mm.sendCommand(t.app.url, 'export CMP-1', { user: pilot });
    const exportPost = await mm.waitFor(() => mm.posts.find((post) => post.file_ids.length > 0));
    const files = mm.files.filter((file) => exportPost.file_ids.includes(file.id));
    const yaml = files.find((file) => file.name.endsWith('.yaml'))?.content.toString('utf8');
    expect(yaml).toContain('w07-rc2');
    expect(yaml).toContain('176261');
    const mattermostRecords = recordsOf(t.databasePath, mm.channelId) as { history: { kind: string }[]; why: unknown[]; export: unknown[] };
    expect(mattermostRecords.history.map((event) => event.kind)).toEqual(['campaign_defined', 'workflow_started', 'list_attached', 'status_changed', 'run_recorded', 'status_changed', 'status_changed']);
    expect(mattermostRecords.why).toHaveLength(1);
    await t.close();
    t = undefined;

    // The same flow in Slack, on a fresh notebook.
    const s = await startTestApp(CONFIG);
    try {
      const { slack } = s;
      await slack.slashCommand({ text: 'new w07-rc2' });
      await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, CAMPAIGN);
      await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
      await slack.slashCommand({ text: 'start w07-rc2 step1' });
      await slack.submitView((await slack.waitFor(() => slack.lastOpenView()))!.id, START);
      const slackStart = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
      await slack.slashCommand({ text: RUN });
      await slack.waitFor(() => slack.threadReplies('C0GENERAL', slackStart.ts).find((m) => m.text.includes('Run recorded')));
      await slack.slashCommand({ text: STATUS });
      await slack.waitFor(() => slack.threadReplies('C0GENERAL', slackStart.ts).length >= 2);
      expect(recordsOf(s.databasePath, 'C0GENERAL')).toEqual(mattermostRecords);
    } finally {
      await s.close();
    }
  });

  it('serves Slack and Mattermost from one process and one notebook', async () => {
    t = await startMattermostTestApp({ config: CONFIG, slack: true });
    const { mm, slack } = t;
    await slack!.slashCommand({ text: 'new from-slack' });
    await slack!.submitView((await slack!.waitFor(() => slack!.lastOpenView())).id, { description: 'defined in Slack' });
    await slack!.waitFor(() => slack!.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));

    const list = await mm.sendCommand(t.app.url, 'list');
    expect(list.body?.text).toContain('from-slack');

    await mm.sendCommand(t.app.url, 'new from-mattermost');
    expect((await mm.submitDialog(await lastDialog(mm, 1), { description: 'defined in Mattermost' })).body).toEqual({});
    await mm.waitFor(() => mm.posts.find((post) => post.message.includes('CMP-2')));
    // A note typed in Mattermost on a Slack campaign is recorded once and posted in the campaign's Slack thread.
    const noted = await mm.sendCommand(t.app.url, 'note CMP-1 seen from Mattermost');
    expect(noted.body?.text).toContain("Announced in the campaign's channel on Slack");
    const root = slack!.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1'))!;
    await slack!.waitFor(() => slack!.threadReplies('C0GENERAL', root.ts).find((m) => slack!.messageText(m).includes('seen from Mattermost')));
    expect(mm.posts.filter((post) => post.message.includes('seen from Mattermost'))).toEqual([]);
    const db = openDatabase(t.databasePath);
    try {
      const history = createNotebook({ store: createSqliteStore(db) }).history('CMP-1');
      expect(history.filter((event) => event.kind === 'note_added').map((event) => event.actor.id)).toEqual([expect.stringMatching(/^mattermost:/)]);
    } finally {
      db.close();
    }
  });
});
