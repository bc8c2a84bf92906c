import { afterEach, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../../src/console/slack-stand-in.js';
import type { FakeSlack } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';

const USERS = [
  { id: 'U0PILOT', name: 'pilot' },
  { id: 'U0JDOE', name: 'jdoe' },
  { id: 'U0OPS', name: 'ops' },
];

type Button = {
  type: string;
  action_id: string;
  value: string;
  text: { text: string };
  style?: string;
  confirm?: { title: { text: string }; text: { text: string } };
};

/** The buttons of a message (its actions block `record_actions`). */
function buttons(message: StandInMessage): Button[] {
  const block = (message.blocks as { type: string; block_id?: string; elements?: Button[] }[]).find((candidate) => candidate.type === 'actions');
  if (block) expect(block.block_id).toBe('record_actions');
  return block?.elements ?? [];
}

function button(message: StandInMessage, actionId: string): Button {
  const found = buttons(message).find((candidate) => candidate.action_id === actionId);
  if (!found) throw new Error(`no button ${actionId} on "${message.text}": ${buttons(message).map((b) => b.action_id).join(', ')}`);
  return found;
}

/** A user clicks a button of a message: a signed block_actions payload, as Slack sends it. */
function click(slack: FakeSlack, message: StandInMessage, action: Button, userId = 'U0PILOT') {
  return slack.clickButton({ userId, action, blockId: 'record_actions', channelId: message.channel, messageTs: message.ts });
}

/** The top-level message whose fallback text starts with `title` (a card). */
function card(slack: FakeSlack, title: string): StandInMessage | undefined {
  return slack.channelMessages('C0GENERAL').find((message) => message.text.startsWith(title));
}

async function defineCampaign(t: TestApp, fields: Record<string, string | string[]> = {}): Promise<StandInMessage> {
  const { slack } = t;
  await slack.slashCommand({ text: 'new w07-rc2' });
  await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, { description: 'RC2 weekly', ...fields });
  return slack.waitFor(() => card(slack, 'Campaign CMP-1'));
}

/** A campaign with one workflow started from the campaign card's Start button. */
async function campaignWithWorkflow(t: TestApp, fields: Record<string, string | string[]> = {}): Promise<{ campaign: StandInMessage; workflow: StandInMessage }> {
  const campaign = await defineCampaign(t, fields);
  return { campaign, workflow: await startFromCard(t, campaign) };
}

/** Start workflow, from the campaign card: the workflow_start form, then the workflow's card. */
async function startFromCard(t: TestApp, campaign: StandInMessage): Promise<StandInMessage> {
  const { slack } = t;
  const views = slack.state.views.size;
  expect((await click(slack, campaign, button(campaign, 'start'))).status).toBe(200);
  const form = await slack.waitFor(() => slack.state.views.size > views && slack.lastOpenView());
  expect(form.view.callback_id).toBe('workflow_start');
  await slack.submitView(form.id, { label: 'step1', wms: 'panda' });
  return slack.waitFor(() => card(slack, 'Workflow CMP-1/1'));
}

const statusEvents = (databasePath: string) => {
  const { notebook, close } = openNotebook(databasePath);
  try {
    return notebook
      .history('CMP-1')
      .filter((event) => event.kind === 'status_changed')
      .map((event) => `${event.workflowId ?? event.campaignId} ${String(event.payload.from)}→${String(event.payload.to)} ${event.actor.name}`);
  } finally {
    close();
  }
};

