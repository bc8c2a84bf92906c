import { afterEach, describe, expect, it } from 'vitest';
import { command, defineCampaign, eventsOf, HOUR, startSpeakingNotebook, startWorkflow, threadRepliesWith, type SpeakingNotebook } from './notebook-speaks-up-kit.js';

let kit: SpeakingNotebook;
afterEach(async () => {
  await kit.close();
});

const digestsIn = (channel: string) => kit.slack.channelMessages(channel).filter((message) => message.text.startsWith('Campaign digest'));

/** In #general, the day before: a campaign in every state, a quiet workflow; in #prompt-processing one more. */
async function campaignsInEveryState(): Promise<void> {
  const { slack } = kit;
  await defineCampaign(slack, 'defined-one');
  await defineCampaign(slack, 'running-one');
  await command(slack, 'status running-one running');
  await startWorkflow(slack, 'running-one', 'step1');
  await command(slack, 'run CMP-2/1 176261');
  await command(slack, 'status CMP-2/1 running');
  await defineCampaign(slack, 'paused-one', { operators: ['U0OPS'] });
  await command(slack, 'status paused-one running');
  await command(slack, 'status paused-one paused');
  await defineCampaign(slack, 'completed-one');
  await command(slack, 'status completed-one running');
  await defineCampaign(slack, 'failed-one');
  await command(slack, 'status failed-one running');
  await command(slack, 'status failed-one failed the butler repo was lost');
  await defineCampaign(slack, 'elsewhere', { channelId: 'C0PROMPT' });
}

describe('the daily digest', () => {
  it('posts in each channel with open campaigns, once a day at its time: campaigns by status, decisions waiting since when, quiet workflows, the last 24 hours', async () => {
    kit = await startSpeakingNotebook({ digest: '08:00', quiet: '1d' }, '2026-12-02T06:00:00Z');
    await campaignsInEveryState();
    // The next morning, half an hour before the digest: one more change.
    kit.clock.set('2026-12-03T07:30:00Z');
    await command(kit.slack, 'status completed-one completed all steps succeeded');
    await kit.clock.advance(29 * 60_000);
    expect(digestsIn('C0GENERAL')).toEqual([]);
    await kit.clock.advance(60_000);
    const [digest, ...more] = digestsIn('C0GENERAL');
    expect(more).toEqual([]);
    const text = kit.slack.messageText(digest!);
    expect(text).toContain('Campaign digest: 3 open campaigns in this channel');
    expect(text).toContain('running 1 · paused 1 · defined 1 · completed 1 · failed 1');
    expect(text).toMatch(/Waiting for a decision \(1\)[\s\S]*CMP-3 paused-one · paused since 2026-12-02 06:00Z \(1 d 2 h\)/);
    expect(text).toMatch(/Quiet for more than 1 d \(1\)[\s\S]*CMP-2\/1 step1 · running · nothing since 2026-12-02 06:00Z \(1 d 2 h\)/);
    expect(text).toMatch(/Running \(1\)[\s\S]*CMP-2 running-one/);
    expect(text).toMatch(/Defined, not started \(1\)[\s\S]*CMP-1 defined-one/);
    expect(text).toMatch(/Last 24 hours \(1\)[\s\S]*CMP-4 · status running → completed: all steps succeeded · pilot/);
    expect(text).not.toContain('elsewhere');
    // The other channel gets its own.
    expect(digestsIn('C0PROMPT').map((message) => kit.slack.messageText(message))).toEqual([expect.stringContaining('CMP-6 elsewhere')]);

    // Once a day, whatever the restarts.
    await kit.clock.advance(2 * HOUR);
    await kit.stopAll();
    await kit.start();
    await kit.clock.advance(HOUR);
    expect(digestsIn('C0GENERAL')).toHaveLength(1);
  });

  it('goes out when the notebook comes back the same UTC day, not the next day', async () => {
    kit = await startSpeakingNotebook({ digest: '08:00' }, '2026-12-03T07:00:00Z');
    await defineCampaign(kit.slack, 'w07-rc2');
    await kit.stopAll();
    kit.clock.set('2026-12-03T11:00:00Z');
    await kit.start();
    await kit.clock.advance(60_000);
    expect(digestsIn('C0GENERAL')).toHaveLength(1);

    // Down from before 08:00 on the 4th until after midnight: the 4th's digest is not sent on the 5th.
    await kit.stopAll();
    kit.clock.set('2026-12-05T00:30:00Z');
    await kit.start();
    await kit.clock.advance(60_000);
    expect(digestsIn('C0GENERAL')).toHaveLength(1);
    await kit.clock.advance(7.5 * HOUR);
    expect(digestsIn('C0GENERAL')).toHaveLength(2);
  });

  it('/campaign digest shows the same now, to the asker alone, with or without a schedule', async () => {
    kit = await startSpeakingNotebook({}, '2026-12-02T06:00:00Z');
    await campaignsInEveryState();
    kit.clock.set('2026-12-03T08:00:00Z');
    await command(kit.slack, 'digest', { userId: 'U0JDOE' });
    const answer = await kit.slack.waitFor(() => kit.slack.state.ephemerals.find((ephemeral) => ephemeral.text.startsWith('Campaign digest')));
    expect(answer.user).toBe('U0JDOE');
    const text = kit.slack.messageText(answer);
    expect(text).toContain('running 2 · paused 1 · defined 1 · completed 0 · failed 1');
    // Without `quiet` in the config, a day without news is quiet.
    expect(text).toMatch(/Quiet for more than 1 d \(1\)[\s\S]*CMP-2\/1/);
    expect(text).toContain('Nothing recorded in the last 24 hours.');
    expect(digestsIn('C0GENERAL')).toEqual([]);

    await command(kit.slack, 'digest', { channelId: 'C0PROMPT' });
    const elsewhere = await kit.slack.waitFor(() => kit.slack.state.ephemerals.find((ephemeral) => ephemeral.channel === 'C0PROMPT' && ephemeral.text.startsWith('Campaign digest')));
    expect(kit.slack.messageText(elsewhere)).toContain('CMP-6 elsewhere');
    expect(kit.slack.messageText(elsewhere)).not.toContain('paused-one');
  });
});

