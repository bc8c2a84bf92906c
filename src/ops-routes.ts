import type { ServerResponse } from 'node:http';
import type { Route } from './http-server.js';
import type { Metrics } from './metrics.js';
import type { HealthReads } from './store/create-health-reads.js';

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/**
 * `GET /healthz` (200 with JSON when the database takes writes, with the outbox backlog and the
 * age of its oldest item; 503 otherwise) and `GET /metrics` (Prometheus text, outbox gauges read
 * at scrape time).
 */
export function opsRoutes(options: { readonly health: HealthReads; readonly metrics: Metrics; readonly log?: { warn(message: string): void } }): Route[] {
  const { health, metrics } = options;
  metrics.gauge('campaign_outbox_items', 'Outbox items by state (pending, attempting, parked are still to send; failed waits for /campaign sync).', () => health.outboxBacklog().states);
  metrics.gauge('campaign_outbox_oldest_pending_seconds', 'Age of the oldest outbox item still to send, seconds (0 when none).', () => health.outboxBacklog().oldestPendingSeconds);
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle(_req, res) {
        try {
          health.checkWritable();
          const backlog = health.outboxBacklog();
          const { pending, attempting, parked, failed } = backlog.states;
          send(
            res,
            200,
            'application/json; charset=utf-8',
            JSON.stringify({
              ok: true,
              database: 'ok',
              writable: true,
              outbox: { backlog: pending + attempting + parked, parked, failed, oldest_pending_seconds: backlog.oldestPendingSeconds },
            }),
          );
        } catch (error) {
          options.log?.warn(`[healthz] unhealthy: ${(error as Error).message}`);
          send(res, 503, 'application/json; charset=utf-8', JSON.stringify({ ok: false, database: 'not writable', error: (error as Error).message }));
        }
      },
    },
    {
      method: 'GET',
      path: '/metrics',
      async handle(_req, res) {
        send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', await metrics.render());
      },
    },
  ];
}


/** The same route, its answers counted in `campaign_http_requests_total` by route and status class. */
export function countedRoute(route: Route, metrics: Metrics): Route {
  return {
    ...route,
    handle(req, res) {
      res.once('finish', () => metrics.count('campaign_http_requests_total', { route: route.path, status: `${Math.floor(res.statusCode / 100)}xx` }));
      return route.handle(req, res);
    },
  };
}
