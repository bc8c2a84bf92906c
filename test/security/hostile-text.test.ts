import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { code, link, userText, text, type ChatMessage } from '../../src/chat/chat-message.js';
import { escapeWiki, noformatBlock } from '../../src/jira/wiki-markup.js';
import { renderMessage } from '../../src/slack/render-message.js';
import { alice, openTestNotebook } from '../campaign/open-test-notebook.js';
import { openNotebook, startTestApp, type TestApp } from '../slack/start-test-app.js';

const HOSTILE = [
  '<!channel>',
  '<!here|here>',
  '<!subteam^S0123|@ops>',
  '<@U0BOSS>',
  '<https://evil.example|click>',
  '<mailto:a@evil.example|mail>',
  '&lt;!channel&gt;',
  '```',
  '{noformat}',
  '{noformat:title=x}',
  '[click|https://evil.example]',
  "'; DROP TABLE events; --",
  "Robert'); DROP TABLE campaigns;--",
  '\u0000\u0007\u001b[2J\r\u2028\u202e',
];
const hostileText = fc.oneof(
  fc.constantFrom(...HOSTILE),
  fc.array(fc.oneof(fc.constantFrom(...HOSTILE, '<', '>', '&', '|', '!', '{', '}', '\\', '\n', ' ', 'x'), fc.string({ maxLength: 5 })), { maxLength: 12 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 80 }),
);

/** Every mrkdwn string of rendered blocks (section text, fields, context elements) plus the fallback. */
function mrkdwnStrings(rendered: { text: string; blocks: unknown[] }): string[] {
  const out = [rendered.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(visit);
    else if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(rendered.blocks);
  return out;
}

describe('user text in Slack mrkdwn', () => {
  it('can never open a control sequence (<...>), whatever block it lands in', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const message: ChatMessage = {
          title: [userText(value)],
          blocks: [
            { kind: 'paragraph', parts: [text('Note: '), userText(value), code(value)] },
            { kind: 'fields', fields: [{ label: value, value: [userText(value)] }] },
            { kind: 'context', parts: [userText(value)] },
            { kind: 'preformatted', text: value, user: true },
            { kind: 'links', links: [{ label: value, command: value }] },
          ],
        };
        for (const mrkdwn of mrkdwnStrings(renderMessage(message))) {
          expect(mrkdwn).not.toMatch(/[<>]/);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps a link one link: the label cannot end it or add a second target', () => {
    fc.assert(
      fc.property(hostileText, hostileText, (label, path) => {
        const url = `https://status.example/tasks/?name=${path}`;
        const [paragraph] = mrkdwnStrings(renderMessage({ title: [text('t')], blocks: [{ kind: 'paragraph', parts: [link(url, label)] }] })).slice(1);
        expect(paragraph).toMatch(/^<https:\/\/status\.example\/tasks\/\?name=[^<>| ]*\|[^<>|]*>$/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('user text in Jira wiki markup', () => {
  it('escapes every markup character outside a noformat block', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const escaped = escapeWiki(value);
        // remove escapes; what is left must hold no markup character
        expect(escaped.replace(/\\./gs, '')).not.toMatch(/[{}[\]|*_^~!\\]/);
      }),
      { numRuns: 2000 },
    );
  });

  it('cannot end a noformat block early: blocks pair up and hold no {noformat} of the user', () => {
    fc.assert(
      fc.property(hostileText, (value) => {
        const wiki = noformatBlock(value);
        const markers = [...wiki.matchAll(/(?<!\\)\{noformat[^}]*\}/g)];
        expect(markers.length % 2).toBe(0);
        for (const marker of markers) expect(marker[0]).toBe('{noformat}');
        // each block opens on its own line and closes on its own line
        for (let i = 0; i < markers.length; i += 2) {
          const open = markers[i]!.index;
          const close = markers[i + 1]!.index;
          expect(open === 0 || wiki[open - 1] === '\n').toBe(true);
          expect(wiki[open + '{noformat}'.length]).toBe('\n');
          expect(wiki[close - 1]).toBe('\n');
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('user text in SQL', () => {
  it('stores and reads back injection attempts and control characters verbatim (bound parameters)', () => {
    const { notebook, db } = openTestNotebook();
    const tablesBefore = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all();
    const nasty = HOSTILE.join(' | ');
    const campaign = notebook.defineCampaign({ shortName: 'w07', description: nasty, butlerRepo: "/repo'; DROP TABLE lists; --" }, alice);
    for (const value of HOSTILE) notebook.addNote(campaign.id, `note ${value}`, alice);
    const shown = notebook.show('w07');
    expect(shown.campaign.description).toBe(nasty);
    expect(shown.campaign.butlerRepo).toBe("/repo'; DROP TABLE lists; --");
    const notes = notebook.history(campaign.id).filter((event) => event.kind === 'note_added');
    expect(notes.map((event) => event.payload.text)).toEqual(HOSTILE.map((value) => `note ${value}`.trim()));
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all()).toEqual(tablesBefore);
    // A string dimension value that reads as SQL matches nothing and breaks nothing.
    expect(notebook.why({ instrument: "LSSTCam' OR '1'='1" })).toEqual([]);
    expect(notebook.listCampaigns().length).toBe(1);
    db.close();
  });
});

describe('hostile text through the real Slack app', () => {
  let t: TestApp;
  afterEach(async () => {
    await t.close();
  });

  it('posts a campaign and a note whose text tries to mention everyone and forge links, inert', async () => {
    t = await startTestApp();
    const { slack } = t;
    const hostile = '<!channel> <!here> <@U0BOSS> <https://evil.example|click> &amp; ``` {noformat}';
    await slack.slashCommand({ text: 'new w07' });
    const form = await slack.waitFor(() => slack.lastOpenView());
    const submitted = await slack.submitView(form.id, { description: hostile });
    expect(submitted.json?.response_action).toBeUndefined();
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
    await slack.slashCommand({ text: `note CMP-1 ${hostile}` });
    await slack.waitFor(() => slack.state.messages.length + slack.state.ephemerals.length >= 2);

    const posted = [...slack.state.messages, ...slack.state.ephemerals].map((m) => JSON.stringify({ text: m.text, blocks: m.blocks }));
    expect(posted.length).toBeGreaterThan(1);
    for (const message of posted) {
      expect(message).not.toContain('<!channel>');
      expect(message).not.toContain('<!here>');
      expect(message).not.toContain('<@U0BOSS>');
      expect(message).not.toContain('<https://evil');
    }
    expect(posted.join('\n')).toContain('&lt;!channel&gt;');
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      expect(notebook.show('CMP-1').campaign.description).toBe(hostile);
    } finally {
      close();
    }
  });
});
