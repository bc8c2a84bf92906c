import { afterEach, describe, expect, it } from 'vitest';
import { fakeUser, postActions, type FakeMattermost, type FakePost } from '../fakes/fake-mattermost.js';
import { openNotebook } from '../slack/start-test-app.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

/** The top-level post whose Markdown starts with `title` (a card). */
function card(mm: FakeMattermost, title: string): FakePost | undefined {
  return mm.posts.find((post) => !post.root_id && post.message.startsWith(title));
}

const actionIds = (post: FakePost) => postActions(post).map((action) => action.id);

async function defineAndStart(t: MattermostTestApp): Promise<{ campaign: FakePost; workflow: FakePost }> {
  const { mm } = t;
  await mm.sendCommand(t.app.url, 'new w07-rc2');
  await mm.submitDialog(await mm.waitFor(() => mm.dialogs[0]), { description: 'RC2 weekly' });
  const campaign = await mm.waitFor(() => card(mm, '**Campaign CMP-1'));
  // Start workflow, from the card: the dialog opens from the click's trigger id.
  expect((await mm.clickButton(campaign.id, 'start')).body).toEqual({});
  const startDialog = await mm.waitFor(() => mm.dialogs.find((dialog) => dialog.dialog.callback_id === 'workflow_start'));
  expect((await mm.submitDialog(startDialog, { label: 'step1', wms: 'panda' })).body).toEqual({});
  const workflow = await mm.waitFor(() => card(mm, '**Workflow CMP-1/1'));
  return { campaign, workflow };
}

function statusEvents(databasePath: string): string[] {
  const { notebook, close } = openNotebook(databasePath);
  try {
    return notebook
      .history('CMP-1')
      .filter((event) => event.kind === 'status_changed')
      .map((event) => `${event.workflowId ?? event.campaignId} ${String(event.payload.to)} ${event.actor.name}`);
  } finally {
    close();
  }
}

