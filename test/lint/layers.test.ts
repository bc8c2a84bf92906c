import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layer rules of eslint.config.js, proved on fixture files: each forbidden import fails the
// lint with its rule's message, and the imports each layer is meant to make pass.
const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The no-restricted-imports messages for `code` placed at `filePath` (relative to the repository). */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport {};\n`, { filePath: `${root}${filePath}` });
  return result!.messages.filter((message) => message.ruleId === 'no-restricted-imports').map((message) => message.message);
}

describe('the layer rules (npm run lint)', () => {
  it.each([
    ['src/lists/fixture.ts', "import { UserError } from '../campaign/user-error.js';", '[layers: lists stand alone]'],
    ['src/links/fixture.ts', "import type { FileConfig } from '../config.js';", '[layers: links stand alone]'],
    ['src/campaign/fixture.ts', "import type { ChatPosts } from '../chat/chat-posts.js';", '[layers: the domain imports no adapter]'],
    ['src/campaign/fixture.ts', "import type { JiraApi } from '../jira/jira-api.js';", '[layers: the domain imports no adapter]'],
    ['src/campaign/fixture.ts', "import { App } from '@slack/bolt';", '[layers: the domain imports no adapter]'],
    ['src/chat/fixture.ts', "import { renderModal } from '../slack/render-modal.js';", '[layers: the chat layer is platform-neutral]'],
    ['src/console/fixture.ts', "import { campaignId } from '../campaign/record-reference.js';", "[layers: the console speaks only Slack's wire format]"],
    ['src/console/fixture.ts', "import type { ChatMessage } from '../chat/chat-message.js';", "[layers: the console speaks only Slack's wire format]"],
    ['src/slack/fixture.ts', "import { renderMarkdown } from '../mattermost/render-markdown.js';", '[layers: Slack and Mattermost never import each other]'],
    ['src/mattermost/fixture.ts', "import { escapeMrkdwn } from '../slack/escape-mrkdwn.js';", '[layers: Slack and Mattermost never import each other]'],
    ['src/store/fixture.ts', "import type { ChatPost } from '../chat/chat-posts.js';", '[layers: the store knows no chat]'],
    ['src/outbox/fixture.ts', "import { jiraSink } from '../jira/jira-sink.js';", '[layers: the outbox worker knows no sink]'],
    ['src/jira/fixture.ts', "import { createSlackApp } from '../slack/create-slack-app.js';", '[layers: Jira knows no chat platform]'],
    ['src/jira/fixture.ts', "import Database from 'better-sqlite3';", '[layers: SQLite in src/store]'],
    ['src/jira/fixture.ts', "import { createOutboxStore } from '../store/outbox-store.js';", '[layers: stores built at the root]'],
    ['src/slack/fixture.ts', "import { createPostMemory } from '../store/create-post-memory.js';", '[layers: stores built at the root]'],
    ['src/ops-routes.ts', "import { openDatabase } from './store/open-database.js';", '[layers: stores built at the root]'],
    ['src/log.ts', "import { LogLevel } from '@slack/bolt';", '[layers: logging and metrics know no platform]'],
  ])('%s: refuses %s', async (filePath, code, rule) => {
    const errors = await layerErrors(filePath, code);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(rule);
    expect(errors[0]).toContain('see README "How the code is laid out"');
  });

  it.each([
    ['src/campaign/fixture.ts', "import type { DataIdList } from '../lists/data-id-list.js';"],
    ['src/chat/fixture.ts', "import { campaignId } from '../campaign/record-reference.js';\nimport { statusLinks } from '../links/status-links.js';"],
    ['src/jira/fixture.ts', "import type { OutboxStore } from '../store/outbox-store.js';\nimport type { ChatNotifier } from '../chat/chat-notifier.js';"],
    ['src/outbox/fixture.ts', "import type { OutboxItem } from '../store/outbox-store.js';"],
    ['src/console/fixture.ts', "import type { Route } from '../http-server.js';"],
    ['src/store/fixture.ts', "import Database from 'better-sqlite3';\nimport type { NotebookStore } from '../campaign/notebook-store.js';"],
    ['src/main.ts', "import Database from 'better-sqlite3';\nimport { createSqliteStore } from './store/create-sqlite-store.js';"],
    ['src/cli/fixture.ts', "import { createOutboxStore } from '../store/outbox-store.js';"],
  ])('%s: allows %s', async (filePath, code) => {
    expect(await layerErrors(filePath, code)).toEqual([]);
  });
});
