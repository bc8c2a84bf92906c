import { afterEach, describe, expect, it } from 'vitest';
import { fakeUser } from '../fakes/fake-mattermost.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

describe('Mattermost: access', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("applies mattermost.team_id, not Slack's workspace id, to Mattermost commands", async () => {
    t = await startMattermostTestApp({ config: { slack: { team_id: 'T0SLACK' } } });
    expect((await t.mm.sendCommand(t.app.url, 'list')).body?.text).toMatch(/No campaigns|Campaigns/);
    await t.close();

    t = await startMattermostTestApp({ config: { mattermost: { team_id: 'the-observatory-team' } } });
    const refused = await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    expect(refused.body?.text).toMatch(/serves another workspace.*mattermost\.team\\?_id/s);
    expect(t.mm.dialogs).toEqual([]);
  });

  it('lets only the configured writers record, and says who can grant access', async () => {
    const writer = fakeUser('writer');
    t = await startMattermostTestApp({ config: { access: { writers: [writer.id] } } });
    const refused = await t.mm.sendCommand(t.app.url, 'new w07-rc2', { user: fakeUser('reader') });
    expect(refused.body?.text).toMatch(/Only the writers listed/);
    expect(refused.body?.text).toContain(writer.id);
    expect(t.mm.dialogs).toEqual([]);

    await t.mm.sendCommand(t.app.url, 'new w07-rc2', { user: writer });
    const dialog = await t.mm.waitFor(() => t!.mm.dialogs[0]);
    expect((await t.mm.submitDialog(dialog, { description: 'by the writer' }, { user: writer })).body).toEqual({});
    expect((await t.mm.sendCommand(t.app.url, 'show CMP-1', { user: fakeUser('reader') })).body?.text).toContain('by the writer');
  });
});
