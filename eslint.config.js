import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers, bottom up (README "How the code is laid out"): lists and links; the domain
// (campaign); the chat layer, the store and the list worker; the outbox worker and the adapters
// (jira, slack, mattermost, console); the composition root (main.ts) and the CLI. Each folder
// below may import only what its rule allows, so an import against the layers fails `npm run lint`
// with the rule's message (test/lint/layers.test.ts proves each rule fails).
const SEE = 'see README "How the code is laid out"';

const SQLITE = {
  name: 'better-sqlite3',
  message: `[layers: SQLite in src/store] only src/store, the composition root (src/main.ts) and the CLI touch SQLite; take the store you need as a parameter (${SEE}).`,
};
const STORE_FACTORIES = {
  regex: '(^|/)store/',
  allowTypeImports: true,
  message: `[layers: stores built at the root] only the composition root (src/main.ts) and the CLI build stores: take the store you need as a parameter (its types may be imported with \`import type\`) (${SEE}).`,
};

/** `no-restricted-imports` for `files`: the folder's own rules, plus SQLite and stores only at the root. */
function layer(files, ...patterns) {
  return { files, rules: { 'no-restricted-imports': ['error', { paths: [SQLITE], patterns: [...patterns, STORE_FACTORIES] }] } };
}

/** A chat platform's rules: it never imports the other platform, another adapter or the composition root. */
function chatPlatform(name, other) {
  return layer(
    [`src/${name}/**`],
    {
      regex: `^\\.\\./${other}/`,
      message: `[layers: Slack and Mattermost never import each other] what both platforms need goes in src/chat (${SEE}).`,
    },
    {
      regex: '^\\.\\./(console|jira|outbox|cli)/|^\\.\\./(main|cli)\\.js$',
      message: `[layers: a chat platform is an adapter] src/${name} imports the chat layer and the domain, not another adapter or the composition root (${SEE}).`,
    },
  );
}

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'data/', 'test-output/', 'src/console/page/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(['src/**/*.ts']),
  layer(['src/lists/**'], {
    regex: '^\\.\\./',
    message: `[layers: lists stand alone] src/lists imports nothing of the application; give it what it needs as parameters (${SEE}).`,
  }),
  layer(['src/links/**'], {
    regex: '^\\.\\./',
    message: `[layers: links stand alone] src/links imports nothing of the application; give it what it needs as parameters (${SEE}).`,
  }),
  layer(['src/campaign/**'], {
    regex: '^(\\.\\./(?!lists/|links/)|@slack/|jira\\.js$)',
    message: `[layers: the domain imports no adapter] src/campaign imports only src/lists and src/links: no chat layer, store, adapter or platform SDK; they call the domain through its ports (${SEE}).`,
  }),
  layer(['src/chat/**'], {
    regex: '^\\.\\./(slack|mattermost|console|jira|outbox|store|cli)/|^\\.\\./(main|cli)\\.js$|^@slack/',
    message: `[layers: the chat layer is platform-neutral] src/chat imports no chat platform, adapter or store; they import it (${SEE}).`,
  }),
  layer(['src/list-worker/**'], {
    regex: '^\\.\\./(?!lists/|worker-thread/)',
    message: `[layers: the list worker only parses lists] src/list-worker imports only src/lists (and src/worker-thread) (${SEE}).`,
  }),
  layer(['src/worker-thread/**'], {
    regex: '^\\.\\./',
    message: `[layers: worker threads stand alone] src/worker-thread starts threads and matches their answers; it imports nothing of the application (${SEE}).`,
  }),
  layer(['src/outbox/**'], {
    regex: '^\\.\\./(?!store/)',
    message: `[layers: the outbox worker knows no sink] src/outbox imports only the outbox store's types; Jira and the chat platforms plug in as sinks (${SEE}).`,
  }),
  layer(['src/jira/**'], {
    regex: '^\\.\\./(slack|mattermost|console|cli)/|^\\.\\./(main|cli)\\.js$',
    message: `[layers: Jira knows no chat platform] src/jira tells the channels through the chat layer's ChatNotifier, never a platform's code (${SEE}).`,
  }),
  chatPlatform('slack', 'mattermost'),
  chatPlatform('mattermost', 'slack'),
  layer(['src/console/**'], {
    regex: '^\\.\\./(?!http-server\\.js$)',
    message: `[layers: the console speaks only Slack's wire format] src/console imports no domain, chat or adapter code; it knows the bot only through HTTP (${SEE}).`,
  }),
  layer(['src/log.ts', 'src/metrics.ts'], {
    regex: '^(@slack/|\\./(slack|mattermost|jira|console)/)',
    message: `[layers: logging and metrics know no platform] a platform's adapter of the logger or metrics lives in its own folder (e.g. src/slack/bolt-logger.ts) (${SEE}).`,
  }),
  {
    files: ['src/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^\\.\\./(?!campaign/|lists/|worker-thread/)',
              message: `[layers: the store knows no chat] src/store imports only the domain, src/lists and src/worker-thread: no chat layer or adapter; the composition root wires it to their ports (${SEE}).`,
            },
          ],
        },
      ],
    },
  },
  // The composition root and the CLI wire everything: they may import anything.
  { files: ['src/main.ts', 'src/cli.ts', 'src/cli/**'], rules: { 'no-restricted-imports': 'off' } },
);
