import { afterEach, describe, expect, it } from 'vitest';
import { LogLevel } from '@slack/bolt';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { ChatDeps } from '../../src/chat/chat-deps.js';
import { text } from '../../src/chat/chat-message.js';
import { startHttpServer, type HttpServer } from '../../src/http-server.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import type { ChatPlatform } from '../../src/chat/chat-platform.js';
import { createSlackPlatform } from '../../src/slack/create-slack-platform.js';
import { createPostMemory } from '../../src/store/create-post-memory.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';

describe('Slack notifier (for the Jira worker)', () => {
  let slack: FakeSlack;
  let server: HttpServer;
  let app: ChatPlatform;
  afterEach(async () => {
    await app.stop();
    await server.close();
    await slack.close();
  });

  it('edits the record message to show the tracker link, and posts in its thread', async () => {
    slack = await startFakeSlack();
    const db = openDatabase(':memory:');
    const posts = createPostMemory(db);
    const notebook = createNotebook({ store: createSqliteStore(db) });
    const chat: ChatDeps = {
      notebook,
      parseList: (content, options) => parseDataIdList(content, options),
      statusLinks: () => [],
      access: { writers: [] },
      atomically: (work) => db.transaction(work)(),
    };
    app = await createSlackPlatform({ botToken: slack.botToken, signingSecret: slack.signingSecret, apiUrl: slack.apiUrl, chat, chatPosts: posts, retries: 0, logLevel: LogLevel.ERROR });
    server = await startHttpServer({ port: 0, routes: app.routes });
    slack.setAppUrl(server.url);

    await slack.slashCommand({ text: 'new w07' });
    const view = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(view.id, { description: 'x' });
    const message = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
    // The post is remembered on the app's side, after Slack answered: poll the post memory.
    for (let i = 0; i < 250 && !posts.findPost('CMP-1', 'slack'); i += 1) await new Promise((resolve) => setTimeout(resolve, 20));

    await app.notifier.trackerLinked('CMP-1', { label: 'DM-4242', url: 'https://jira.example.org/browse/DM-4242' });
    expect(message.edited).toBe(true);
    expect(slack.messageText(message)).toContain('<https://jira.example.org/browse/DM-4242|DM-4242>');

    await app.notifier.postInThread('CMP-1', { title: [text('Jira refused the issue')], blocks: [] });
    expect(slack.threadReplies('C0GENERAL', message.ts).map((m) => m.text)).toEqual(['Jira refused the issue']);
  });
});