describe('Slack App Home', () => {
  it('publishes a pilot’s home when they open it: decisions waiting for them, their campaigns and workflows, their entries, how to start', async () => {
    kit = await startSpeakingNotebook({}, '2026-12-02T06:00:00Z');
    await campaignsInEveryState();
    await defineCampaign(kit.slack, 'ops-waits', { userId: 'U0JDOE', operators: ['U0PILOT'] });
    await command(kit.slack, 'status ops-waits running', { userId: 'U0JDOE' });
    await command(kit.slack, 'status ops-waits paused', { userId: 'U0JDOE' });
    kit.clock.set('2026-12-03T08:00:00Z');

    const opened = await kit.slack.openHome('U0PILOT');
    expect(opened.status).toBe(200);
    const home = await kit.slack.waitFor(() => kit.slack.state.homes.get('U0PILOT'));
    expect(home.type).toBe('home');
    expect((home.blocks as unknown[]).length).toBeLessThanOrEqual(100);
    const text = kit.slack.messageText({ text: '', blocks: home.blocks as unknown[] });
    // paused-one has operators (ops): it waits for them, not for its definer; ops-waits (defined by jdoe) is operated by pilot.
    expect(text).toMatch(/Decisions waiting for you \(1\)[\s\S]*CMP-7 ops-waits · paused since/);
    expect(text).not.toMatch(/Decisions waiting for you[\s\S]*paused-one[\s\S]*Your campaigns/);
    // The six pilot defined, and the one they operate; open ones first.
    expect(text).toMatch(/Your campaigns \(7\)[\s\S]*CMP-7 ops-waits · paused[\s\S]*CMP-1 defined-one · defined\nCMP-5 failed-one · failed/);
    expect(text).toContain('paused since 2026-12-02 06:00Z (1 d 2 h)');
    expect(text).toMatch(/Your workflows \(1\)[\s\S]*CMP-2\/1 step1 · running/);
    expect(text).toMatch(/Your latest notebook entries \(10\)/);
    expect(text).toContain('/campaign new &lt;short name&gt;');

    await kit.slack.openHome('U0OPS');
    const opsHome = await kit.slack.waitFor(() => kit.slack.state.homes.get('U0OPS'));
    const opsText = kit.slack.messageText({ text: '', blocks: opsHome.blocks as unknown[] });
    expect(opsText).toMatch(/Decisions waiting for you \(1\)[\s\S]*CMP-3 paused-one/);
    expect(opsText).toContain('Your latest notebook entries (0)');
  });
});

