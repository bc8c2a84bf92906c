import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { startMattermostTestApp, type MattermostTestApp } from '../mattermost/start-mattermost-test-app.js';
import { startAppProcess, type AppProcess } from '../ops/app-process.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';
import { outboxDrained } from '../fakes/outbox-drained.js';

// Channel posts go through the durable outbox (src/chat/channel-outbox.ts): these are its faults,
// through the real entry points against the fake Slack and the fake Mattermost (short backoff: appEnv).

let t: TestApp | undefined;
let jira: FakeJira | undefined;
afterEach(async () => {
  await t?.close();
  await jira?.close();
  t = undefined;
  jira = undefined;
});

const CHANNEL = 'C0GENERAL';

async function defineCampaign(slack: FakeSlack, name: string): Promise<void> {
  const before = slack.state.views.size;
  await slack.slashCommand({ text: `new ${name}` });
  await slack.waitFor(() => slack.state.views.size > before);
  const answer = await slack.submitView([...slack.state.views.keys()].at(-1)!, { description: `campaign ${name}` });
  expect(answer.status).toBe(200);
}

/** The card of a record in the channel (its top-level message), once posted. */
const cardOf = (slack: FakeSlack, recordId: string) => slack.channelMessages(CHANNEL).filter((message) => message.text.includes(`${recordId} `));

/** The notes in the thread of a card, in the order Slack has them. */
const notesUnder = (slack: FakeSlack, ts: string) => slack.threadReplies(CHANNEL, ts).map((message) => /note (\d+)/.exec(slack.messageText(message))?.[1]);

const postCalls = (slack: FakeSlack) => slack.calls.filter((call) => call.method === 'chat.postMessage');

