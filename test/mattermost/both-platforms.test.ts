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
});
