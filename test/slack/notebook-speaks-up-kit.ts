import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import { startApp, type RunningApp } from '../../src/main.js';
import { fakeClock, type FakeClock } from '../fakes/fake-clock.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { openNotebook } from './start-test-app.js';
import { outboxDrained } from '../fakes/outbox-drained.js';

export const HOUR = 3_600_000;

/**
 * The real app (startApp) on a clock the test advances, against one fake Slack and one database
 * file that outlive it: restart it, or start a second notebook process on the same database.
 */
export interface SpeakingNotebook {
  readonly slack: FakeSlack;
  /** The apps' clock; `advance` also waits until the channel posts it caused are out (they go through the outbox). */
  readonly clock: FakeClock;
  readonly databasePath: string;
  /** The notebook processes running now. */
  readonly apps: RunningApp[];
  /** Starts one more notebook process (on the same database, Slack and clock). */
  start(): Promise<RunningApp>;
  /** Stops them all (the notebook is down). */
  stopAll(): Promise<void>;
  close(): Promise<void>;
}

export async function startSpeakingNotebook(reminders: Record<string, string>, start = '2026-12-03T06:00:00Z'): Promise<SpeakingNotebook> {
  const dir = mkdtempSync(join(tmpdir(), 'campaign-reminders-'));
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, stringify({ reminders }));
  const slack = await startFakeSlack({
    channels: [
      { id: 'C0GENERAL', name: 'general' },
      { id: 'C0PROMPT', name: 'prompt-processing' },
    ],
    users: [
      { id: 'U0PILOT', name: 'pilot' },
      { id: 'U0JDOE', name: 'jdoe' },
      { id: 'U0OPS', name: 'ops' },
    ],
  });
  const clock = fakeClock(start);
  const databasePath = join(dir, 'notebook.sqlite');
  const apps: RunningApp[] = [];
  // Reminders are recorded on the tick and announced by the chat outbox: wait until it has nothing left to send.
  const postsSent = async () => {
    for (const app of apps) await outboxDrained(app.url, 'slack');
  };
  const kit: SpeakingNotebook = {
    slack,
    clock: {
      ...clock,
      async advance(ms) {
        await clock.advance(ms);
        await postsSent();
      },
    },
    databasePath,
    apps,
    async start() {
      const app = await startApp({ PORT: '0', HOST: '127.0.0.1', CAMPAIGN_DB: databasePath, CAMPAIGN_CONFIG: configPath, ...slack.appEnv(), LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'error' }, { clock });
      if (apps.length === 0) slack.setAppUrl(app.url);
      apps.push(app);
      return app;
    },
    async stopAll() {
      for (const app of apps.splice(0)) await app.close();
    },
    async close() {
      await kit.stopAll();
      await slack.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await kit.start();
  return kit;
}

/** `/campaign new <name>` in a channel, form submitted (operators as Slack user ids). */
export async function defineCampaign(slack: FakeSlack, shortName: string, options: { channelId?: string; userId?: string; operators?: string[] } = {}): Promise<void> {
  const before = new Set(slack.state.views.keys());
  await slack.slashCommand({ text: `new ${shortName}`, channelId: options.channelId ?? 'C0GENERAL', userId: options.userId ?? 'U0PILOT' });
  const view = await slack.waitFor(() => [...slack.state.views.values()].find((each) => !before.has(each.id) && each.status === 'open'));
  const response = await slack.submitView(view.id, { description: `${shortName}: reprocessing`, ...(options.operators ? { operators: options.operators } : {}) });
  expect(response.json?.response_action).toBeUndefined();
  await slack.waitFor(() => slack.state.messages.find((message) => message.text.startsWith('Campaign ') && message.text.includes(shortName)));
}

/** `/campaign start <campaign> <label>`, form submitted with panda. */
export async function startWorkflow(slack: FakeSlack, campaign: string, label: string, channelId = 'C0GENERAL'): Promise<void> {
  const before = new Set(slack.state.views.keys());
  await slack.slashCommand({ text: `start ${campaign} ${label}`, channelId });
  const view = await slack.waitFor(() => [...slack.state.views.values()].find((each) => !before.has(each.id) && each.status === 'open'));
  const response = await slack.submitView(view.id, { wms: 'panda' });
  expect(response.json?.response_action).toBeUndefined();
  await slack.waitFor(() => slack.state.messages.find((message) => message.text.startsWith('Workflow ') && message.text.includes(label)));
}

/** A slash command whose answer (ephemeral or channel post) the test waits for. */
export async function command(slack: FakeSlack, text: string, options: { channelId?: string; userId?: string } = {}): Promise<void> {
  const response = await slack.slashCommand({ text, channelId: options.channelId ?? 'C0GENERAL', userId: options.userId ?? 'U0PILOT' });
  expect(response.status).toBe(200);
}

/** The replies in the thread of a record's card that contain `marker`. */
export function threadRepliesWith(slack: FakeSlack, recordId: string, marker: string, channel = 'C0GENERAL'): string[] {
  const card = slack.channelMessages(channel).find((message) => message.text.startsWith(`Campaign ${recordId} `) || message.text.startsWith(`Workflow ${recordId} `));
  if (!card) throw new Error(`no card of ${recordId} in ${channel}`);
  return slack.threadReplies(channel, card.ts).map((message) => slack.messageText(message)).filter((text) => text.includes(marker));
}

/** The events of a record, read from the database. */
export function eventsOf(databasePath: string, ref: string) {
  const { notebook, close } = openNotebook(databasePath);
  try {
    return notebook.history(ref);
  } finally {
    close();
  }
}