describe('Slack channel posts through the outbox', () => {
  it('announces each record once, in order, after Slack answered 500 for a while', async () => {
    t = await startTestApp();
    const { slack } = t;
    slack.failHttpNext('chat.postMessage', 500, Infinity);
    await defineCampaign(slack, 'w07');
    for (let i = 1; i <= 3; i += 1) await slack.slashCommand({ text: `note w07 note ${i}` });
    // Slack keeps failing: everything is recorded, nothing posted, the outbox retries.
    await slack.waitFor(() => postCalls(slack).length >= 4 || undefined);
    expect(slack.state.messages).toEqual([]);
    const { notebook, close } = openNotebook(t.databasePath);
    expect(notebook.history('w07').map((event) => event.kind)).toEqual(['campaign_defined', 'note_added', 'note_added', 'note_added']);
    close();

    slack.stopFailing('chat.postMessage');
    const [card] = await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 && cardOf(slack, 'CMP-1'));
    await slack.waitFor(() => notesUnder(slack, card!.ts).length === 3 || undefined);
    expect(notesUnder(slack, card!.ts)).toEqual(['1', '2', '3']);
    expect(slack.state.messages).toHaveLength(4);
    // 500 may come after Slack made the post: each retry looked for it first (by its metadata).
    const looks = slack.calls.filter((call) => call.method.startsWith('conversations.'));
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.every((call) => String(call.params.include_all_metadata) === 'true')).toBe(true);
    expect(card!.metadata).toEqual({ event_type: 'campaign_notebook_record', event_payload: { record: 'CMP-1', event: 1 } });
  }, 30_000);

  it('posts once when Slack made the post but its answer was lost, and threads what follows under it', async () => {
    t = await startTestApp();
    const { slack } = t;
    slack.loseNextAnswer('chat.postMessage');
    await defineCampaign(slack, 'w07');
    await slack.waitFor(() => slack.calls.some((call) => call.method === 'conversations.history') || undefined);
    await slack.slashCommand({ text: 'note w07 note 1' });
    const [card] = await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 && cardOf(slack, 'CMP-1'));
    await slack.waitFor(() => notesUnder(slack, card!.ts).length === 1 || undefined);
    expect(cardOf(slack, 'CMP-1')).toHaveLength(1);
    expect(postCalls(slack)).toHaveLength(2); // the card (answer lost, then found in history), the note
  }, 20_000);

  it('waits out a 429 for its Retry-After before posting again', async () => {
    t = await startTestApp();
    const { slack } = t;
    slack.failHttpNext('chat.postMessage', 429, 1, { 'Retry-After': '2' });
    await defineCampaign(slack, 'w07');
    await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 || undefined, 10_000);
    const [refused, posted] = postCalls(slack);
    expect(posted!.at - refused!.at).toBeGreaterThanOrEqual(2000);
    expect(postCalls(slack)).toHaveLength(2);
  }, 20_000);

  it("fails a post the channel refuses, tells the campaign's definer directly, and posts everything once /campaign sync re-queues it", async () => {
    t = await startTestApp();
    const { slack } = t;
    slack.setBotInChannel(CHANNEL, false);
    await defineCampaign(slack, 'w07');
    const told = await slack.waitFor(() => slack.channelMessages('D0PILOT')[0]);
    expect(slack.messageText(told)).toMatch(/cannot post in the channel of CMP-1.*channel_not_found.*Invite the bot to the channel.*\/campaign sync/s);
    // A later record of the campaign waits behind the refused post, without failing (the definer is told once).
    await slack.slashCommand({ text: 'note w07 note 1' });
    await slack.slashCommand({ text: 'show w07' });
    const shown = await slack.waitFor(() => slack.state.ephemerals.find((reply) => slack.messageText(reply).includes('Slack channel:')));
    expect(slack.messageText(shown)).toMatch(/Slack channel: \d+ updates? pending.*failed \(campaign_defined\): The channel refuses the bot: .*channel_not_found.*\/campaign sync/s);
    expect(slack.channelMessages('D0PILOT')).toHaveLength(1);

    slack.setBotInChannel(CHANNEL, true);
    await slack.slashCommand({ text: 'sync' });
    const synced = await slack.waitFor(() => slack.state.ephemerals.find((reply) => reply.text.includes('Re-queued')));
    expect(synced.text).toContain('Re-queued 1 Slack post that had failed');
    const [card] = await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 && cardOf(slack, 'CMP-1'));
    await slack.waitFor(() => notesUnder(slack, card!.ts).length === 1 || undefined);
    expect(slack.state.messages.filter((message) => message.channel === CHANNEL)).toHaveLength(2);
  }, 20_000);

  it('parks on refused credentials and resumes once Slack takes them again, posting once', async () => {
    t = await startTestApp();
    const { slack } = t;
    slack.failNext('chat.postMessage', 'invalid_auth', 1);
    slack.failNext('auth.test', 'invalid_auth', 1);
    await defineCampaign(slack, 'w07');
    await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 || undefined);
    expect(postCalls(slack)).toHaveLength(2);
    // Probed while parked: refused once, then accepted (auth.test also ran at start-up).
    expect(slack.calls.filter((call) => call.method === 'auth.test').length).toBeGreaterThanOrEqual(3);
  }, 20_000);

  it("posts Jira's refusal of a record in the thread of its card, with Jira's field errors", async () => {
    jira = await startFakeJira();
    jira.fail({ method: 'POST', path: '/rest/api/2/issue' }, { kind: 'status', status: 400, body: { errorMessages: [], errors: { summary: 'Summary is too odd.' } } });
    t = await startTestApp({ jira: { project: 'DM' } }, jira.appEnv());
    const { slack } = t;
    await defineCampaign(slack, 'w07');
    const [card] = await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 && cardOf(slack, 'CMP-1'));
    const notice = await slack.waitFor(() => slack.threadReplies(CHANNEL, card!.ts)[0]);
    expect(slack.messageText(notice)).toMatch(/Jira refused CMP-1.*summary: Summary is too odd\..*\/campaign sync/s);
    expect(notice.metadata).toEqual({ event_type: 'campaign_notebook_record', event_payload: { record: 'CMP-1', event: 1, item: 'notice:jira_refused' } });
  }, 20_000);

  it("queues a card's redraw behind its post: Jira's link waits for the card, and the card shows it", async () => {
    jira = await startFakeJira();
    t = await startTestApp({ jira: { project: 'DM' } }, jira.appEnv());
    const { slack } = t;
    slack.failHttpNext('chat.postMessage', 500, Infinity);
    await defineCampaign(slack, 'w07');
    await slack.waitFor(() => jira!.issues.length === 1 || undefined);
    // The redraw Jira's link asked for waits behind the post it edits.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(slack.calls.filter((call) => call.method === 'chat.update')).toEqual([]);
    slack.stopFailing('chat.postMessage');
    const [card] = await slack.waitFor(() => cardOf(slack, 'CMP-1').length === 1 && cardOf(slack, 'CMP-1'));
    expect(slack.messageText(card!)).toContain(`/browse/${jira.issues[0]!.key}|${jira.issues[0]!.key}>`);
    // Once everything is out: the redraw went after the post it edits, or was covered by it (the card,
    // drawn when sent, already shows the link); either way its row is done, nothing left behind.
    await outboxDrained(t.app.url, 'slack');
    // (the card's last postMessage is the one that went through: the others were answered 500)
    const posted = slack.calls.findLastIndex((call) => call.method === 'chat.postMessage' && String(call.params.text).includes('CMP-1'));
    const edits = slack.calls.flatMap((call, index) => (call.method === 'chat.update' ? [index] : []));
    expect(edits.length).toBeLessThanOrEqual(1);
    expect(edits.every((index) => index > posted)).toBe(true);
  }, 20_000);
});

