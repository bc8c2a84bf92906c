import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { startTestApp, type TestApp } from '../slack/start-test-app.js';

describe('the app with Jira on (JIRA_HOST set)', () => {
  let jira: FakeJira;
  let t: TestApp;
  beforeEach(async () => {
    jira = await startFakeJira();
    t = await startTestApp(
      { jira: { campaign_issue_type: 'Task', labels: ['campaign-notebook'] } },
      { ...jira.appEnv(), JIRA_PROJECT: 'DM' },
    );
  });
  afterEach(async () => {
    await t.close();
    await jira.close();
  });

  it('creates the issue, puts its link on the channel message, shows it, and answers /campaign sync', async () => {
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const form = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(form.id, { description: 'Weekly RC2 reprocessing' });
    const linked = await slack.waitFor(() =>
      slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1') && slack.messageText(message).includes('DM-1')),
    );
    expect(slack.messageText(linked)).toContain(`${jira.url}/browse/DM-1`);
    expect(jira.issues.map((issue) => issue.fields.summary)).toEqual(['CMP-1 w07-rc2: Weekly RC2 reprocessing']);

    await slack.slashCommand({ text: 'show CMP-1' });
    const shown = await slack.waitFor(() => slack.state.ephemerals.find((reply) => JSON.stringify(reply).includes('CMP-1')));
    expect(JSON.stringify(shown)).toContain(`${jira.url}/browse/DM-1`);

    await slack.slashCommand({ text: 'sync' });
    const synced = await slack.waitFor(() => slack.state.ephemerals.find((reply) => JSON.stringify(reply).includes('re-queue')));
    expect(JSON.stringify(synced)).toContain('Nothing to re-queue');
  });
});
