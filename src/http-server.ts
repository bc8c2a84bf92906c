import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** One entry of the route table. `prefix` matches the path and everything under it. */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly prefix?: boolean;
  /** Requests whose declared or actual body is larger are refused with 413 (default 1 MB). */
  readonly bodyLimit?: number;
  readonly handle: RouteHandler;
}

export interface HttpServer {
  /** `http://127.0.0.1:<port>` (or the host given). */
  readonly url: string;
  readonly server: Server;
  /** Routes may be added after start (Mattermost, console). */
  addRoute(route: Route): void;
  close(): Promise<void>;
}

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Answers with `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function matches(route: Route, method: string, path: string): boolean {
  if (route.method !== method && !(route.method === 'GET' && method === 'HEAD')) return false;
  return route.prefix ? path === route.path || path.startsWith(route.path.endsWith('/') ? route.path : `${route.path}/`) : path === route.path;
}

/** Reads a whole request body, refusing (with an error whose `status` is 413) beyond `limit` bytes. */
export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw Object.assign(new Error(`Request body over ${limit} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a request body that should be a JSON object: undefined when it is not (a body over `limit` still throws, as readBody). */
export async function readJsonObject(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Record<string, unknown> | undefined> {
  const raw = (await readBody(req, limit)).toString('utf8');
  try {
    const value = JSON.parse(raw) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One node:http server for everything (Slack events, /healthz, Mattermost, the console), with a
 * small route table. Oversized bodies are refused from Content-Length before any handler parses them.
 */
export async function startHttpServer(options: {
  readonly port: number;
  readonly host?: string;
  readonly routes?: readonly Route[];
  readonly log?: (line: string) => void;
}): Promise<HttpServer> {
  const routes: Route[] = [...(options.routes ?? [])];
  const log = options.log ?? ((line: string) => console.error(line));
  const server = createServer((req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((candidate) => matches(candidate, method, path));
    if (!route) {
      const pathKnown = routes.some((candidate) => matches({ ...candidate, method }, method, path));
      sendJson(res, pathKnown ? 405 : 404, { ok: false, error: pathKnown ? 'method not allowed' : 'not found' });
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > (route.bodyLimit ?? DEFAULT_BODY_LIMIT)) {
      sendJson(res, 413, { ok: false, error: 'request body too large' });
      req.resume();
      return;
    }
    const fail = (error: unknown) => {
      const errorId = randomBytes(4).toString('hex');
      log(`[http] ${method} ${path} failed (error id ${errorId}): ${(error as Error)?.stack ?? String(error)}`);
      if (!res.headersSent) sendJson(res, (error as { status?: number })?.status ?? 500, { ok: false, error: 'internal error', error_id: errorId });
      else res.destroy();
    };
    try {
      const result = route.handle(req, res);
      if (result instanceof Promise) result.catch(fail);
    } catch (error) {
      fail(error);
    }
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${address.port}`,
    server,
    addRoute(route) {
      routes.push(route);
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
        // In-flight requests get a moment to finish; then whatever still hangs is cut.
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      });
    },
  };
}
