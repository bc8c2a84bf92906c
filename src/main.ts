import { pathToFileURL } from 'node:url';
import { LogLevel } from '@slack/bolt';
import { createNotebook } from './campaign/create-notebook.js';
import { PLATFORM_NAMES } from './chat/chat-request.js';
import type { ChatDeps } from './chat/chat-deps.js';
import type { ListParseOptions } from './chat/validate-form.js';
import type { ChatPlatform, ChatPlatformDeps } from './chat/chat-platform.js';
import { channelSink, type ChannelQueue } from './chat/channel-sink.js';
import type { ChatMessage, MessageLink } from './chat/chat-message.js';
import type { ChannelRef } from './campaign/records.js';
import { describeChannelRows, syncReply, type Requeueable } from './chat/outbox-replies.js';
import { startOutboxWorker, type OutboxWorker } from './outbox/start-outbox-worker.js';
import { createChannelOutboxStore, createChannelQueueWrites } from './store/channel-outbox-store.js';
import { createLocalConsole, type LocalConsole } from './console/create-local-console.js';
import { LOCAL_STATUS_TOOLS } from './links/local-status-tools.js';
import { listLimitsOf, readEnvConfig, readFileConfig, remindersOf, type EnvConfig, type FileConfig } from './config.js';
import { systemClock, type Clock } from './clock.js';
import { startReminders, type Reminders } from './chat/start-reminders.js';
import { startHttpServer } from './http-server.js';
import { createAnswersFirst } from './answers-first.js';
import { createAppLog, type Log } from './log.js';
import { createMetrics, NOTEBOOK_METRICS, type Metrics } from './metrics.js';
import { countedRoute, opsRoutes } from './ops-routes.js';
import { createJiraApi } from './jira/jira-api.js';
import { timeJiraCalls } from './jira/time-jira-calls.js';
import { universeWith } from './lists/dimension-universe.js';
import { parseDataIdList } from './lists/parse-data-id-list.js';
import { createListWorker } from './list-worker/create-list-worker.js';
import { createExportWorker } from './store/create-export-worker.js';
import { boltLogger } from './slack/bolt-logger.js';
import { createSlackPlatform } from './slack/create-slack-platform.js';
import { createMattermostPlatform } from './mattermost/create-mattermost-platform.js';
import { createHealthReads } from './store/create-health-reads.js';
import { createPostMemory } from './store/create-post-memory.js';
import { createSqliteStore } from './store/create-sqlite-store.js';
import { openDatabase } from './store/open-database.js';
import { createOutboxStore } from './store/outbox-store.js';
import { createCommitBarrier } from './store/commit-barrier.js';
import { workflowStatusLinks } from './chat/workflow-status-links.js';
import { jiraMirrorConfig } from './jira/jira-mirror-config.js';
import { jiraNoticesForChat, jiraTrackerLink } from './jira/jira-chat-wiring.js';
import { kickAfterWrites } from './jira/kick-after-writes.js';
import { JIRA_SINK } from './jira/jira-sink.js';
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

/** Builds one chat platform from what every platform is built from. */
interface OpenPlatform {
  readonly name: ChatPlatform['name'];
  open(deps: ChatPlatformDeps): Promise<ChatPlatform>;
}

const CHAT_PLATFORMS: readonly ChatPlatform['name'][] = ['slack', 'mattermost'];

/**
 * How the chat outboxes retry (DESIGN.md: a channel post lands within about 15 s of the platform
 * coming back): CHANNEL_RETRY_MS=<first>,<max> (default 1000,15000; max at most 15000), and
 * SLACK_CHANNEL_PACE_MS, the least time between two posts of one campaign on Slack (default 1000).
 */
function channelOutboxSettings(env: NodeJS.ProcessEnv): { backoff: { baseMs: number; maxMs: number }; slackPaceMs?: number } {
  const [first, max] = (env.CHANNEL_RETRY_MS ?? '1000,15000').split(',').map(Number);
  if (!Number.isFinite(first) || !Number.isFinite(max) || first! <= 0 || max! < first!) {
    throw new Error(`CHANNEL_RETRY_MS must be "<first ms>,<max ms>" (e.g. 1000,15000), got "${env.CHANNEL_RETRY_MS}"`);
  }
  const pace = env.SLACK_CHANNEL_PACE_MS === undefined ? undefined : Number(env.SLACK_CHANNEL_PACE_MS);
  if (pace !== undefined && !(pace >= 0)) throw new Error(`SLACK_CHANNEL_PACE_MS must be a number of ms, got "${env.SLACK_CHANNEL_PACE_MS}"`);
  return { backoff: { baseMs: first!, maxMs: Math.min(max!, 15_000) }, ...(pace === undefined ? {} : { slackPaceMs: pace }) };
}

