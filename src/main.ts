import { pathToFileURL } from 'node:url';
import { LogLevel } from '@slack/bolt';
import { createNotebook } from './campaign/create-notebook.js';
import type { ChatDeps } from './chat/chat-deps.js';
import type { ListParseOptions } from './chat/validate-form.js';
import type { ChatNotifier } from './chat/chat-notifier.js';
import type { ChatPosts } from './chat/chat-posts.js';
import { combineNotifiers } from './chat/chat-notifier.js';
import { createLocalConsole, type LocalConsole } from './console/create-local-console.js';
import { LOCAL_STATUS_TOOLS } from './links/local-status-tools.js';
import { readEnvConfig, readFileConfig } from './config.js';
import { startHttpServer } from './http-server.js';
import { createAnswersFirst } from './answers-first.js';
import { boltLogger, createAppLog } from './log.js';
import { createMetrics, NOTEBOOK_METRICS } from './metrics.js';
import { countedRoute, opsRoutes } from './ops-routes.js';
import { createJiraApi } from './jira/jira-api.js';
import { timeJiraCalls } from './jira/time-jira-calls.js';
import { parseDataIdList } from './lists/parse-data-id-list.js';
import { createListWorker } from './list-worker/create-list-worker.js';
import { createSlackApp, type SlackApp } from './slack/create-slack-app.js';
import { createMattermostAdapter, type MattermostAdapter } from './mattermost/create-mattermost-adapter.js';
import { createSqliteStore } from './store/create-sqlite-store.js';
import { openDatabase } from './store/open-database.js';
import { createCommitBarrier } from './store/commit-barrier.js';
import { workflowStatusLinks } from './chat/workflow-status-links.js';
import { jiraMirrorConfig } from './jira/jira-mirror-config.js';
import { jiraNoticesForChat, jiraSyncReply, jiraTrackerLink } from './jira/jira-chat-wiring.js';
import { kickAfterWrites } from './jira/kick-after-writes.js';
import { disableJiraMirror, startJiraMirror, type JiraMirror } from './jira/start-jira-mirror.js';

export interface RunningApp {
  /** Where the HTTP server listens, e.g. `http://127.0.0.1:3000`. */
  readonly url: string;
  /** Local mode only (no chat platform configured): the console page, e.g. `http://localhost:3000/`. */
  readonly consoleUrl?: string;
  close(): Promise<void>;
}

const LOG_LEVELS: Readonly<Record<string, LogLevel>> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/**
 * Wires everything from the environment it is given (the only reader of it): config, database,
 * notebook, the chat platforms, and one HTTP server. `PORT=0` picks a free port (tests).
 * Extra env read here: HOST (listen address, default 0.0.0.0), LOG_LEVEL (debug|info|warn|error),
 * SLACK_API_RETRIES (WebClient retries; tests set 0).
 */
