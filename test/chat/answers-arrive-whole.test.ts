import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/campaign/records.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import type { FakeSlack } from '../fakes/fake-slack.js';
import { startMattermostTestApp, type MattermostTestApp } from '../mattermost/start-mattermost-test-app.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';

const pilot: Actor = { id: 'slack:U0PILOT', name: 'pilot' };
const oneLine = (value: string) => value.replace(/\s+/g, ' ');

/** A note of about `length` characters that says where it starts and ends, in plain words. */
const noteText = (index: number, length: number) => `note${index} ${'lorem ipsum '.repeat(Math.ceil(length / 12))}end${index}`;

/** A campaign `w07` with `count` long notes, written through a second connection to the app's database. */
function campaignWithNotes(databasePath: string, count: number, length: number): string[] {
  const { notebook, close } = openNotebook(databasePath);
  try {
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly reprocessing' }, pilot);
    const notes = Array.from({ length: count }, (_, index) => noteText(index + 1, length));
    for (const note of notes) notebook.addNote('w07', note, pilot);
    return notes;
  } finally {
    close();
  }
}

/** `count` workflows whose inclusion lists all name visit=1, each list with a long reason. */
function workflowsNamingVisit1(databasePath: string, count: number, reasonLength: number): void {
  const { notebook, close } = openNotebook(databasePath);
  try {
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly reprocessing' }, pilot);
    for (let index = 1; index <= count; index += 1) {
      const list = parseDataIdList(`visit=1\nvisit=${1000 + index}`, { source: 'test', format: 'lines' });
      notebook.startWorkflow('w07', { label: `step${index}`, wms: 'panda' }, [{ kind: 'include', reason: noteText(index, reasonLength), list }], pilot);
    }
  } finally {
    close();
  }
}

/** The pages of `history w07`, each as the messages the person saw, following the next-page hints. */
async function allHistoryPages(ask: (text: string) => Promise<string[]>): Promise<string[][]> {
  const pages: string[][] = [];
  for (let page = 1; page <= 20; page += 1) {
    const messages = await ask(`history w07 ${page}`);
    pages.push(messages);
    if (!messages.at(-1)!.includes(`/campaign history w07 ${page + 1}`)) return pages;
  }
  throw new Error('more than 20 pages');
}

/** Later parts are titled "(continued, k of n)": waits until all n parts are there. */
async function allParts(waitFor: FakeSlack['waitFor'], parts: () => string[]): Promise<string[]> {
  return waitFor(() => {
    const seen = parts();
    const of = seen.map((part) => /\(continued, \d+ of (\d+)\)/.exec(part)?.[1]).find(Boolean);
    if (of === undefined) return false;
    return seen.length >= Number(of) && seen.some((part) => part.includes(`(continued, ${of} of ${of})`)) && seen;
  });
}

describe('Mattermost: long answers arrive whole', () => {
  let t: MattermostTestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** What the person saw for one command: the HTTP answer, then what came through its response_url. */
  async function ask(text: string): Promise<string[]> {
    const before = t!.mm.responses.length;
    const answer = await t!.mm.sendCommand(t!.app.url, text);
    expect(answer.status).toBe(200);
    const first = String(answer.body?.text ?? '');
    const following = () => t!.mm.responses.slice(before).map((response) => String(response.body.text));
    if (!/continued/.test(following()[0] ?? '')) await new Promise((resolve) => setTimeout(resolve, 200));
    if (following().length === 0) return [first];
    return allParts(t!.mm.waitFor, () => [first, ...following()]);
  }

  it('pages a history of long notes so that each page arrives whole within the 5 posts of the response_url', async () => {
    t = await startMattermostTestApp();
    // 30 notes of 5,000 characters: 25 events, today's page, need 9 posts (16,383 characters each).
    const notes = campaignWithNotes(t.databasePath, 30, 5_000);
    const pages = await allHistoryPages(ask);

    expect(t.mm.refusedResponses).toEqual([]);
    expect(t.mm.ephemeral).toEqual([]);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(6);
      for (const post of page) expect([...post].length).toBeLessThanOrEqual(16_383);
    }
    const seen = oneLine(pages.flat().join(' '));
    for (const note of notes) expect(seen.split(note).length - 1).toBe(1);
    expect(pages[0]![0]).toContain(`(31 events, page 1 of ${pages.length})`);
  });

  it('says how much of a long why is left out, and where the rest is, instead of losing its end', async () => {
    t = await startMattermostTestApp();
    // 40 matches with reasons of 3,000 characters: 8 posts, 2 more than a command's answer takes.
    workflowsNamingVisit1(t.databasePath, 40, 3_000);
    const messages = await ask('why visit=1');

    expect(t.mm.refusedResponses).toEqual([]);
    expect(messages.length).toBe(6);
    const shown = messages.join('\n').split('**Included**').length - 1;
    const notice = /…(\d+) more lines do not fit in the 6 messages a command's answer may take\. All of them, on the command line: `campaign why visit=1 --json`\./.exec(messages.at(-1)!);
    expect(notice).not.toBeNull();
    expect(shown + Number(notice![1])).toBe(40);
    expect(shown).toBeGreaterThan(20);
  });
});

describe('Slack: long answers arrive whole', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  /** What the person saw for one command: the ack's message, then what came through its response_url. */
  async function ask(text: string): Promise<string[]> {
    const { slack } = t!;
    const before = slack.state.ephemerals.length;
    const response = await slack.slashCommand({ text });
    expect(response.status).toBe(200);
    const seen = () => slack.state.ephemerals.slice(before).map((message) => slack.messageText(message));
    await slack.waitFor(() => seen().length > 0);
    if (seen().length === 1) await new Promise((resolve) => setTimeout(resolve, 200));
    if (seen().length === 1) return seen();
    return allParts(slack.waitFor, seen);
  }

  const responseUrlRefusals = () => t!.slack.calls.filter((call) => call.method === 'response_url' && call.answered?.status !== 200);

  it('pages a history of long notes so that each page arrives whole, none of it shortened', async () => {
    t = await startTestApp();
    // 30 notes of 4,000 characters: 25 events, today's page, need 13 messages.
    const notes = campaignWithNotes(t.databasePath, 30, 4_000);
    const pages = await allHistoryPages(ask);

    expect(responseUrlRefusals()).toEqual([]);
    expect(t.slack.state.ephemerals.filter((message) => message.via === 'slack')).toEqual([]);
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) {
      expect(page.length).toBeLessThanOrEqual(6);
      for (const message of page) expect(message).not.toContain('shortened');
    }
    const seen = oneLine(pages.flat().join(' '));
    for (const note of notes) expect(seen.split(note).length - 1).toBe(1);
  });

  it('says how much of a long why is left out, and where the rest is', async () => {
    t = await startTestApp();
    workflowsNamingVisit1(t.databasePath, 40, 3_000);
    const messages = await ask('why visit=1');

    expect(responseUrlRefusals()).toEqual([]);
    expect(messages.length).toBe(6);
    const shown = messages.join('\n').split('*Included*').length - 1;
    const notice = /…(\d+) more lines do not fit in the 6 messages a command's answer may take\. All of them, on the command line: `campaign why visit=1 --json`\./.exec(messages.at(-1)!);
    expect(notice).not.toBeNull();
    expect(shown + Number(notice![1])).toBe(40);
  });
});