/**
 * The chat platforms that are on: Slack (HTTP or Socket Mode; in local mode, the console's Slack
 * stand-in) and Mattermost. A new platform is one more entry here.
 */
function platformsOn(options: {
  readonly env: NodeJS.ProcessEnv;
  readonly envConfig: EnvConfig;
  readonly fileConfig: FileConfig;
  /** Local mode: the console's stand-in, as the bot's Slack. */
  readonly localSlack: LocalConsole['slack'] | undefined;
  readonly log: Log;
  readonly logLevel: LogLevel;
  readonly metrics: Metrics;
  readonly slackPaceMs?: number;
}): OpenPlatform[] {
  const { env, envConfig, fileConfig, localSlack, log, logLevel, metrics } = options;
  const platforms: OpenPlatform[] = [];
  const slack = envConfig.slack ?? localSlack;
  if (slack) {
    platforms.push({
      name: 'slack',
      open: (deps) =>
      createSlackPlatform({
        ...deps,
        botToken: slack.botToken,
        signingSecret: slack.signingSecret,
        ...(envConfig.slack?.appToken ? { appToken: envConfig.slack.appToken } : {}),
        ...(slack.apiUrl ? { apiUrl: slack.apiUrl } : {}),
        ...(fileConfig.lists?.max_upload_bytes ? { maxUploadBytes: fileConfig.lists.max_upload_bytes } : {}),
        // Retrying a call to the stand-in on this same server cannot help.
        ...(localSlack ? { retries: 0 } : env.SLACK_API_RETRIES !== undefined ? { retries: Number(env.SLACK_API_RETRIES) } : {}),
        logLevel,
        logger: boltLogger(log, logLevel),
        metrics,
        ...(options.slackPaceMs !== undefined ? { channelPaceMs: options.slackPaceMs } : {}),
      }),
    });
  }
  const mattermost = envConfig.mattermost;
  if (mattermost) {
    const maxFileSize = fileConfig.mattermost?.max_file_size;
    platforms.push({
      name: 'mattermost',
      open: async (deps) =>
        createMattermostPlatform({ ...deps, ...mattermost, ...(maxFileSize ? { maxUploadRequestBytes: maxFileSize } : {}), log: (line) => log.error(line), warn: (line) => log.warn(line) }),
    });
  }
  return platforms;
}

/**
 * Wires everything from the environment it is given (the only reader of it): config, database,
 * notebook, the chat platforms, and one HTTP server. `PORT=0` picks a free port (tests).
 * Extra env read here: HOST (listen address, default 0.0.0.0), LOG_LEVEL (debug|info|warn|error),
 * SLACK_API_RETRIES (WebClient retries of answers; tests set 0), CHANNEL_RETRY_MS and
 * SLACK_CHANNEL_PACE_MS (channelOutboxSettings).
 */