describe('"Add to campaign notebook" (message shortcut add_to_notebook)', () => {
  it('files a message as a note with its text, author and permalink, posted in the record’s thread', async () => {
    kit = await startSpeakingNotebook({});
    const { slack } = kit;
    await defineCampaign(slack, 'elsewhere', { channelId: 'C0PROMPT' });
    await defineCampaign(slack, 'w07-rc2');
    await startWorkflow(slack, 'w07-rc2', 'step1');
    const message = slack.userMessage({ channelId: 'C0GENERAL', userId: 'U0JDOE', text: 'PanDA queue drained at 14:00 <!channel>, jobs restart tonight' });

    expect((await slack.messageShortcut({ userId: 'U0PILOT', channelId: 'C0GENERAL', messageTs: message.ts, callbackId: 'add_to_notebook' })).status).toBe(200);
    const form = await slack.waitFor(() => slack.lastOpenView('U0PILOT'));
    expect(form.view.callback_id).toBe('note_from_message');
    const blocks = form.view.blocks as { block_id?: string; element?: { options?: { value: string }[]; initial_value?: string } }[];
    // This channel's open records first.
    expect(blocks.find((block) => block.block_id === 'record')?.element?.options?.map((option) => option.value)).toEqual(['CMP-2', 'CMP-2/1', 'CMP-1']);
    expect(blocks.find((block) => block.block_id === 'text')?.element?.initial_value).toBe(message.text);

    const submitted = await slack.submitView(form.id, { record: 'CMP-2/1', text: 'PanDA queue drained at 14:00, jobs restart tonight' });
    expect(submitted.json?.response_action).toBeUndefined();
    const permalink = `${slack.url}/archives/C0GENERAL/p${message.ts.replace('.', '')}`;
    const [reply] = await slack.waitFor(() => {
      const replies = threadRepliesWith(slack, 'CMP-2/1', 'Note on CMP-2/1');
      return replies.length > 0 && replies;
    });
    expect(reply).toContain('PanDA queue drained at 14:00, jobs restart tonight');
    expect(reply).toContain(permalink);
    const [note] = eventsOf(kit.databasePath, 'CMP-2/1').filter((event) => event.kind === 'note_added');
    expect(note).toMatchObject({ actor: { id: 'slack:U0PILOT' }, payload: { source: { permalink, author: 'slack:U0JDOE' } } });
    expect(note!.payload.text).toBe(`PanDA queue drained at 14:00, jobs restart tonight\n\n(from a message by slack:U0JDOE: ${permalink})`);
  });

  it('records the note when the bot may not post in the record’s channel, and tells the person', async () => {
    kit = await startSpeakingNotebook({});
    const { slack } = kit;
    await defineCampaign(slack, 'w07-rc2');
    const message = slack.userMessage({ channelId: 'C0PROMPT', userId: 'U0JDOE', text: 'the w07 inputs moved to /repo/new' });
    await slack.messageShortcut({ userId: 'U0PILOT', channelId: 'C0PROMPT', messageTs: message.ts, callbackId: 'add_to_notebook' });
    const form = await slack.waitFor(() => slack.lastOpenView('U0PILOT'));
    slack.failNext('chat.postMessage', 'not_in_channel');
    await slack.submitView(form.id, { record: 'CMP-1' });
    const told = await slack.waitFor(() => slack.state.ephemerals.find((ephemeral) => ephemeral.user === 'U0PILOT' && ephemeral.text.includes('went wrong')));
    expect(slack.messageText(told)).toContain('invite it');
    expect(slack.messageText(told)).toContain('Anything already recorded is kept');
    expect(eventsOf(kit.databasePath, 'CMP-1').filter((event) => event.kind === 'note_added').map((event) => event.payload.text)).toEqual([
      expect.stringMatching(/^the w07 inputs moved to \/repo\/new\n\n\(from a message by slack:U0JDOE: http/),
    ]);
  });
});
