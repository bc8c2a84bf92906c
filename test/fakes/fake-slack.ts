/**
 * The fake Slack of the tests: the console's Slack stand-in (src/console/slack-stand-in.ts, the
 * same code the local console runs) served alone by a node:http server on 127.0.0.1, on an
 * ephemeral port. Everything it knows is in `state`; see SlackStandIn for what it plays.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createSlackStandIn,
  type SlackStandIn,
  type StandInApiCall,
  type StandInEphemeral,
  type StandInFile,
  type StandInMessage,
  type StandInOptions,
  type StandInState,
  type StandInView,
  type SlackFileObject,
} from '../../src/console/slack-stand-in.js';
import { attachSocketMode, type FakeSocketMode } from './fake-socket-mode.js';

export { LOGIN_PAGE, SlackApiError as FakeSlackError, slackSignature } from '../../src/console/slack-stand-in.js';
export type { EventResponse, FieldInput } from '../../src/console/slack-stand-in.js';
export type FakeMessage = StandInMessage;
export type FakeEphemeral = StandInEphemeral;
export type FakeFile = StandInFile;
export type FakeView = StandInView;
export type FakeApiCall = StandInApiCall;
export type FakeSlackState = StandInState;
export interface FakeSlackOptions extends StandInOptions {
  /** Reach the bot over Socket Mode (appEnv() gives it SLACK_APP_TOKEN) instead of HTTP. */
  readonly socketMode?: boolean;
}
export type FakeFileObject = SlackFileObject;

export interface FakeSlack extends SlackStandIn {
  /** The app's Slack settings (environment variables) that point it at this fake, with no retries. */
  appEnv(): Record<string, string>;
  /** The Socket Mode endpoint, when started with `socketMode`. */
  readonly socketMode?: FakeSocketMode;
  close(): Promise<void>;
}

/** Starts a fake Slack on 127.0.0.1, on an ephemeral port. */
export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  // Nobody knows the port before listen() resolves, so no request arrives before `standIn` exists.
  const server = createServer((req, res) => {
    if (socketMode?.handleApi(req, res) || standIn.handle(req, res)) return;
    res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify({ ok: false, error: 'not_found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const standIn = createSlackStandIn({ ...options, baseUrl });
  const socketMode = options.socketMode ? attachSocketMode(server, { baseUrl, botToken: standIn.botToken }) : undefined;
  if (socketMode) standIn.setAppConnection((body) => socketMode.deliver(body));
  // Object.assign keeps the stand-in's accessors (denyFileDownloads, version) working.
  return Object.assign(standIn, {
    ...(socketMode ? { socketMode } : {}),
    appEnv() {
      return {
        SLACK_BOT_TOKEN: standIn.botToken,
        ...(socketMode ? { SLACK_APP_TOKEN: socketMode.appToken } : { SLACK_SIGNING_SECRET: standIn.signingSecret }),
        SLACK_API_URL: standIn.apiUrl,
        SLACK_API_RETRIES: '0',
      };
    },
    close() {
      socketMode?.close();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  });
}
