import { afterEach, describe, expect, it } from 'vitest';
import { fakeClock } from '../fakes/fake-clock.js';
import { eventsOf } from '../slack/notebook-speaks-up-kit.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

const HOUR = 3_600_000;
let t: MattermostTestApp;
afterEach(async () => {
  await t.close();
});

describe('Mattermost: reminders and digests', () => {
  it('reminds a paused campaign in its thread and posts the daily digest in its channel; /campaign digest answers the asker', async () => {
    const clock = fakeClock('2026-12-03T07:00:00Z');
    t = await startMattermostTestApp({ config: { reminders: { paused: '1h', digest: '08:00' } }, clock });
    await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    expect((await t.mm.submitDialog(await t.mm.waitFor(() => t.mm.dialogs[0]), { description: 'weekly' })).body).toEqual({});
    const card = await t.mm.waitFor(() => t.mm.posts[0]);
    await t.mm.sendCommand(t.app.url, 'status CMP-1 running');
    await t.mm.sendCommand(t.app.url, 'status CMP-1 paused');
    await t.mm.waitFor(() => t.mm.posts.find((post) => post.root_id === card.id && post.message.includes('paused')));

    await clock.advance(HOUR - 60_000);
    // Not before the hour: no reminder recorded (the look has run; a post would follow the event).
    expect(eventsOf(t.databasePath, 'CMP-1').filter((event) => event.kind === 'reminder_sent')).toEqual([]);
    await clock.advance(60_000);
    // The reminder is an event the chat outbox announces (right after the look); the digest is posted by the look.
    await t.mm.waitFor(() => t.mm.posts.some((post) => post.message.includes('has been paused since')));
    const reminders = t.mm.posts.filter((post) => post.message.includes('has been paused since'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.root_id).toBe(card.id);
    // Its definer (no operators), mentioned by the name they act under.
    expect(reminders[0]!.message).toContain(`@${t.mm.user.username}: CMP-1 has been paused since 2026-12-03 07:00Z (1 h)`);
    const digests = t.mm.posts.filter((post) => post.message.includes('Campaign digest'));
    expect(digests).toHaveLength(1);
    expect(digests[0]!.root_id || '').toBe('');
    expect(digests[0]!.channel_id).toBe(t.mm.channelId);
    expect(digests[0]!.message).toContain('paused 1');

    const asked = await t.mm.sendCommand(t.app.url, 'digest');
    expect(asked.body?.response_type).toBe('ephemeral');
    expect(String(asked.body?.text)).toContain('Campaign digest: 1 open campaign in this channel');
  });
});
