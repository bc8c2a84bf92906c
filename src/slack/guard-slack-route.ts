import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_BODY_LIMIT, readBody, type Route } from '../http-server.js';
import type { Metrics } from '../metrics.js';

export interface SlackGuardOptions {
  readonly signingSecret: string;
  readonly metrics?: Metrics;
  /** Largest body accepted, bytes (default: the route's bodyLimit, else 1 MB). */
  readonly bodyLimit?: number;
  /** Seconds a timestamp may be away from now, in either direction (default 300). */
  readonly maxSkewSeconds?: number;
  readonly now?: () => number;
}

function refuse(res: ServerResponse, status: number, error: string): void {
  const body = JSON.stringify({ ok: false, error });
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Whether `signature` is Slack's `v0=` HMAC-SHA256 of `v0:{timestamp}:{body}`, compared in constant time. */
export function slackSignatureMatches(signingSecret: string, timestamp: string, body: Buffer, signature: string): boolean {
  const expected = Buffer.from(`v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * Wraps the Slack events route: refuses bodies over the limit before parsing, then checks the
 * signature over the raw body (constant time) and refuses timestamps more than 5 minutes away in
 * either direction (Bolt refuses only old ones), all before Bolt sees the request. Bolt reuses the
 * body read here (`req.rawBody`).
 */
export function guardSlackRoute(route: Route, options: SlackGuardOptions): Route {
  const limit = options.bodyLimit ?? route.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const maxSkew = options.maxSkewSeconds ?? 300;
  const now = options.now ?? Date.now;
  const rejected = (reason: string) => options.metrics?.count('campaign_rejected_requests_total', { platform: 'slack', reason });
  return {
    ...route,
    bodyLimit: limit,
    async handle(req, res) {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > limit) {
        rejected('too_large');
        req.resume();
        return refuse(res, 413, 'request body too large');
      }
      let body: Buffer;
      try {
        body = await readBody(req, limit);
      } catch (error) {
        if ((error as { status?: number }).status !== 413) throw error;
        rejected('too_large');
        return refuse(res, 413, 'request body too large');
      }
      const timestamp = header(req, 'x-slack-request-timestamp') ?? '';
      const signature = header(req, 'x-slack-signature') ?? '';
      const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : NaN;
      if (!Number.isFinite(seconds) || Math.abs(now() / 1000 - seconds) > maxSkew) {
        rejected('timestamp');
        return refuse(res, 401, 'stale or future request timestamp');
      }
      if (!slackSignatureMatches(options.signingSecret, timestamp, body, signature)) {
        rejected('signature');
        return refuse(res, 401, 'invalid request signature');
      }
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      return route.handle(req, res);
    },
  };
}
