import { afterEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import type { FakeEphemeral } from '../fakes/fake-slack.js';
import { startTestApp, type TestApp } from './start-test-app.js';

const JIRA_CONFIG = { jira: { campaign_issue_type: 'Task', labels: ['campaign-notebook'] } };

function jiraEnv(jira: FakeJira): Record<string, string> {
  return { ...jira.appEnv(), JIRA_PROJECT: 'DM' };
}

describe('Slack with Jira on: the sync state reaches the channel', () => {
  let jira: FakeJira | undefined;
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    await jira?.close();
    t = undefined;
    jira = undefined;
  });

  /** Runs `/campaign <text>` until its ephemeral answer satisfies `done` (the mirror works in the background). */
  async function showUntil(app: TestApp, command: string, done: (reply: string) => boolean): Promise<FakeEphemeral> {
    const { slack } = app;
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const before = slack.state.ephemerals.length;
      await slack.slashCommand({ text: command });
      const reply = await slack.waitFor(() => slack.state.ephemerals.slice(before).find((candidate) => candidate.text.includes('CMP-1')));
      if (done(slack.messageText(reply))) return reply;
    }
    throw new Error(`/campaign ${command} never showed what was expected: ${slack.messageText(slack.state.ephemerals.at(-1)!)}`);
  }

  it('shows "no issue yet" with the pending updates and the last error in /campaign show while Jira is unreachable', async () => {
    jira = await startFakeJira();
    await jira.refuseConnections();
    t = await startTestApp(JIRA_CONFIG, jiraEnv(jira));
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const campaignForm = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(campaignForm.id, { description: 'Weekly RC2 reprocessing' });
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1')));

    const shown = await showUntil(t, 'show CMP-1', (reply) => reply.includes('last error'));
    const text = slack.messageText(shown);
    expect(text).toMatch(/Jira: no issue yet \(1 update pending, \d+ attempts?, last error: Cannot reach Jira \(ECONNREFUSED\)/);
    // Text, not a link: there is no issue to link to.
    expect(JSON.stringify(shown.blocks)).not.toMatch(/<[^>|]*\|no issue yet/);

    await slack.slashCommand({ text: 'start w07-rc2 step1' });
    const startForm = await slack.waitFor(() => slack.lastOpenView()?.id !== campaignForm.id && slack.lastOpenView());
    await slack.submitView(startForm.id, { wms: 'panda' });
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1/1')));
    const workflow = await showUntil(t, 'show CMP-1/1', (reply) => reply.includes('CMP-1/1') && reply.includes('no issue yet'));
    expect(slack.messageText(workflow)).toMatch(/Jira: no issue yet \(\d+ updates? pending/);
  });

  it("tells the campaign's channel once, at the top level, when Jira refuses the bot's credentials (the whole queue waits)", async () => {
    jira = await startFakeJira();
    jira.rejectCredentials(true);
    t = await startTestApp(JIRA_CONFIG, jiraEnv(jira));
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const campaignForm = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(campaignForm.id, { description: 'Weekly RC2 reprocessing' });
    const isParkedNotice = (message: { text: string; blocks: unknown[] }) => slack.messageText(message).includes('Jira refused our credentials (401)');
    const notice = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find(isParkedNotice));
    expect(slack.messageText(notice)).toMatch(/Mirroring to Jira is paused; nothing is lost/);
    const defined = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1')));

    // More records wait in the same parked queue: no second notice, and none in a record's thread.
    await slack.slashCommand({ text: 'start w07-rc2 step1' });
    const startForm = await slack.waitFor(() => slack.lastOpenView()?.id !== campaignForm.id && slack.lastOpenView());
    await slack.submitView(startForm.id, { wms: 'panda' });
    const started = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1/1')));
    await slack.slashCommand({ text: 'note CMP-1/1 still waiting for Jira' });
    await slack.waitFor(() => slack.threadReplies('C0GENERAL', started.ts).find((message) => slack.messageText(message).includes('still waiting')));
    const shown = await showUntil(t, 'show CMP-1/1', (reply) => reply.includes('paused'));
    expect(slack.messageText(shown)).toContain('Jira: no issue yet');
    expect(slack.state.messages.filter(isParkedNotice)).toEqual([notice]);
    expect([...slack.threadReplies('C0GENERAL', defined.ts), ...slack.threadReplies('C0GENERAL', started.ts)].filter(isParkedNotice)).toEqual([]);
  });
  it("shows the Jira link on the campaign's message even when Jira answers before Slack does", async () => {
    jira = await startFakeJira();
    t = await startTestApp(JIRA_CONFIG, jiraEnv(jira));
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const form = await slack.waitFor(() => slack.lastOpenView());
    // Slack posts the message but its answer (the ts the bot remembers) comes only after Jira linked the issue.
    const release = slack.holdNextAnswer('chat.postMessage');
    await slack.submitView(form.id, { description: 'Weekly RC2 reprocessing' });
    const message = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((candidate) => candidate.text.includes('CMP-1')));
    await showUntil(t, 'show CMP-1', (reply) => /DM-\d+/.test(reply));
    const issue = jira.issues[0]!;
    expect(message.edited).toBe(false);

    release();
    // Edited once the post is remembered (the redraw waits behind it), unless the card was drawn after the link already.
    await slack.waitFor(() => slack.messageText(message).includes(`/browse/${issue.key}|${issue.key}>`) || undefined);
  });

  it('shows the Jira link on the campaign card when Jira links it while the card is being redrawn', async () => {
    jira = await startFakeJira();
    jira.rejectCredentials(true);
    t = await startTestApp(JIRA_CONFIG, jiraEnv(jira));
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, { description: 'Weekly RC2 reprocessing' });
    const card = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((candidate) => candidate.text.startsWith('Campaign CMP-1')));
    await jira.waitFor(() => jira!.requests.some((request) => request.method === 'POST' && request.path.endsWith('/issue')));

    // A note redraws the card; Slack takes the edit but its answer waits, so the redraw stays in flight.
    const release = slack.holdNextAnswer('chat.update');
    await slack.slashCommand({ text: 'note CMP-1 first look at the inputs' });
    await slack.waitFor(() => (card.edited && slack.messageText(card).includes('first look')) || undefined);
    // Meanwhile Jira takes the credentials again and links the issue: the card drawn in flight shows no link.
    jira.rejectCredentials(false);
    await slack.slashCommand({ text: 'sync' });
    await showUntil(t, 'show CMP-1', (reply) => /DM-\d+/.test(reply));
    const issue = jira.issues[0]!;
    expect(slack.messageText(card)).not.toContain(issue.key);

    release();
    await slack.waitFor(() => slack.messageText(card).includes(`/browse/${issue.key}|${issue.key}>`) || undefined);
  });
});
