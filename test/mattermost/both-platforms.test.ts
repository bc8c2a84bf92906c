import { afterEach, describe, expect, it } from 'vitest';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

describe('Slack and Mattermost on together', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("checks each platform's requests against its own team id", async () => {
    t = await startMattermostTestApp({ slack: true, config: { slack: { team_id: 'T0FAKE' }, mattermost: { team_id: 'observatory-team' } } });
    const { mm } = t;
    const slack = t.slack!;

    expect((await mm.sendCommand(t.app.url, 'list', { teamId: 'observatory-team' })).body?.text).toMatch(/Campaigns/);
    expect((await mm.sendCommand(t.app.url, 'list', { teamId: 'T0FAKE' })).body?.text).toMatch(/serves another workspace.*mattermost\.team\\?_id/s);

    await slack.slashCommand({ text: 'list', teamId: 'T0FAKE' });
    await slack.waitFor(() => slack.state.ephemerals.find((reply) => reply.text.includes('Campaigns')));
    await slack.slashCommand({ text: 'list', teamId: 'observatory-team' });
    const refusal = await slack.waitFor(() => slack.state.ephemerals.find((reply) => reply.text.includes('Not allowed')));
    expect(slack.messageText(refusal)).toContain('slack.team_id');
    expect(slack.state.ephemerals.filter((reply) => reply.text.includes('Not allowed'))).toHaveLength(1);
  });

  it("posts follow-ups typed on the other platform in the campaign's own channel and thread, and tells the typist where", async () => {
    t = await startMattermostTestApp({ slack: true });
    const { mm } = t;
    const slack = t.slack!;
    await slack.slashCommand({ text: 'new from-slack' });
    await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, { description: 'defined in Slack' });
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));

    // A workflow started from Mattermost is announced in the campaign's Slack channel.
    await mm.sendCommand(t.app.url, 'start from-slack step1');
    expect((await mm.submitDialog(await mm.waitFor(() => mm.dialogs[0]), { wms: 'panda' })).body).toEqual({});
    const start = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    await mm.waitFor(() => mm.ephemeral.find((post) => post.message.includes("Workflow CMP-1/1 recorded. Announced in the campaign's channel on Slack.")));

    // The typist is answered where they typed; the post follows through the outbox.
    const typed: [string, string, string][] = [
      ['run CMP-1/1 176261 u_pilot_step1', 'Run recorded for CMP-1/1', 'Run 176261 recorded for CMP-1/1.'],
      ['status CMP-1/1 running jobs are flowing', 'CMP-1/1: submitted → running', 'CMP-1/1 is now running.'],
      ['note CMP-1/1 typed in Mattermost', 'typed in Mattermost', 'Note added to CMP-1/1.'],
    ];
    for (const [command, posted, reply] of typed) {
      const answer = await mm.sendCommand(t.app.url, command);
      expect(answer.body?.text).toContain(`${reply} Announced in the campaign's channel on Slack.`);
      await slack.waitFor(() => slack.threadReplies('C0GENERAL', start.ts).find((m) => slack.messageText(m).includes(posted)));
    }
    expect(slack.threadReplies('C0GENERAL', start.ts)).toHaveLength(3);
    // Nothing about the Slack campaign landed in the Mattermost channel.
    expect(mm.posts.filter((post) => post.message.includes('CMP-1'))).toEqual([]);

    // And the other way round: a Mattermost campaign's note typed in Slack goes in its Mattermost thread.
    await mm.sendCommand(t.app.url, 'new from-mattermost');
    expect((await mm.submitDialog(await mm.waitFor(() => mm.dialogs[1]), { description: 'defined in Mattermost' })).body).toEqual({});
    const root = await mm.waitFor(() => mm.posts.find((post) => post.message.includes('CMP-2')));
    await slack.slashCommand({ text: 'note CMP-2 typed in Slack' });
    const reply = await mm.waitFor(() => mm.posts.find((post) => post.root_id && post.message.includes('typed in Slack')));
    expect(reply).toMatchObject({ channel_id: mm.channelId, root_id: root.id });
    // and the Mattermost card, redrawn by the outbox after the Slack-typed note, shows it as the latest event
    await mm.waitFor(() => root.message.includes('Latest (CMP-2): note: typed in Slack'));
    await slack.waitFor(() => slack.state.ephemerals.find((m) => slack.messageText(m).includes("Note added to CMP-2. Announced in the campaign's channel on Mattermost.")));
    expect(slack.state.messages.filter((m) => slack.messageText(m).includes('typed in Slack'))).toEqual([]);
  });
});