describe('Slack: living cards and their buttons', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('follows a workflow through its life on its card, pauses the campaign when it ends, and takes the decision', async () => {
    t = await startTestApp({ status_tools: { panda: [{ label: 'PanDA tasks', url: 'https://panda.example.org/tasks/?name={run_name}*' }] } }, {}, { users: USERS });
    const { slack } = t;
    const campaign = await defineCampaign(t);
    expect(buttons(campaign).map((b) => b.action_id)).toEqual(['start', 'status_running', 'clone', 'note']);
    expect(slack.messageText(campaign)).toContain('no workflow yet');

    const workflow = await startFromCard(t, campaign);
    // The campaign card was redrawn in place: running, its workflow counted.
    await slack.waitFor(() => slack.messageText(campaign).includes('1 workflow: 1 recorded'));
    expect(campaign.edited).toBe(true);
    expect(slack.messageText(campaign)).toMatch(/Status\*\s*\*running\*/);
    expect(buttons(workflow).map((b) => b.action_id)).toEqual(['status_submitted', 'run', 'rerun', 'note']);
    expect(button(workflow, 'run').value).toMatch(/^CMP-1\/1@\d+$/);

    // Run: a small form for the run id or the pasted bps submit output.
    await click(slack, workflow, button(workflow, 'run'));
    const runForm = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'record_run' && slack.lastOpenView());
    await slack.submitView(runForm.id, { run_id: 'Submit dir: /sdf/u/jdoe\nRun Id: 176261\nRun Name: u_jdoe_step1_20251115T120000Z' });
    await slack.waitFor(() => slack.threadReplies('C0GENERAL', workflow.ts).find((m) => m.text.includes('Run recorded')));
    await slack.waitFor(() => slack.messageText(workflow).includes('176261') && buttons(workflow).some((b) => b.action_id === 'status_running'));
    expect(slack.messageText(workflow)).toContain('https://panda.example.org/tasks/?name=u_jdoe_step1_20251115T120000Z*');
    expect(buttons(workflow).map((b) => b.action_id)).toEqual(['status_running', 'status_failed', 'status_stopped', 'run', 'rerun', 'note']);
    expect(button(workflow, 'status_failed')).toMatchObject({ style: 'danger', confirm: { title: { text: 'Failed: CMP-1/1?' } } });

    await click(slack, workflow, button(workflow, 'status_running'));
    await slack.waitFor(() => buttons(workflow).some((b) => b.action_id === 'status_succeeded'));
    expect(slack.messageText(workflow)).toMatch(/Latest \(CMP-1\/1\): status submitted → running · pilot/);

    // It succeeds: the last open workflow ended, so the notebook pauses the campaign and asks.
    await click(slack, workflow, button(workflow, 'status_succeeded'));
    const question = await slack.waitFor(() => slack.threadReplies('C0GENERAL', campaign.ts).find((m) => m.text.includes('waiting for a decision')));
    expect(JSON.stringify(question.blocks)).toContain('<@U0PILOT>: CMP-1/1 step1 succeeded and no other workflow is open');
    expect(buttons(question).map((b) => [b.action_id, b.text.text])).toEqual([
      ['status_running', 'Continue'],
      ['status_completed', 'Complete'],
      ['status_failed', 'Fail'],
    ]);
    await slack.waitFor(() => slack.messageText(campaign).includes('waiting for a decision'));
    expect(slack.messageText(campaign)).toContain('1 workflow: 1 succeeded');
    expect(buttons(workflow).map((b) => b.action_id)).toEqual(['rerun', 'note']);

    // Continue, from the question in the thread.
    await click(slack, question, button(question, 'status_running'));
    await slack.waitFor(() => !slack.messageText(campaign).includes('waiting for a decision') && buttons(campaign).some((b) => b.action_id === 'status_paused'));
    expect(buttons(campaign).find((b) => b.action_id === 'status_running')).toBeUndefined();

    // Complete, from the card: danger, confirmed, and the reason asked for first.
    const complete = button(campaign, 'status_completed');
    expect(complete).toMatchObject({ style: 'danger', text: { text: 'Complete' }, confirm: { text: { text: expect.stringContaining('cannot be undone') } } });
    await click(slack, campaign, complete);
    const reasonForm = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'status_reason' && slack.lastOpenView());
    const empty = await slack.submitView(reasonForm.id, { reason: '' });
    expect(empty.json).toMatchObject({ response_action: 'errors', errors: { reason: 'Reason is required.' } });
    const tooLong = await slack.submitView(reasonForm.id, { reason: 'x'.repeat(3001) });
    expect(tooLong.json).toMatchObject({ response_action: 'errors', errors: { reason: 'Reason is 3001 characters long; at most 3000 fit.' } });
    await slack.submitView(reasonForm.id, { reason: 'all steps done' });
    await slack.waitFor(() => /Status\*\s*\*completed\*/.test(slack.messageText(campaign)));
    expect(buttons(campaign).map((b) => b.action_id)).toEqual(['clone', 'note']);

    expect(statusEvents(t.databasePath)).toEqual([
      'CMP-1 defined→running pilot',
      'CMP-1/1 recorded→submitted pilot',
      'CMP-1/1 submitted→running pilot',
      'CMP-1/1 running→succeeded pilot',
      'CMP-1 running→paused campaign notebook',
      'CMP-1 paused→running pilot',
      'CMP-1 running→completed pilot',
    ]);
    // Every card drawn fits Slack's limits: the stand-in refuses what Slack would refuse, and refused none.
    const cardCalls = slack.calls.filter((call) => call.method === 'chat.update' || call.method === 'chat.postMessage');
    expect(cardCalls.filter((call) => call.method === 'chat.update').length).toBeGreaterThan(5);
    expect(cardCalls.filter((call) => call.answered?.error).map((call) => `${call.method}: ${call.answered!.error}`)).toEqual([]);
  });

  it('mentions the campaign operators in the paused gate, and a note from the card goes in its thread', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { campaign, workflow } = await campaignWithWorkflow(t, { operators: ['U0OPS', 'U0JDOE'] });
    await slack.waitFor(() => slack.messageText(campaign).includes('<@U0OPS>, <@U0JDOE>'));
    for (const command of ['status CMP-1/1 submitted', 'status CMP-1/1 stopped wrong config']) await slack.slashCommand({ text: command });
    const question = await slack.waitFor(() => slack.threadReplies('C0GENERAL', campaign.ts).find((m) => m.text.includes('waiting for a decision')));
    expect(JSON.stringify(question.blocks)).toContain('<@U0OPS>, <@U0JDOE>: CMP-1/1 step1 stopped');
    expect(JSON.stringify(question.blocks)).not.toContain('<@U0PILOT>');

    await click(slack, workflow, button(workflow, 'note'));
    const noteForm = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'record_note' && slack.lastOpenView());
    await slack.submitView(noteForm.id, { text: 'the config had the wrong pipeline' });
    await slack.waitFor(() => slack.threadReplies('C0GENERAL', workflow.ts).find((m) => slack.messageText(m).includes('the config had the wrong pipeline')));
  });

  it('asks for the reason of a typed change that cannot be undone, in the same form as the buttons', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { workflow } = await campaignWithWorkflow(t);
    await slack.slashCommand({ text: 'status CMP-1/1 submitted' });
    await slack.slashCommand({ text: 'status CMP-1/1 failed' });
    const form = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'status_reason' && slack.lastOpenView());
    expect(JSON.stringify(form.view.blocks)).toContain('CMP-1/1 will be failed');
    await slack.submitView(form.id, { reason: 'out of memory in step1' });
    await slack.waitFor(() => slack.threadReplies('C0GENERAL', workflow.ts).find((m) => slack.messageText(m).includes('out of memory in step1')));
    expect(statusEvents(t.databasePath)).toContain('CMP-1/1 submitted→failed pilot');
    // A change its status machine refuses is said at once, without a form.
    const views = slack.state.views.size;
    await slack.slashCommand({ text: 'status CMP-1/1 stopped' });
    await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('cannot go from failed to stopped')));
    expect(slack.state.views.size).toBe(views);
  });

  it('opens the rerun and clone forms prefilled from the card, and records the rerun in the campaign', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { campaign, workflow } = await campaignWithWorkflow(t);
    await click(slack, workflow, button(workflow, 'rerun'));
    const rerun = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'workflow_start' && slack.lastOpenView());
    expect(JSON.stringify(rerun.view.blocks)).toContain('"block_id":"changes"');
    expect(JSON.stringify(rerun.view.blocks)).toContain('"initial_value":"step1"');
    await slack.submitView(rerun.id, { label: 'step1-again', changes: 'one more try' });
    const again = await slack.waitFor(() => card(slack, 'Workflow CMP-1/2'));
    expect(slack.messageText(again)).toMatch(/Rerun of CMP-1\/1:\W+one more try/);
    await slack.waitFor(() => slack.messageText(campaign).includes('2 workflows: 2 recorded'));

    await click(slack, campaign, button(campaign, 'clone'));
    const clone = await slack.waitFor(() => slack.lastOpenView()?.view.callback_id === 'campaign_new' && slack.lastOpenView());
    expect(JSON.stringify(clone.view.blocks)).toContain('"initial_value":"RC2 weekly"');
    expect(JSON.stringify(clone.view.blocks)).toContain('"block_id":"changes"');
  });

  it('refuses a click by someone who may not write: nothing recorded, only the clicker told', async () => {
    t = await startTestApp({ access: { writers: ['U0PILOT'] } }, {}, { users: USERS });
    const { slack } = t;
    const campaign = await defineCampaign(t);
    const before = statusEvents(t.databasePath);
    expect((await click(slack, campaign, button(campaign, 'status_running'), 'U0JDOE')).status).toBe(200);
    const told = await slack.waitFor(() => slack.state.ephemerals.find((e) => e.user === 'U0JDOE'));
    expect(slack.messageText(told)).toMatch(/access\.writers|not allowed|may not/i);
    expect(slack.state.ephemerals.filter((e) => e.user !== 'U0JDOE')).toEqual([]);
    expect(statusEvents(t.databasePath)).toEqual(before);
    expect(slack.messageText(campaign)).toMatch(/Status\*\s*\*defined\*/);
  });

  it('records nothing from an out-of-date card, tells the clicker what happened meanwhile, and redraws the card', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { workflow } = await campaignWithWorkflow(t);
    const old = button(workflow, 'status_submitted');
    await slack.slashCommand({ text: 'status CMP-1/1 submitted', userId: 'U0JDOE' });
    await slack.waitFor(() => buttons(workflow).some((b) => b.action_id === 'status_running'));
    const beforeClick = slack.calls.length;
    await click(slack, workflow, old);
    const told = await slack.waitFor(() => slack.state.ephemerals.find((e) => e.user === 'U0PILOT' && e.text.includes('Nothing recorded')));
    expect(slack.messageText(told)).toMatch(/CMP-1\/1 changed since this card was drawn[\s\S]*recorded → submitted\* by jdoe/);
    // ...and the stale card is drawn again.
    await slack.waitFor(() => slack.calls.slice(beforeClick).some((call) => call.method === 'chat.update' && call.params.ts === workflow.ts));
    expect(statusEvents(t.databasePath).filter((line) => line.startsWith('CMP-1/1'))).toEqual(['CMP-1/1 recorded→submitted jdoe']);
  });

  it('records two clicks of the same button (or one delivered twice) once', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { workflow } = await campaignWithWorkflow(t);
    const submitted = button(workflow, 'status_submitted');
    const answers = await Promise.all([click(slack, workflow, submitted), click(slack, workflow, submitted)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('Nothing recorded')));
    expect(statusEvents(t.databasePath).filter((line) => line.startsWith('CMP-1/1'))).toEqual(['CMP-1/1 recorded→submitted pilot']);
    // Announced by the chat outbox, once.
    await slack.waitFor(() => slack.threadReplies('C0GENERAL', workflow.ts).some((m) => m.text.includes('recorded → submitted')) || undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.threadReplies('C0GENERAL', workflow.ts).filter((m) => m.text.includes('recorded → submitted'))).toHaveLength(1);
  });

  it('has a click recorded by the time it is acknowledged (an acknowledged click survives a crash)', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const { workflow } = await campaignWithWorkflow(t);
    expect((await click(slack, workflow, button(workflow, 'status_submitted'))).status).toBe(200);
    expect(statusEvents(t.databasePath).filter((line) => line.startsWith('CMP-1/1'))).toEqual(['CMP-1/1 recorded→submitted pilot']);
  });

  it('keeps the card of a campaign with 500 workflows inside Block Kit limits: it counts them, it does not list them', async () => {
    t = await startTestApp({}, {}, { users: USERS });
    const { slack } = t;
    const campaign = await defineCampaign(t);
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      for (let i = 1; i <= 500; i += 1) {
        notebook.startWorkflow('CMP-1', { label: `step${i}`, wms: 'panda' }, [], { id: 'cli:jdoe', name: 'jdoe' });
        if (i % 5 === 0) notebook.changeStatus(`CMP-1/${i}`, 'submitted', undefined, { id: 'cli:jdoe', name: 'jdoe' });
      }
    } finally {
      close();
    }
    await slack.slashCommand({ text: 'note CMP-1 five hundred workflows' });
    await slack.waitFor(() => slack.messageText(campaign).includes('500 workflows: 400 recorded, 100 submitted'));
    const blocks = campaign.blocks as unknown[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks).length).toBeLessThan(13_000);
    expect(buttons(campaign).map((b) => b.action_id)).toEqual(['start', 'status_paused', 'status_completed', 'status_failed', 'clone', 'note']);
  });
});
