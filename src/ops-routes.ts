import type { ServerResponse } from 'node:http';
import type { Route } from './http-server.js';
import type { Metrics } from './metrics.js';
import type { HealthReads, OutboxBacklog, OutboxBacklogs } from './store/create-health-reads.js';

const backlogOf = (backlog: OutboxBacklog) => backlog.states.pending + backlog.states.attempting + backlog.states.parked;

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
  // One read of the outbox per scrape, shared by its gauges (each read counts every row's state).
  let scraped: OutboxBacklogs | undefined;
  const backlogs = () => scraped ?? health.outboxBacklogs();
  metrics.gauge('campaign_outbox_items', 'Outbox items by state (pending, attempting, parked are still to send; failed waits for /campaign sync).', () => backlogs().all.states);
  metrics.gauge('campaign_outbox_oldest_pending_seconds', 'Age of the oldest outbox item still to send, seconds (0 when none).', () => backlogs().all.oldestPendingSeconds);
  // Each sink (jira, slack, mattermost) on its own, by a `sink` label.
  const bySink = (pick: (backlog: OutboxBacklog) => number) => () => Object.fromEntries(Object.entries(backlogs().sinks).map(([sink, backlog]) => [sink, pick(backlog)]));
  metrics.gauge('campaign_outbox_sink_backlog', 'Items each outbox sink still has to send (pending, attempting, parked).', bySink(backlogOf), 'sink');
  metrics.gauge('campaign_outbox_sink_failed', 'Items each outbox sink failed (they wait for /campaign sync).', bySink((backlog) => backlog.states.failed), 'sink');
  metrics.gauge('campaign_outbox_sink_parked', 'Items each outbox sink holds while its credentials are refused.', bySink((backlog) => backlog.states.parked), 'sink');
  metrics.gauge('campaign_outbox_sink_oldest_pending_seconds', "Age of each sink's oldest item still to send, seconds (0 when none).", bySink((backlog) => backlog.oldestPendingSeconds), 'sink');
  return [
    {
      method: 'GET',
      path: '/healthz',
      handle(_req, res) {
        try {
          health.checkWritable();
          const { all: backlog, sinks: bySink } = health.outboxBacklogs();
          const { parked, failed } = backlog.states;
          const sinks = Object.fromEntries(
            Object.entries(bySink).map(([sink, each]) => [
              sink,
              { backlog: backlogOf(each), parked: each.states.parked, failed: each.states.failed, oldest_pending_seconds: each.oldestPendingSeconds },
            ]),
          );
          send(
            res,
            200,
            'application/json; charset=utf-8',
            JSON.stringify({
              ok: true,
              database: 'ok',
              writable: true,
              outbox: { backlog: backlogOf(backlog), parked, failed, oldest_pending_seconds: backlog.oldestPendingSeconds, sinks },
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
        try {
          scraped = health.outboxBacklogs();
        } catch {
          scraped = undefined; // the gauges leave themselves out (database closing)
        }
        try {
          send(res, 200, 'text/plain; version=0.0.4; charset=utf-8', await metrics.render());
        } finally {
          scraped = undefined;
        }
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
