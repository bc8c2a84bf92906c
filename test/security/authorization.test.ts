import { afterEach, describe, expect, it } from 'vitest';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';

// U0BOSS may write; U0PILOT (the fake Slack's default user) may only read.
const CONFIG = { access: { writers: ['U0BOSS'] }, slack: { team_id: 'T0FAKE' } };

let t: TestApp;
afterEach(async () => {
  await t.close();
});

/** Everything recorded: events (every write is one) and workflows. */
function recorded(): { events: number; workflows: number } {
  const { notebook, close } = openNotebook(t.databasePath);
  try {
    const campaigns = notebook.listCampaigns();
    const events = campaigns.reduce((sum, campaign) => sum + notebook.history(campaign.id).length, 0);
    const workflows = campaigns.reduce((sum, campaign) => {
      const view = notebook.show(campaign.id);
      return sum + (view.type === 'campaign' ? view.workflows.length : 0);
    }, 0);
    return { events, workflows };
  } finally {
    close();
  }
}

async function openForm(text: string, userId: string): Promise<string> {
  const before = t.slack.state.views.size;
  await t.slack.slashCommand({ text, userId });
  await t.slack.waitFor(() => t.slack.state.views.size > before);
  return [...t.slack.state.views.keys()].at(-1)!;
}

async function setUpAsWriter(): Promise<void> {
  await t.slack.submitView(await openForm('new w07', 'U0BOSS'), { description: 'authorization' }, { userId: 'U0BOSS' });
  await t.slack.submitView(await openForm('start w07 step1', 'U0BOSS'), { wms: 'panda' }, { userId: 'U0BOSS' });
  await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').length >= 2 || undefined);
}

describe('authorization on every write', () => {
  it.each([
    'new w08',
    'start w07 step2',
    'status CMP-1/1 running',
    'status CMP-1 running',
    'run CMP-1/1 176261 u_boss_step1',
    'note CMP-1 not mine to write',
    'sync',
  ])('refuses "/campaign %s" from a user who is not a writer, recording nothing and opening no form', async (command) => {
    t = await startTestApp(CONFIG);
    await setUpAsWriter();
    const before = recorded();
    const views = t.slack.state.views.size;
    await t.slack.slashCommand({ text: command, userId: 'U0PILOT' });
    const refusal = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.user === 'U0PILOT' && e.text.includes('Not allowed')));
    expect(t.slack.messageText(refusal)).toContain('U0BOSS');
    expect(t.slack.state.views.size).toBe(views);
    expect(recorded()).toEqual(before);
  });

  it('refuses a workflow form submitted by a non-writer even though a writer opened it', async () => {
    t = await startTestApp(CONFIG);
    await setUpAsWriter();
    const before = recorded();
    const view = await openForm('start w07 step2', 'U0BOSS');
    const answer = await t.slack.submitView(view, { wms: 'panda', exclude_list: 'visit=1 detector=2', exclude_reason: 'r' }, { userId: 'U0PILOT' });
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.json)).toContain('access.writers');
    expect(recorded()).toEqual(before);
  });

  it('refuses a form submitted from another workspace, even by a writer id', async () => {
    t = await startTestApp(CONFIG);
    await setUpAsWriter();
    const before = recorded();
    const view = await openForm('start w07 step2', 'U0BOSS');
    const answer = await t.slack.submitView(view, { wms: 'panda' }, { userId: 'U0BOSS', teamId: 'T0OTHER' });
    expect(JSON.stringify(answer.json)).toContain('slack.team_id');
    expect(recorded()).toEqual(before);
  });

  it('lets everyone read', async () => {
    t = await startTestApp(CONFIG);
    await setUpAsWriter();
    for (const command of ['list', 'show CMP-1', 'history CMP-1', 'why visit=1', 'lists', 'help']) {
      const before = t.slack.state.ephemerals.length;
      await t.slack.slashCommand({ text: command, userId: 'U0PILOT' });
      const answer = await t.slack.waitFor(() => t.slack.state.ephemerals.length > before && t.slack.state.ephemerals.at(-1));
      expect(answer.text).not.toContain('Not allowed');
    }
  });
});
