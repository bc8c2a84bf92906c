import { afterEach, describe, expect, it } from 'vitest';
import type { StandInMessage } from '../../src/console/slack-stand-in.js';
import { command, defineCampaign, eventsOf, HOUR, startSpeakingNotebook, startWorkflow, threadRepliesWith, type SpeakingNotebook } from './notebook-speaks-up-kit.js';

const WAITING = 'Waiting for a decision';
let kit: SpeakingNotebook;
afterEach(async () => {
  await kit.close();
});

async function pausedCampaign(): Promise<void> {
  await defineCampaign(kit.slack, 'w07-rc2');
  await command(kit.slack, 'status CMP-1 running');
  await command(kit.slack, 'status CMP-1 paused');
  await kit.slack.waitFor(() => threadRepliesWith(kit.slack, 'CMP-1', 'running → paused').length === 1);
}

describe('reminders: a paused campaign', () => {
  it('is reminded in its thread once a period, not before, mentioning its definer when it has no operators', async () => {
    kit = await startSpeakingNotebook({ paused: '12h' });
    await pausedCampaign();
    // It looks every minute (a quarter of the period, at most a minute): due at 12 h, sent at the next look.
    await kit.clock.advance(12 * HOUR - 1000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toEqual([]);
    await kit.clock.advance(60_000);
    const [first, ...others] = threadRepliesWith(kit.slack, 'CMP-1', WAITING);
    expect(others).toEqual([]);
    expect(first).toContain('<@U0PILOT>');
    expect(first).toContain('paused since 2026-12-03 06:00Z (12 h)');
    expect(first).toContain('/campaign status CMP-1 running');

    // Counted from the last reminder: not again before another 12 h.
    await kit.clock.advance(12 * HOUR - 1000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(1);
    await kit.clock.advance(60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(2);
    const reminders = eventsOf(kit.databasePath, 'CMP-1').filter((event) => event.kind === 'reminder_sent');
    expect(reminders.map((event) => [event.actor.id, event.payload.reminder])).toEqual([
      ['notebook', 'paused'],
      ['notebook', 'paused'],
    ]);

    // A decision ends the reminders.
    await command(kit.slack, 'status CMP-1 running');
    await kit.clock.advance(48 * HOUR);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(2);
  });

  it('mentions its operators, and a restart neither repeats a reminder nor sends one per missed period', async () => {
    kit = await startSpeakingNotebook({ paused: '12h' });
    await defineCampaign(kit.slack, 'w07-rc2', { operators: ['U0JDOE', 'U0OPS'] });
    await command(kit.slack, 'status CMP-1 running');
    await command(kit.slack, 'status CMP-1 paused');
    await kit.clock.advance(12 * HOUR);
    const [reminder] = threadRepliesWith(kit.slack, 'CMP-1', WAITING);
    expect(reminder).toContain('<@U0JDOE> <@U0OPS>');
    expect(reminder).not.toContain('<@U0PILOT>');

    // Restarted: what was sent is in the database, so nothing goes out again before its period.
    await kit.stopAll();
    await kit.start();
    await kit.clock.advance(6 * HOUR);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(1);

    // Down for three periods: one reminder when it comes back, then the period counts from it.
    await kit.stopAll();
    kit.clock.set(new Date(kit.clock.now().getTime() + 36 * HOUR));
    await kit.start();
    await kit.clock.advance(60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(2);
    await kit.clock.advance(12 * HOUR - 2 * 60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(2);
    await kit.clock.advance(2 * 60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(3);
  });

  it('goes out once when two notebook processes share the database', async () => {
    kit = await startSpeakingNotebook({ paused: '1h', quiet: '1h' });
    await kit.start();
    expect(kit.apps).toHaveLength(2);
    // A workflow submitted, then the campaign paused by hand (starting a workflow would move a paused campaign back to running).
    await defineCampaign(kit.slack, 'w07-rc2');
    await startWorkflow(kit.slack, 'w07-rc2', 'step1');
    await command(kit.slack, 'run CMP-1/1 176261');
    await command(kit.slack, 'status CMP-1 paused');
    await kit.slack.waitFor(() => threadRepliesWith(kit.slack, 'CMP-1', 'running → paused').length === 1);
    for (let period = 1; period <= 3; period++) {
      await kit.clock.advance(HOUR);
      expect(threadRepliesWith(kit.slack, 'CMP-1', WAITING)).toHaveLength(period);
      expect(threadRepliesWith(kit.slack, 'CMP-1/1', 'Still submitted?')).toHaveLength(period);
    }
    expect(eventsOf(kit.databasePath, 'CMP-1').filter((event) => event.kind === 'reminder_sent')).toHaveLength(6);
  });
});

describe('reminders: a quiet workflow', () => {
  it('is asked in its own thread after a quiet period, again after each further one, and any recorded activity restarts the count', async () => {
    kit = await startSpeakingNotebook({ quiet: '1d' });
    await defineCampaign(kit.slack, 'w07-rc2');
    await startWorkflow(kit.slack, 'w07-rc2', 'step1');
    await command(kit.slack, 'run CMP-1/1 176261 u_pilot_step1', { userId: 'U0JDOE' });
    await command(kit.slack, 'status CMP-1/1 running');
    await kit.clock.advance(24 * HOUR - 60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?')).toEqual([]);
    await kit.clock.advance(60_000);
    const [question] = threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?');
    // No operators: whoever started it is asked.
    expect(question).toContain('<@U0PILOT>');
    expect(question).toContain('nothing has been recorded for CMP-1/1 since 2026-12-03 06:00Z (1 d)');

    // The reminder is not activity: the next question counts from it, and says since when nothing happened.
    await kit.clock.advance(24 * HOUR);
    const questions = threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?');
    expect(questions).toHaveLength(2);
    expect(questions[1]).toContain('since 2026-12-03 06:00Z (2 d)');

    // A person's note is news: the count starts again from it.
    await command(kit.slack, 'note CMP-1/1 jobs are moving again');
    await kit.clock.advance(24 * HOUR - 60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?')).toHaveLength(2);
    await kit.clock.advance(60_000);
    expect(threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?')).toHaveLength(3);

    // An ended workflow is not asked.
    await command(kit.slack, 'status CMP-1/1 succeeded');
    await kit.clock.advance(72 * HOUR);
    expect(threadRepliesWith(kit.slack, 'CMP-1/1', 'Still running?')).toHaveLength(3);
  });
});

describe('reminders: answered with their buttons', () => {
  type Button = { type: string; action_id: string; value: string; text: { text: string } };
  const buttonsOf = (message: StandInMessage): Button[] =>
    (message.blocks as { type: string; block_id?: string; elements?: Button[] }[]).find((block) => block.type === 'actions' && block.block_id === 'record_actions')?.elements ?? [];
  /** The latest reply in `recordId`'s card thread whose text holds `marker`. */
  const reply = (recordId: string, marker: string): StandInMessage => {
    const card = kit.slack.channelMessages('C0GENERAL').find((message) => message.text.startsWith(`Campaign ${recordId} `) || message.text.startsWith(`Workflow ${recordId} `))!;
    const found = kit.slack.threadReplies('C0GENERAL', card.ts).filter((message) => kit.slack.messageText(message).includes(marker)).at(-1);
    if (!found) throw new Error(`no reply with "${marker}" under ${recordId}`);
    return found;
  };
  const click = (message: StandInMessage, actionId: string) => {
    const action = buttonsOf(message).find((button) => button.action_id === actionId);
    if (!action) throw new Error(`no ${actionId} button: ${buttonsOf(message).map((button) => button.action_id).join(', ')}`);
    return kit.slack.clickButton({ userId: 'U0PILOT', action, blockId: 'record_actions', channelId: message.channel, messageTs: message.ts });
  };

  it("a paused campaign's reminder decides with Continue; a quiet workflow's records its status", async () => {
    kit = await startSpeakingNotebook({ paused: '12h', quiet: '1d' });
    await pausedCampaign();
    await kit.clock.advance(12 * HOUR);
    const reminder = reply('CMP-1', WAITING);
    expect(buttonsOf(reminder).map((button) => [button.action_id, button.text.text])).toEqual([
      ['status_running', 'Continue'],
      ['status_completed', 'Complete'],
      ['status_failed', 'Fail'],
    ]);
    await click(reminder, 'status_running');
    await kit.slack.waitFor(() => eventsOf(kit.databasePath, 'CMP-1').some((event) => event.kind === 'status_changed' && event.payload.from === 'paused' && event.payload.to === 'running'));

    await startWorkflow(kit.slack, 'w07-rc2', 'step1');
    await command(kit.slack, 'run CMP-1/1 176261');
    await command(kit.slack, 'status CMP-1/1 running');
    await kit.clock.advance(24 * HOUR);
    const question = reply('CMP-1/1', 'Still running?');
    expect(buttonsOf(question).map((button) => button.action_id)).toEqual(['status_succeeded', 'status_failed', 'status_stopped', 'note']);
    await click(question, 'status_succeeded');
    await kit.slack.waitFor(() => eventsOf(kit.databasePath, 'CMP-1/1').some((event) => event.kind === 'status_changed' && event.payload.to === 'succeeded'));
  });
});