describe('the process killed while channel posts are pending', () => {
  let app: AppProcess | undefined;
  let slack: FakeSlack | undefined;
  let dir: string | undefined;
  afterEach(async () => {
    await app?.stop('SIGKILL');
    await slack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    app = undefined;
  });

  it('announces each record once after a restart, adopting the post Slack made while the process died', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cn-channel-crash-'));
    slack = await startFakeSlack();
    writeFileSync(join(dir, 'campaign-notebook.yaml'), '{}\n');
    const env = { PORT: '0', HOST: '127.0.0.1', CAMPAIGN_DB: join(dir, 'notebook.sqlite'), CAMPAIGN_CONFIG: join(dir, 'campaign-notebook.yaml'), ...slack.appEnv() };
    app = await startAppProcess(env);
    slack.setAppUrl(app.url);
    // Slack makes the card but its answer never comes back: the process dies with the post `attempting`.
    const release = slack.holdNextAnswer('chat.postMessage');
    await defineCampaign(slack, 'w07');
    await slack.waitFor(() => slack!.channelMessages(CHANNEL).length === 1 || undefined);
    for (let i = 1; i <= 2; i += 1) await slack.slashCommand({ text: `note w07 note ${i}` });
    await app.stop('SIGKILL');
    release();
    expect(notesUnder(slack, slack.channelMessages(CHANNEL)[0]!.ts)).toEqual([]);

    app = await startAppProcess(env);
    slack.setAppUrl(app.url);
    const card = slack.channelMessages(CHANNEL)[0]!;
    await slack.waitFor(() => notesUnder(slack!, card.ts).length === 2 || undefined, 10_000);
    expect(notesUnder(slack, card.ts)).toEqual(['1', '2']);
    expect(slack.channelMessages(CHANNEL)).toHaveLength(1);
    expect(postCalls(slack)).toHaveLength(3);
  }, 60_000);
});

describe('Mattermost channel posts through the outbox', () => {
  let m: MattermostTestApp | undefined;
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });

  it('announces each record once, in order, after 500s, and posts once when an answer was lost', async () => {
    m = await startMattermostTestApp();
    const { mm } = m;
    mm.failPostsNext(500, Infinity);
    await mm.sendCommand(m.app.url, 'new w07');
    expect((await mm.submitDialog(await mm.waitFor(() => mm.dialogs[0]), { description: 'campaign w07' })).body).toEqual({});
    for (let i = 1; i <= 2; i += 1) await mm.sendCommand(m.app.url, `note w07 note ${i}`);
    await mm.waitFor(() => mm.calls.filter((call) => call.path === '/api/v4/posts').length >= 3 || undefined);
    expect(mm.posts).toEqual([]);
    mm.stopFailing();
    const card = await mm.waitFor(() => mm.posts.find((post) => post.message.includes('CMP-1') && !post.root_id));
    await mm.waitFor(() => mm.posts.filter((post) => post.root_id === card.id).length === 2 || undefined);
    expect(mm.posts.filter((post) => post.root_id === card.id).map((post) => /note (\d)/.exec(post.message)?.[1])).toEqual(['1', '2']);
    expect(card.props).toMatchObject({ campaign_notebook_record: { record: 'CMP-1', event: 1 } });

    const beforeLoss = mm.calls.length;
    mm.loseNextPostAnswer();
    await mm.sendCommand(m.app.url, 'note w07 note 3');
    // After the lost answer the sink looks for its post before posting again, and then has nothing left to send.
    await mm.waitFor(() => mm.calls.slice(beforeLoss).some((call) => call.method === 'GET' && call.path.endsWith('/posts')) || undefined);
    await outboxDrained(m.app.url, 'mattermost');
    // (the card, redrawn, shows note 3 as its latest event: only the thread counts)
    expect(mm.posts.filter((post) => post.root_id === card.id && post.message.includes('note 3'))).toHaveLength(1);
    expect(mm.posts).toHaveLength(4);
  }, 30_000);
});
