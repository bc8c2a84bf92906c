import { afterEach, describe, expect, it } from 'vitest';
import { slackSignature } from '../fakes/fake-slack.js';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';

let t: TestApp;

function campaignCount(): number {
  const { notebook, close } = openNotebook(t.databasePath);
  try {
    return notebook.listCampaigns().length;
  } finally {
    close();
  }
}

function commandBody(text: string, userId = 'U0PILOT'): string {
  return new URLSearchParams({
    team_id: 'T0FAKE',
    channel_id: 'C0GENERAL',
    user_id: userId,
    user_name: 'pilot',
    command: '/campaign',
    text,
    response_url: `${t.slack.url}/response/none`,
    trigger_id: 'x',
  }).toString();
}

describe('Slack requests: signatures, workspace and writers', () => {
  afterEach(async () => {
    await t.close();
  });

  it('refuses a forged signature with 401 and does nothing', async () => {
    t = await startTestApp();
    const body = commandBody('list');
    const timestamp = Math.floor(Date.now() / 1000);
    const forged = await t.slack.sendRaw(body, { timestamp, signature: slackSignature('not-the-secret', timestamp, body) });
    expect(forged.status).toBe(401);
    const missing = await t.slack.sendRaw(body, { timestamp, signature: '' });
    expect(missing.status).toBe(401);
    expect(t.slack.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a correctly signed request older than 5 minutes with 401', async () => {
    t = await startTestApp();
    const body = commandBody('list');
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const response = await t.slack.sendRaw(body, { timestamp: old });
    expect(response.status).toBe(401);
    expect(t.slack.calls.filter((call) => call.method !== 'auth.test')).toEqual([]);
  });

  it('refuses a replayed view submission signed with an old timestamp', async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'new w07' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    const payload = t.slack.buildViewSubmission(view.id, { description: 'x' });
    const response = await t.slack.sendPayload(payload, { timestamp: Math.floor(Date.now() / 1000) - 400 });
    expect(response.status).toBe(401);
    expect(campaignCount()).toBe(0);
  });

  it('refuses a write from a user who is not a writer, saying who can grant access', async () => {
    t = await startTestApp({ access: { writers: ['U0BOSS'] } });
    await t.slack.slashCommand({ text: 'new w07' });
    const refusal = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('Not allowed')));
    const text = t.slack.messageText(refusal);
    expect(text).toContain('access.writers');
    expect(text).toContain('U0BOSS');
    expect(t.slack.state.views.size).toBe(0);
    // Reads stay open to everyone.
    await t.slack.slashCommand({ text: 'list' });
    await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('Campaigns')));
  });

  it('refuses a form submitted by a user who is not a writer, even when the form was opened by one', async () => {
    t = await startTestApp({ access: { writers: ['U0BOSS'] } });
    await t.slack.slashCommand({ text: 'new w07', userId: 'U0BOSS' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    const response = await t.slack.submitView(view.id, { description: 'x' }, { userId: 'U0PILOT' });
    expect(response.json?.response_action).toBe('update');
    expect(JSON.stringify(response.json?.view)).toContain('access.writers');
    expect(campaignCount()).toBe(0);
  });

  it('lets members of a writer user group write', async () => {
    t = await startTestApp({ access: { writers: ['S0OPS'] } });
    t.slack.state.usergroups.set('S0OPS', ['U0PILOT']);
    await t.slack.slashCommand({ text: 'new w07' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(view.id, { description: 'x' });
    expect(campaignCount()).toBe(1);
  });

  it('refuses requests from another workspace', async () => {
    t = await startTestApp({ slack: { team_id: 'T0FAKE' } });
    await t.slack.slashCommand({ text: 'list', teamId: 'T0OTHER' });
    const refusal = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('Not allowed')));
    expect(t.slack.messageText(refusal)).toContain('slack.team_id');
  });
});

describe('Slack: failures after the ack reach the user', () => {
  afterEach(async () => {
    await t.close();
  });

  it('keeps the record when the channel post fails, and posts it once Slack answers again, telling the user no error', async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'new w07' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    t.slack.failNext('chat.postMessage', 'internal_error');
    await t.slack.submitView(view.id, { description: 'x' });
    await t.slack.waitFor(() => t.slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
    expect(campaignCount()).toBe(1);
    expect(t.slack.calls.filter((call) => call.method === 'chat.postMessage')).toHaveLength(2);
    expect(t.slack.channelMessages('C0GENERAL')).toHaveLength(1);
    expect(t.slack.state.ephemerals.filter((e) => e.text.includes('Something went wrong'))).toEqual([]);
  });

  it('tells the user a form could not open within the 3 seconds Slack allows, and to run the command again', async () => {
    t = await startTestApp();
    t.slack.failNext('views.open', 'expired_trigger_id');
    await t.slack.slashCommand({ text: 'new w07' });
    const told = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('Something went wrong')));
    expect(t.slack.messageText(told)).toContain('The form could not open in time (Slack allows 3 seconds after the command). Run the command again.');
  });

  it('answers an unknown verb and bad arguments with the usage', async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'frobnicate' });
    await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('Unknown verb "frobnicate"')));
    await t.slack.slashCommand({ text: 'why visit' });
    const usage = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('"visit" is not &lt;dimension&gt;=&lt;value&gt;')));
    expect(usage.text).toContain('/campaign why');
    await t.slack.slashCommand({ text: 'why visit=abc' });
    await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('visit=abc: visit is an integer dimension; expected an integer such as 42')));
    await t.slack.slashCommand({ text: 'why visits=2025111500226' });
    await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('visits is not a dimension of the daf_butler universe version 8; did you mean visit?')));
    await t.slack.slashCommand({ text: 'show CMP-99' });
    await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('CMP-99')));
  });

  it('pages a long history', async () => {
    t = await startTestApp();
    await t.slack.slashCommand({ text: 'new w07' });
    const view = await t.slack.waitFor(() => t.slack.lastOpenView());
    await t.slack.submitView(view.id, { description: 'x' });
    for (let i = 0; i < 60; i += 1) await t.slack.slashCommand({ text: `note w07 entry ${i} ${'long text '.repeat(20)}` });
    await t.slack.waitFor(() => t.slack.state.messages.filter((m) => m.text.includes('Note on')).length === 60 || undefined, 15_000);
    await t.slack.slashCommand({ text: 'history w07' });
    const page = await t.slack.waitFor(() => t.slack.state.ephemerals.find((e) => e.text.includes('History of')));
    expect(page.text).toContain('page 1 of 3');
    expect(t.slack.messageText(page)).toContain('/campaign history w07 2');
  });

  it('refuses an oversized body before parsing it, and unknown routes', async () => {
    t = await startTestApp();
    const big = await t.slack.sendRaw(`text=${'x'.repeat(2 * 1024 * 1024)}`);
    expect(big.status).toBe(413);
    expect((await fetch(`${t.app.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${t.app.url}/slack/events`)).status).toBe(405);
  });

  it('answers /healthz', async () => {
    t = await startTestApp();
    const response = await fetch(`${t.app.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, database: 'ok' });
  });
});