export async function startApp(env: NodeJS.ProcessEnv = process.env): Promise<RunningApp> {
  const envConfig = readEnvConfig(env);
  const fileConfig = readFileConfig(envConfig.configPath, envConfig.configRequired);
  // Local mode: no chat platform configured, so the bot runs as in production against a Slack
  // stand-in served on this same server (the console); it answers anyone, so loopback by default.
  const localMode = !envConfig.slack && !envConfig.mattermost;
  const statusTools = fileConfig.status_tools ?? (localMode ? LOCAL_STATUS_TOOLS : {});
  const logLevel = LOG_LEVELS[(env.LOG_LEVEL ?? 'info').toLowerCase()] ?? LogLevel.INFO;
  // JSON-lines log with credentials redacted, Prometheus metrics.
  const metrics = createMetrics(NOTEBOOK_METRICS);
  const { log } = createAppLog(env, { onError: () => metrics.count('campaign_errors_total') });

  const jiraConfig = jiraMirrorConfig(envConfig.jira, fileConfig);
  // Group commit: many requests' commits share one fsync, run off the event loop; nothing is
  // acknowledged (chat reply, channel post, Jira call) before the barrier says it is on disk.
  const db = openDatabase(envConfig.databasePath, { syncEachCommit: false });
  const commits = createCommitBarrier(db);
  const store = createSqliteStore(db);
  if (!jiraConfig) disableJiraMirror(db);
  let jira: JiraMirror | undefined;
  // The Jira worker looks at the outbox right after each commit (it also polls).
  const notebook = kickAfterWrites(createNotebook({ store }), () => jira?.kick());
  const listLimits = {
    ...(fileConfig.lists?.max_inflated_bytes ? { maxInflatedBytes: fileConfig.lists.max_inflated_bytes } : {}),
    ...(fileConfig.lists?.max_entries ? { maxEntries: fileConfig.lists.max_entries } : {}),
  };
  const listWorker = createListWorker({ limits: listLimits });
  // The chat platforms' notifiers, as each adapter starts (combineNotifiers reads the array at each call).
  const notifiers: ChatNotifier[] = [];
  const notifier = combineNotifiers(notifiers);
  const chat: ChatDeps = {
    notifier,
    notebook,
    atomically: (work) => db.transaction(work)(),
    flushed: () => commits.flushed(),
    // Lists read after the ack are parsed in a worker thread: a million entries would block the event loop for seconds.
    parseList: Object.assign((content: string | Uint8Array, options: ListParseOptions) => parseDataIdList(content, { ...options, limits: listLimits }), {
      inBackground: (content: string | Uint8Array, options: ListParseOptions) => listWorker.parse(content, options),
    }),
    statusLinks: (campaign, workflow) => workflowStatusLinks(statusTools, campaign, workflow),
    access: {
      writers: fileConfig.access?.writers ?? [],
      teamIds: {
        ...(fileConfig.slack?.team_id ? { slack: fileConfig.slack.team_id } : {}),
        ...(fileConfig.mattermost?.team_id ? { mattermost: fileConfig.mattermost.team_id } : {}),
      },
    },
    ...(jiraConfig
      ? {
          trackerLink: (recordId: string) => (jira ? jiraTrackerLink(jira.syncState(recordId)) : undefined),
          sync: () => (jira ? jiraSyncReply(jira) : 'The Jira mirror is not running yet.'),
        }
      : {}),
  };

  // A tracker link can arrive before the record's channel message is stored (Jira faster than the
  // chat API): once the message is stored, it is updated to the link already known, on that platform.
  const chatPosts: ChatPosts = {
    findPost: (recordId, platform) => store.findPost(recordId, platform),
    rememberPost(post) {
      store.rememberPost(post);
      // The same link the worker's onLinked notice shows (one indexed read, not the whole sync state).
      const issue = jira?.issueOf(post.recordId);
      if (!issue) return;
      const link = { label: issue.key, url: issue.url };
      for (const platformNotifier of notifiers.filter((each) => each.platforms.includes(post.platform))) {
        platformNotifier.trackerLinked(post.recordId, link).catch((error: unknown) => log.warn(`tracker link of ${post.recordId} not shown: ${(error as Error).message}`));
      }
    },
  };

  // Work after a chat request's ack waits for a moment when no chat request waits for its answer.
  const answersFirst = createAnswersFirst({ maxWaitMs: 5_000 });
  const server = await startHttpServer({
    port: envConfig.port,
    host: env.HOST || (localMode ? '127.0.0.1' : '0.0.0.0'),
    routes: opsRoutes({ db, metrics, log }),
    log: (line) => log.error(line),
  });

  let slack: SlackApp | undefined;
  let mattermost: MattermostAdapter | undefined;
  let localConsole: LocalConsole | undefined;
  try {
    if (localMode) {
      localConsole = createLocalConsole({ baseUrl: server.url });
      for (const route of localConsole.routes) server.addRoute(route);
    }
    const slackSettings = envConfig.slack ?? localConsole?.slack;
    if (slackSettings) {
      slack = await createSlackApp({
        botToken: slackSettings.botToken,
        signingSecret: slackSettings.signingSecret,
        ...(envConfig.slack?.appToken ? { appToken: envConfig.slack.appToken } : {}),
        ...(slackSettings.apiUrl ? { apiUrl: slackSettings.apiUrl } : {}),
        chat,
        chatPosts,
        ...(fileConfig.lists?.max_upload_bytes ? { maxUploadBytes: fileConfig.lists.max_upload_bytes } : {}),
        // Retrying a call to the stand-in on this same server cannot help.
        ...(localConsole ? { retries: 0 } : env.SLACK_API_RETRIES !== undefined ? { retries: Number(env.SLACK_API_RETRIES) } : {}),
        logLevel,
        logger: boltLogger(log, logLevel),
        afterAnswers: () => answersFirst.afterAnswers(),
        metrics,
      });
      if (slack.route) server.addRoute(countedRoute(answersFirst.tracked(slack.route), metrics));
      await slack.start();
      notifiers.push(slack.notifier);
    }

    if (envConfig.mattermost) {
      mattermost = createMattermostAdapter({
        ...envConfig.mattermost,
        chat,
        chatPosts,
        log: (line) => log.error(line),
        warn: (line) => log.warn(line),
        afterAnswers: () => answersFirst.afterAnswers(),
      });
      for (const route of mattermost.routes) server.addRoute(countedRoute(answersFirst.tracked(route), metrics));
      notifiers.push(mattermost.notifier);
    }

    // The Jira outbox worker tells the channels through `notifier` (links, refusals, parked queue).
    if (jiraConfig) {
      const jiraLog = (line: string) => (/worker error|failed/i.test(line) ? log.error(line) : log.info(line));
      jira = startJiraMirror({
        db,
        config: jiraConfig,
        notices: jiraNoticesForChat(notifier, notebook, jiraLog),
        api: timeJiraCalls(createJiraApi({ host: jiraConfig.host, auth: jiraConfig.auth, timeoutMs: 20_000 }), metrics),
        log: jiraLog,
        flushed: () => commits.flushed(),
      });
    }
  } catch (error) {
    localConsole?.close();
    await slack?.stop();
    await jira?.close();
    await server.close();
    await listWorker.close();
    db.close();
    throw error;
  }

  const port = new URL(server.url).port;
  return {
    url: server.url,
    ...(localConsole ? { consoleUrl: `http://localhost:${port}/` } : {}),
    async close() {
      // Stop taking requests first (in-flight ones finish), then the work they started after the ack
      // (in local mode that work talks to the stand-in on this same server: close it last).
      const serverClosed = localConsole ? undefined : server.close();
      localConsole?.close();
      await slack?.stop();
      await mattermost?.drain();
      await (serverClosed ?? server.close());
      // Lets the Jira call in flight finish and be recorded before the database closes.
      await jira?.close();
      await listWorker.close();
      await commits.flushed();
      db.close();
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { log } = createAppLog(process.env);
  startApp().then(
    (running) => {
      log.info(`campaign-notebook listening on ${running.url}`);
      if (running.consoleUrl) {
        console.log(
          `No Slack or Mattermost credentials set: local mode, with a Slack stand-in on this server.\n` +
            `Local console: ${running.consoleUrl}\n` +
            `(For real Slack set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, see .env.sample.)`,
        );
      }
      const shutdown = (signal: string) => {
        log.info(`${signal}: shutting down`);
        running.close().then(
          () => {
            log.info('campaign-notebook stopped: requests finished, database closed');
            process.exit(0);
          },
          (error: unknown) => {
            log.error(`shutdown failed: ${(error as Error)?.stack ?? String(error)}`);
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    },
    (error: unknown) => {
      log.error(`campaign-notebook could not start: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