export async function startApp(env: NodeJS.ProcessEnv = process.env, options: { readonly clock?: Clock } = {}): Promise<RunningApp> {
  // The time of events and of reminders (tests give one they advance).
  const clock = options.clock ?? systemClock;
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
  const channelSettings = channelOutboxSettings(env);
  // Group commit: many requests' commits share one fsync, run off the event loop; nothing is
  // acknowledged (chat reply, channel post, Jira call) before the barrier says it is on disk.
  const db = openDatabase(envConfig.databasePath, { syncEachCommit: false });
  const commits = createCommitBarrier(db);
  const store = createSqliteStore(db);
  const posts = createPostMemory(db);
  const jiraOutbox = createOutboxStore(db, JIRA_SINK);
  if (!jiraConfig) disableJiraMirror(jiraOutbox);
  let jira: JiraMirror | undefined;
  // One outbox worker per chat platform that is on: its channel posts, card redraws and notices.
  const channelWorkers: { readonly name: ChatPlatform['name']; readonly worker: OutboxWorker }[] = [];
  const kickChannels = () => channelWorkers.forEach(({ worker }) => worker.kick());
  // The workers look at the outbox right after each commit (they also poll).
  const listLimits = listLimitsOf(fileConfig);
  const notebook = kickAfterWrites(
    createNotebook({ store, now: () => clock.now(), universe: universeWith(listLimits.extraDimensions) }),
    () => {
      jira?.kick();
      kickChannels();
    },
  );
  const reminderSettings = remindersOf(fileConfig);
  const listWorker = createListWorker({ limits: listLimits });
  // The platforms that will be on (in local mode, Slack is the console's stand-in).
  const channelPlatforms = [...(envConfig.slack || localMode ? (['slack'] as const) : []), ...(envConfig.mattermost ? (['mattermost'] as const) : [])];
  // Events queue for a platform's channels only while it is on (rows already queued wait for it).
  const channelOutboxes = new Map(CHAT_PLATFORMS.map((name) => [name, createChannelOutboxStore(db, name)] as const));
  for (const [name, outbox] of channelOutboxes) outbox.setEnabled((channelPlatforms as readonly string[]).includes(name));
  const issueLink = (recordId: string): MessageLink | undefined => {
    const issue = jira?.issueOf(recordId);
    return issue ? { label: issue.key, url: issue.url } : undefined;
  };
  const outboxesToSync = (): Requeueable[] => [
    ...channelWorkers.map(({ name, worker }) => ({ noun: `${PLATFORM_NAMES[name]} post`, requeueFailed: () => worker.requeueFailed() })),
    ...(jira ? [{ noun: 'Jira item', requeueFailed: () => jira!.requeueFailed() }] : []),
  ];
  const exportWorker = envConfig.databasePath === ':memory:' ? undefined : createExportWorker(envConfig.databasePath);
  const chat: ChatDeps = {
    channelPlatforms,
    channelState: (recordId) => {
      const lines = channelPlatforms.map((name) => {
        const outbox = channelOutboxes.get(name)!;
        return describeChannelRows(name, outbox.recordRowCounts(recordId), outbox.sink().parkedReason);
      });
      return lines.filter(Boolean).join('; ') || undefined;
    },
    sync: () => syncReply(outboxesToSync()),
    redrawCard: (recordId) => channelQueue.queueCardRedraw(recordId),
    notebook,
    atomically: (work) => db.transaction(work)(),
    flushed: () => commits.flushed(),
    // Lists read after the ack are parsed in a worker thread: a million entries would block the event loop for seconds.
    parseList: Object.assign((content: string | Uint8Array, options: ListParseOptions) => parseDataIdList(content, { ...options, limits: listLimits }), {
      inBackground: (content: string | Uint8Array, options: ListParseOptions) => listWorker.parse(content, options),
    }),
    ...(exportWorker ? { exportRecord: (ref: string) => exportWorker.exportRecord(ref) } : {}),
    statusLinks: (campaign, workflow) => workflowStatusLinks(statusTools, campaign, workflow),
    now: () => clock.now(),
    ...(reminderSettings.quietMs ? { quietMs: reminderSettings.quietMs } : {}),
    access: {
      writers: fileConfig.access?.writers ?? [],
      teamIds: {
        ...(fileConfig.slack?.team_id ? { slack: fileConfig.slack.team_id } : {}),
        ...(fileConfig.mattermost?.team_id ? { mattermost: fileConfig.mattermost.team_id } : {}),
      },
    },
    ...(jiraConfig ? { trackerLink: (recordId: string) => (jira ? jiraTrackerLink(jira.syncState(recordId)) : undefined) } : {}),
  };
  // What the Jira worker has said in a campaign's channel: rows of the chat outbox, in its own transactions.
  const queueWrites = createChannelQueueWrites(db);
  const channelQueue: ChannelQueue = {
    queueCardRedraw: (recordId) => {
      queueWrites.queueCardRedraw(recordId);
      kickChannels();
    },
    queueNotice: (eventSeq, name) => {
      queueWrites.queueNotice(eventSeq, name);
      kickChannels();
    },
  };

  // Work after a chat request's ack waits for a moment when no chat request waits for its answer.
  const answersFirst = createAnswersFirst({ maxWaitMs: 5_000 });
  const server = await startHttpServer({
    port: envConfig.port,
    host: env.HOST || (localMode ? '127.0.0.1' : '0.0.0.0'),
    routes: opsRoutes({ health: createHealthReads(db), metrics, log }),
    log: (line) => log.error(line),
  });

  let localConsole: LocalConsole | undefined;
  const platforms: ChatPlatform[] = [];
  let reminders: Reminders | undefined;
  try {
    // In local mode the console and its Slack stand-in are served here too: the bot's Slack is that stand-in.
    if (localMode) {
      localConsole = createLocalConsole({ baseUrl: server.url });
      for (const route of localConsole.routes) server.addRoute(route);
    }
    // Each platform alike: built, its requests counted and answered first, its channel sink started, started.
    const afterAnswers = () => answersFirst.afterAnswers();
    const platformDeps: ChatPlatformDeps = { chat, chatPosts: posts, afterAnswers };
    const channelLog = (line: string) => (/worker error|failed|paused|cannot post/i.test(line) ? log.error(line) : log.info(line));
    const slackPace = channelSettings.slackPaceMs !== undefined ? { slackPaceMs: channelSettings.slackPaceMs } : {};
    for (const opener of platformsOn({ env, envConfig, fileConfig, localSlack: localConsole?.slack, log, logLevel, metrics, ...slackPace })) {
      const platform = await opener.open(platformDeps);
      platforms.push(platform);
      for (const route of platform.routes) server.addRoute(countedRoute(answersFirst.tracked(route), metrics));
      const outbox = channelOutboxes.get(platform.name)!;
      const sink = channelSink({ transport: platform.channelTransport, store: outbox, notebook, statusLinks: chat.statusLinks, issueLink, afterAnswers, log: channelLog });
      // Parked (credentials refused): probe as often as a retry at most waits, so posts resume within it.
      const probe = { firstMs: channelSettings.backoff.maxMs, maxMs: channelSettings.backoff.maxMs };
      channelWorkers.push({ name: platform.name, worker: startOutboxWorker({ outbox, sink, backoff: channelSettings.backoff, probe, log: channelLog, flushed: () => commits.flushed(), afterAnswers }) });
      await platform.start();
    }

    // The notebook speaks up on its own: reminders (events, announced in their records' threads by the
    // chat outbox), daily digests in channels (not a record's: posted once, directly).
    if (Object.keys(reminderSettings).length > 0) {
      const postDigest = async (channel: ChannelRef, message: ChatMessage) => {
        const platform = platforms.find((candidate) => candidate.name === channel.platform);
        if (!platform) throw new Error(`${channel.platform} is not on`);
        await platform.channelTransport.post({ channel: channel.id }, message);
      };
      reminders = startReminders({
        notebook,
        postDigest,
        settings: reminderSettings,
        clock,
        log: (line) => log.error(line),
        flushed: () => commits.flushed(),
        afterAnswers: () => answersFirst.afterAnswers(),
      });
    }

    // The Jira outbox worker tells the channels through the chat outbox (card redraws, notices).
    if (jiraConfig) {
      const jiraLog = (line: string) => (/worker error|failed/i.test(line) ? log.error(line) : log.info(line));
      jira = startJiraMirror({
        outbox: jiraOutbox,
        readList: (sha256) => store.listEntries(sha256),
        config: jiraConfig,
        notices: jiraNoticesForChat(channelQueue, jiraLog),
        api: timeJiraCalls(createJiraApi({ host: jiraConfig.host, auth: jiraConfig.auth, timeoutMs: 20_000 }), metrics),
        log: jiraLog,
        flushed: () => commits.flushed(),
        afterAnswers: () => answersFirst.afterAnswers(),
      });
    }
  } catch (error) {
    await reminders?.stop();
    localConsole?.close();
    await Promise.all(platforms.map((platform) => platform.stop()));
    await Promise.all(channelWorkers.map(({ worker }) => worker.close()));
    await jira?.close();
    await server.close();
    await listWorker.close();
    await exportWorker?.close();
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
      await reminders?.stop();
      const serverClosed = localConsole ? undefined : server.close();
      localConsole?.close();
      await Promise.all(platforms.map((platform) => platform.stop()));
      // The channel posts in flight finish and are recorded; the rest wait in the outbox for the next start.
      await Promise.all(channelWorkers.map(({ worker }) => worker.close()));
      await (serverClosed ?? server.close());
      // Lets the Jira call in flight finish and be recorded before the database closes.
      await jira?.close();
      await listWorker.close();
      await exportWorker?.close();
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
