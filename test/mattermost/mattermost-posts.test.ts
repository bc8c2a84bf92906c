import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMattermostClient } from '../../src/mattermost/create-mattermost-client.js';
import { mattermostChannelTransport } from '../../src/mattermost/mattermost-channel-transport.js';
import { deriveActionKey } from '../../src/mattermost/render-post.js';
import { simpleMessage, text, userText } from '../../src/chat/chat-message.js';
import { startFakeMattermost, type FakeMattermost } from '../fakes/fake-mattermost.js';
import { startMattermostTestApp, type MattermostTestApp } from './start-mattermost-test-app.js';

const ZWSP = '\u200b';

describe('Mattermost: what reaches the channel', () => {
  let t: MattermostTestApp;
  beforeEach(async () => {
    t = await startMattermostTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('keeps hostile Markdown in user text inert in posts: no @channel, no forged link', async () => {
    await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    const dialog = await t.mm.waitFor(() => t.mm.dialogs[0]);
    const answer = await t.mm.submitDialog(dialog, {
      description: '@channel urgent: [click](https://evil.example) &#64;all\n# Heading\n@here **now**',
      production: '<!channel|everyone>',
    });
    expect(answer.body).toEqual({});
    const post = await t.mm.waitFor(() => t.mm.posts[0]);
    expect(post.message).toContain(`@${ZWSP}channel urgent: \\[click\\](https://evil.example) &amp;#64;all`);
    expect(post.message).toContain(`\\# Heading\n@${ZWSP}here \\*\\*now\\*\\*`);
    expect(post.message).not.toMatch(/@(channel|all|here)/);
    expect(post.message).not.toContain('[click](');

    await t.mm.sendCommand(t.app.url, 'note CMP-1 @all see [here](https://evil.example/x)');
    const note = await t.mm.waitFor(() => t.mm.posts.find((candidate) => candidate.root_id === post.id));
    expect(note.message).toContain(`@${ZWSP}all see \\[here\\](https://evil.example/x)`);
    expect(note.message).not.toMatch(/@(channel|all|here)/);
  });

  it('answers a command in Markdown with skip_slack_parsing, so Slack-style links in user text stay text', async () => {
    await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    await t.mm.submitDialog(await t.mm.waitFor(() => t.mm.dialogs[0]), { description: 'plain', production: '<https://evil.example|click>' });
    const show = await t.mm.sendCommand(t.app.url, 'show CMP-1');
    expect(show.body?.skip_slack_parsing).toBe(true);
    expect(show.body?.response_type).toBe('ephemeral');
    expect(String(show.body?.text)).toContain('\\|click');
  });

  it('splits a note longer than a post into posts of the thread', async () => {
    await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    await t.mm.submitDialog(await t.mm.waitFor(() => t.mm.dialogs[0]), { description: 'plain' });
    const root = await t.mm.waitFor(() => t.mm.posts[0]);
    const long = Array.from({ length: 1500 }, (_, i) => `visit ${2025111500000 + i} looked odd.`).join(' ');
    expect(long.length).toBeGreaterThan(16_383);
    await t.mm.sendCommand(t.app.url, `note CMP-1 ${long}`);
    const last = `visit ${2025111500000 + 1499} looked odd.`;
    const replies = await t.mm.waitFor(() => {
      const inThread = t.mm.posts.filter((post) => post.root_id === root.id);
      return inThread.some((post) => post.message.includes(last)) && inThread;
    });
    expect(replies.length).toBeGreaterThanOrEqual(4);
    expect(replies.every((post) => post.message.length <= 16_383)).toBe(true);
    expect(replies.map((post) => post.message).join('')).toContain('visit 2025111500000 looked odd');
    expect(replies.map((post) => post.message).join('')).toContain(`visit ${2025111500000 + 1499} looked odd`);
  });

  it('tells the user to try again when a dialog cannot open in time (expired trigger)', async () => {
    const expired = t.mm.newTriggerId(t.mm.user.id);
    // Use the trigger once: the fake refuses it the second time, as Mattermost does after 30 s.
    await fetch(`${t.mm.url}/api/v4/actions/dialogs/open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trigger_id: expired, url: 'http://x/', dialog: { callback_id: 'x', title: 'x', elements: [], state: '' } }),
    });
    const again = await fetch(`${t.mm.url}/api/v4/actions/dialogs/open`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ trigger_id: expired, url: 'http://x/', dialog: { callback_id: 'x', title: 'x', elements: [], state: '' } }),
    });
    expect(again.status).toBe(400);
    expect(await again.json()).toEqual({
      id: 'interactive_message.decode_trigger_id.expired',
      message: expect.stringMatching(/expired/),
      detailed_error: '',
      request_id: expect.any(String),
      status_code: 400,
    });


    t.mm.setTriggerTtl(-1);
    const answer = await t.mm.sendCommand(t.app.url, 'new w07-rc2');
    expect(answer.status).toBe(200);
    const told = await t.mm.waitFor(() => t.mm.responses[0]);
    expect(told.body.response_type).toBe('ephemeral');
    expect(String(told.body.text)).toBe('**The form could not open in time (Mattermost allows 30 seconds after the command). Run the command again.**');
    // Only the dialog opened by hand above: the bot's never opened.
    expect(t.mm.dialogs.map((opened) => opened.dialog.callback_id)).toEqual(['x']);
  });
});

describe("Mattermost's channel transport (its outbox sink's calls)", () => {
  let mm: FakeMattermost;
  beforeEach(async () => {
    mm = await startFakeMattermost();
  });
  afterEach(async () => {
    await mm.close();
  });

  it('marks a post with its record in props, finds it again by that mark, redraws it in place, and tells a user directly', async () => {
    const client = createMattermostClient({ url: mm.url, token: mm.botToken });
    const render = { actionUrl: 'http://bot.example/mattermost/action', actionKey: deriveActionKey('bot', 'command'), usernameOf: async () => undefined };
    const transport = mattermostChannelTransport(client, render);
    const since = Date.now() - 1000;
    const card = await transport.post({ channel: mm.channelId }, simpleMessage([text('Campaign CMP-1 defined')]), { record: 'CMP-1', event: 1 });
    expect(mm.posts[0]!.props).toEqual({ campaign_notebook_record: { record: 'CMP-1', event: 1 } });
    const reply = await transport.post({ channel: mm.channelId, threadOf: card.messageId }, simpleMessage([text('Jira refused '), userText('@channel')]), { record: 'CMP-1', event: 1, item: 'notice:jira_refused' });
    expect(mm.posts[1]).toMatchObject({ root_id: card.messageId, message: `**Jira refused @${ZWSP}channel**` });

    // The card and the notice share record and event: the item tells them apart; a thread is looked in for a reply only.
    expect(await transport.findPost({ channel: mm.channelId }, { record: 'CMP-1', event: 1 }, since)).toEqual(card);
    expect(await transport.findPost({ channel: mm.channelId, threadOf: card.messageId }, { record: 'CMP-1', event: 1, item: 'notice:jira_refused' }, since)).toEqual(reply);
    expect(await transport.findPost({ channel: mm.channelId }, { record: 'CMP-1', event: 2 }, since)).toBeUndefined();

    await transport.redraw(card, simpleMessage([text('Campaign CMP-1 defined, now with DM-123')]), { record: 'CMP-1', event: 1 });
    expect(mm.posts[0]).toMatchObject({ message: '**Campaign CMP-1 defined, now with DM-123**', props: { campaign_notebook_record: { record: 'CMP-1', event: 1 } } });
    expect(mm.posts[0]!.edit_at).toBeGreaterThan(0);

    await transport.tellUser(mm.user.id, simpleMessage([text('Invite the bot')]));
    const [direct] = [...mm.directChannels];
    expect(direct![1]).toEqual([mm.botUserId, mm.user.id]);
    expect(mm.posts.at(-1)).toMatchObject({ channel_id: direct![0], message: '**Invite the bot**' });
    expect(mm.calls.every((call) => call.authorization === `Bearer ${mm.botToken}`)).toBe(true);
  });

  it('refuses a wrong bot token with the Mattermost error shape, and the client says what failed', async () => {
    const client = createMattermostClient({ url: mm.url, token: 'wrong' });
    await expect(client.createPost({ channel_id: mm.channelId, message: 'x' })).rejects.toThrow(
      /Mattermost POST \/api\/v4\/posts answered 401 api\.context\.session_expired\.app_error: Invalid or expired session/,
    );
    expect(mm.posts).toEqual([]);
  });
});