describe('Mattermost: living cards and their buttons', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('puts the buttons on the card as attachment actions with a signed context, and follows a workflow to the paused gate', async () => {
    t = await startMattermostTestApp();
    const { mm } = t;
    const { campaign, workflow } = await defineAndStart(t);
    expect(actionIds(workflow)).toEqual(['statussubmitted', 'run', 'rerun', 'note']);
    const submit = postActions(workflow)[0]!;
    expect(submit.integration.url).toBe(`${t.app.url}/mattermost/action`);
    expect(submit.integration.context).toEqual({ action: 'status_submitted', record: expect.stringMatching(/^CMP-1\/1@\d+$/), sig: expect.stringMatching(/^[\w-]{43}$/) });
    await mm.waitFor(() => campaign.message.includes('1 workflow: 1 recorded'));
    expect(campaign.edit_at).toBeGreaterThan(0);

    for (const action of ['statussubmitted', 'statusrunning']) {
      expect((await mm.clickButton(workflow.id, action)).status).toBe(200);
      await mm.waitFor(() => !actionIds(workflow).includes(action));
    }
    expect(actionIds(workflow)).toEqual(['statussucceeded', 'statusfailed', 'statusstopped', 'run', 'rerun', 'note']);
    expect(postActions(workflow).find((action) => action.id === 'statusfailed')?.style).toBe('danger');
    await mm.clickButton(workflow.id, 'statussucceeded');

    // The paused gate: the question in the campaign card's thread, the definer mentioned by username.
    const question = await mm.waitFor(() => mm.posts.find((post) => post.root_id === campaign.id && post.message.includes('waiting for a decision')));
    expect(question.message).toContain('@jdoe: CMP-1/1 step1 succeeded and no other workflow is open');
    expect(mm.calls.some((call) => call.method === 'GET' && call.path === `/api/v4/users/${mm.user.id}`)).toBe(true);
    expect(actionIds(question)).toEqual(['statusrunning', 'statuscompleted', 'statusfailed']);
    expect(postActions(question).map((action) => action.name)).toEqual(['Continue', 'Complete', 'Fail']);
    await mm.waitFor(() => campaign.message.includes('waiting for a decision'));

    // Fail asks for the reason first, in a dialog opened from the click's trigger id.
    await mm.clickButton(question.id, 'statusfailed');
    const reason = await mm.waitFor(() => mm.dialogs.find((dialog) => dialog.dialog.callback_id === 'status_reason'));
    expect((await mm.submitDialog(reason, { reason: '' })).body).toMatchObject({ errors: { reason: 'Reason is required.' } });
    // A dialog body can be made by hand: the length is checked by the bot, not only by the form.
    expect((await mm.submitDialog(reason, { reason: 'x'.repeat(3001) })).body).toMatchObject({ errors: { reason: 'Reason is 3001 characters long; at most 3000 fit.' } });
    expect((await mm.submitDialog(reason, { reason: 'the outputs are wrong' })).body).toEqual({});
    await mm.waitFor(() => /\*\*Status:\*\* \*\*failed\*\*/.test(campaign.message));
    expect(actionIds(campaign)).toEqual(['clone', 'note']);
    expect(statusEvents(t.databasePath)).toEqual([
      'CMP-1 running jdoe',
      'CMP-1/1 submitted jdoe',
      'CMP-1/1 running jdoe',
      'CMP-1/1 succeeded jdoe',
      'CMP-1 paused campaign notebook',
      'CMP-1 failed jdoe',
    ]);
  });

  it('refuses a click whose context was tampered with or forged, records nothing, and tells the clicker in the answer', async () => {
    t = await startMattermostTestApp();
    const { mm } = t;
    const { workflow } = await defineAndStart(t);
    const { context } = postActions(workflow)[0]!.integration;
    const before = statusEvents(t.databasePath);
    for (const forged of [
      { ...context, record: 'CMP-1/1@999999' },
      { ...context, action: 'status_failed' },
      { ...context, sig: Buffer.alloc(32).toString('base64url') },
      { action: context.action, record: context.record },
      'status_submitted',
    ]) {
      const answer = await mm.clickButton(workflow.id, 'statussubmitted', { context: forged });
      expect(answer).toMatchObject({ status: 200, body: { ephemeral_text: expect.stringContaining('could not be verified') } });
    }
    expect(statusEvents(t.databasePath)).toEqual(before);
    expect(mm.posts.filter((post) => post.root_id === workflow.id)).toEqual([]);
  });

  it('answers a click on an out-of-date card in the click\'s own answer, recording nothing', async () => {
    t = await startMattermostTestApp();
    const { mm } = t;
    const { workflow } = await defineAndStart(t);
    const stale = postActions(workflow)[0]!.integration.context;
    await mm.clickButton(workflow.id, 'statussubmitted');
    await mm.waitFor(() => actionIds(workflow).includes('statusrunning'));
    // The old context is genuine but out of date (sent from the card's Run button: the context decides). Mattermost shows the answer's ephemeral_text.
    const answer = await mm.clickButton(workflow.id, 'run', { context: stale });
    expect(String(answer.body?.ephemeral_text)).toMatch(/Nothing recorded: CMP-1\/1 changed since this card was drawn[\s\S]*recorded → submitted\*\* by jdoe/);
    expect(mm.ephemeral.at(-1)?.message).toContain('Nothing recorded');
    expect(statusEvents(t.databasePath).filter((line) => line.startsWith('CMP-1/1'))).toEqual(['CMP-1/1 submitted jdoe']);
  });

  it('refuses a click by someone who may not write', async () => {
    const writer = fakeUser('writer');
    t = await startMattermostTestApp({ config: { access: { writers: [writer.id] } } });
    const { mm } = t;
    await mm.sendCommand(t.app.url, 'new w07-rc2', { user: writer });
    await mm.submitDialog(await mm.waitFor(() => mm.dialogs[0]), { description: 'RC2 weekly' }, { user: writer });
    const campaign = await mm.waitFor(() => card(mm, '**Campaign CMP-1'));
    const answer = await mm.clickButton(campaign.id, 'statusrunning', { user: fakeUser('stranger') });
    expect(String(answer.body?.ephemeral_text)).toMatch(/access\.writers/);
    expect(statusEvents(t.databasePath)).toEqual([]);
    expect(actionIds(campaign)).toEqual(['start', 'statusrunning', 'clone', 'note']);
  });
});
