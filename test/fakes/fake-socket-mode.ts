/**
 * Slack's Socket Mode side for the fake Slack: `apps.connections.open` (app-level token only)
 * answers the `ws://` URL of a WebSocket endpoint on the fake's own server; each connection gets
 * `hello`, then the requests Slack would have POSTed arrive as envelopes (`slash_commands` for a
 * form body, `interactive` for a `payload=` body) and are answered by the bot's ack, matched by
 * `envelope_id`. As @slack/socket-mode 3 expects (SocketModeClient.onWebSocketMessage): JSON text
 * frames, `hello` before anything else, acks `{envelope_id, payload}`.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventResponse } from '../../src/console/slack-stand-in.js';

/** One envelope sent to the bot, and what came back. */
export interface SocketEnvelope {
  readonly envelopeId: string;
  readonly type: 'slash_commands' | 'interactive' | 'events_api';
  readonly payload: Record<string, unknown>;
  /** The connection (1, 2, …) it was sent on. */
  readonly connection: number;
  /** The ack's payload, once acked. */
  ack?: Record<string, unknown>;
}

export interface FakeSocketMode {
  readonly appToken: string;
  /** Connections the bot opened so far (each got `hello`). */
  readonly connections: number;
  /** Every envelope sent, in order, with its ack once it came. */
  readonly envelopes: readonly SocketEnvelope[];
  /** Sends a request the way Slack would over HTTP (a form body or `payload=`) as an envelope; resolves with the ack. */
  deliver(body: string): Promise<EventResponse>;
  /** Sends an envelope again as it was (as Slack redelivers one it has no ack for); resolves with the ack. */
  redeliver(envelopeId: string): Promise<EventResponse>;
  /** The network drops the open connection (no close frame). */
  dropConnection(): void;
  /** The connection drops as the next ack travels: the ack never arrives, its delivery resolves with status 502. */
  loseNextAck(): void;
  /** Resolves once the bot has opened `count` connections in all. */
  waitForConnections(count: number, timeoutMs?: number): Promise<void>;
  /** The next `count` calls of `apps.connections.open` answer HTTP 500 (Slack having a bad minute). */
  failConnectionOpens(count: number): void;
  /** Answers `apps.connections.open`; false for other paths. */
  handleApi(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
}

// How long Slack waits for an ack before telling the user the app did not answer.
const ACK_TIMEOUT_MS = 3000;

/** Serves Socket Mode on `server` (its `upgrade` requests to /link). */
export function attachSocketMode(server: Server, options: { readonly baseUrl: string; readonly appToken?: string; readonly botToken: string }): FakeSocketMode {
  const appToken = options.appToken ?? 'xapp-1-A0APP-fake-app-token';
  const wss = new WebSocketServer({ noServer: true });
  const tickets = new Set<string>();
  const envelopes: SocketEnvelope[] = [];
  // Who waits for an envelope's ack; `undefined`: the connection dropped before it came.
  const waiting = new Map<string, (ack: Record<string, unknown> | undefined) => void>();
  const events = new EventEmitter();
  let current: WebSocket | undefined;
  let connections = 0;
  let loseAck = false;
  let failingOpens = 0;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link' || !tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      connections += 1;
      current = ws;
      ws.on('message', (data) => {
        const message = JSON.parse(String(data)) as { envelope_id?: string; payload?: Record<string, unknown> };
        const envelope = envelopes.find((each) => each.envelopeId === message.envelope_id);
        if (!envelope) return;
        if (loseAck) {
          loseAck = false;
          ws.terminate();
          waiting.get(envelope.envelopeId)?.(undefined);
          return;
        }
        envelope.ack = message.payload ?? {};
        waiting.get(envelope.envelopeId)?.(envelope.ack);
      });
      ws.on('close', () => {
        if (current === ws) current = undefined;
      });
      ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake-applink', approximate_connection_time: 18060 }, connection_info: { app_id: 'A0APP' } }));
      events.emit('connection');
    });
  });

  function send(envelope: SocketEnvelope): Promise<EventResponse> {
    if (!current) return Promise.reject(new Error('fake Socket Mode: the bot is not connected'));
    current.send(JSON.stringify({ envelope_id: envelope.envelopeId, type: envelope.type, payload: envelope.payload, accepts_response_payload: true }));
    return new Promise<EventResponse>((resolve) => {
      const timer = setTimeout(() => {
        waiting.delete(envelope.envelopeId);
        resolve({ status: 408, text: 'no ack within 3 s' });
      }, ACK_TIMEOUT_MS);
      waiting.set(envelope.envelopeId, (ack) => {
        clearTimeout(timer);
        waiting.delete(envelope.envelopeId);
        resolve(ack ? { status: 200, text: JSON.stringify(ack), json: ack } : { status: 502, text: 'the connection dropped before the ack' });
      });
    });
  }

  return {
    appToken,
    get connections() {
      return connections;
    },
    envelopes,
    deliver(body) {
      // An Events API body is JSON; an interactive one `payload=`; a slash command a form.
      const payload: Record<string, unknown> = body.startsWith('{')
        ? (JSON.parse(body) as Record<string, unknown>)
        : body.startsWith('payload=')
          ? (JSON.parse(new URLSearchParams(body).get('payload') ?? '{}') as Record<string, unknown>)
          : Object.fromEntries(new URLSearchParams(body));
      const envelope: SocketEnvelope = {
        envelopeId: randomBytes(16).toString('hex'),
        type: body.startsWith('{') ? 'events_api' : body.startsWith('payload=') ? 'interactive' : 'slash_commands',
        payload,
        connection: connections,
      };
      envelopes.push(envelope);
      return send(envelope);
    },
    redeliver(envelopeId) {
      const envelope = envelopes.find((each) => each.envelopeId === envelopeId);
      if (!envelope) throw new Error(`No envelope ${envelopeId}`);
      delete envelope.ack;
      return send(envelope);
    },
    dropConnection() {
      current?.terminate();
      current = undefined;
    },
    loseNextAck() {
      loseAck = true;
    },
    failConnectionOpens(count) {
      failingOpens = count;
    },
    waitForConnections(count, timeoutMs = 15_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (connections < count) return;
          events.off('connection', check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          events.off('connection', check);
          reject(new Error(`fake Socket Mode: ${connections} connections, not ${count}, within ${timeoutMs} ms`));
        }, timeoutMs);
        events.on('connection', check);
        check();
      });
    },
    handleApi(req, res) {
      if (req.method !== 'POST' || new URL(req.url ?? '/', 'http://fake').pathname !== '/api/apps.connections.open') return false;
      req.resume();
      req.on('end', () => {
        if (failingOpens > 0) {
          failingOpens -= 1;
          res.writeHead(500, { 'Content-Type': 'text/plain' }).end('internal_error');
          return;
        }
        const auth = req.headers.authorization ?? '';
        // Slack: an app-level token opens connections; a bot token is the wrong kind.
        const error = auth === `Bearer ${appToken}` ? undefined : auth === `Bearer ${options.botToken}` ? 'not_allowed_token_type' : auth ? 'invalid_auth' : 'not_authed';
        const ticket = randomBytes(8).toString('hex');
        if (!error) tickets.add(ticket);
        const body = error ? { ok: false, error } : { ok: true, url: `${options.baseUrl.replace(/^http/, 'ws')}/link?ticket=${ticket}` };
        res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
      });
      return true;
    },
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
