import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Counters, gauges and one histogram, rendered in the Prometheus text format for `GET /metrics`. */
export interface Metrics {
  /** Adds 1 (or `by`) to a counter; `labels` pick the series. */
  count(name: string, labels?: Readonly<Record<string, string>>, by?: number): void;
  /** Records one observation of a histogram (seconds). */
  observe(name: string, seconds: number, labels?: Readonly<Record<string, string>>): void;
  /** A gauge read at scrape time (e.g. the outbox backlog from the database), by `labelName` when it reads several. */
  gauge(name: string, help: string, read: () => number | Readonly<Record<string, number>>, labelName?: string): void;
  /** The Prometheus text exposition (version 0.0.4): ours, then Node's process metrics. */
  render(): Promise<string>;
}

export interface MetricHelp {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly labels?: readonly string[];
}

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60];

/**
 * A prom-client registry of the metrics declared in `help` (a metric not declared there is
 * refused: typos fail loudly), with Node's default process metrics (CPU, memory, heap, event-loop
 * lag, open handles, GC).
 */
export function createMetrics(help: readonly MetricHelp[]): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const counters = new Map<string, Counter>();
  const histograms = new Map<string, Histogram>();
  for (const { name, help: text, type, labels = [] } of help) {
    const settings = { name, help: text, labelNames: labels, registers: [registry] };
    if (type === 'counter') counters.set(name, new Counter(settings));
    else histograms.set(name, new Histogram({ ...settings, buckets: BUCKETS }));
  }
  const declared = <T>(metrics: Map<string, T>, name: string, type: MetricHelp['type']): T => {
    const metric = metrics.get(name);
    if (metric === undefined) throw new Error(`metric ${name} is not declared as a ${type}`);
    return metric;
  };
  return {
    count(name, labels = {}, by = 1) {
      declared(counters, name, 'counter').inc(labels, by);
    },
    observe(name, seconds, labels = {}) {
      declared(histograms, name, 'histogram').observe(labels, seconds);
    },
    gauge(name, helpText, read, labelName = 'state') {
      new Gauge({
        name,
        help: helpText,
        labelNames: [labelName],
        registers: [registry],
        collect() {
          this.reset();
          let value: number | Readonly<Record<string, number>>;
          try {
            value = read();
          } catch {
            return; // a gauge that cannot be read (database closing) is left out of this scrape
          }
          if (typeof value === 'number') this.set(value);
          else for (const [label, n] of Object.entries(value)) this.set({ [labelName]: label }, n);
        },
      });
    },
    render: () => registry.metrics(),
  };
}

/** The notebook's own metrics (what /metrics shows besides Node's). */
export const NOTEBOOK_METRICS: readonly MetricHelp[] = [
  { name: 'campaign_commands_total', help: 'Slash commands received, by platform and verb.', type: 'counter', labels: ['platform', 'verb'] },
  { name: 'campaign_submissions_total', help: 'Form submissions received, by platform and form.', type: 'counter', labels: ['platform', 'form'] },
  { name: 'campaign_clicks_total', help: 'Clicks on the buttons of cards, by platform and action.', type: 'counter', labels: ['platform', 'action'] },
  { name: 'campaign_http_requests_total', help: 'HTTP requests answered, by route and status class.', type: 'counter', labels: ['route', 'status'] },
  { name: 'campaign_errors_total', help: 'Errors logged (each has an error id in the log).', type: 'counter' },
  {
    name: 'campaign_rejected_requests_total',
    help: 'Requests refused before any handler: bad signature, stale or future timestamp, too large.',
    type: 'counter',
    labels: ['platform', 'reason'],
  },
  { name: 'campaign_jira_request_duration_seconds', help: 'Jira REST calls, by operation and outcome.', type: 'histogram', labels: ['operation', 'outcome'] },
];
