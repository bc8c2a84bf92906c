/** Counters, gauges and one histogram, rendered in the Prometheus text format for `GET /metrics`. */
export interface Metrics {
  /** Adds 1 (or `by`) to a counter; `labels` pick the series. */
  count(name: string, labels?: Readonly<Record<string, string>>, by?: number): void;
  /** Records one observation of a histogram (seconds). */
  observe(name: string, seconds: number, labels?: Readonly<Record<string, string>>): void;
  /** A gauge read at scrape time (e.g. the outbox backlog from the database). */
  gauge(name: string, help: string, read: () => number | Readonly<Record<string, number>>, labelName?: string): void;
  /** The Prometheus text exposition (version 0.0.4). */
  render(): string;
}

export interface MetricHelp {
  readonly name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
}

const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 60];

function labelText(labels: Readonly<Record<string, string>>): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  return `{${entries.map(([key, value]) => `${key}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}`;
}

function number(value: number): string {
  return Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : value < 0 ? '-Inf' : 'NaN';
}

/** A registry of the metrics declared in `help` (a metric not declared there is refused: typos fail loudly). */
export function createMetrics(help: readonly MetricHelp[]): Metrics {
  const declared = new Map(help.map((entry) => [entry.name, entry]));
  const counters = new Map<string, Map<string, number>>();
  const histograms = new Map<string, Map<string, { buckets: number[]; sum: number; count: number }>>();
  const gauges: { name: string; help: string; read: () => number | Readonly<Record<string, number>>; labelName: string }[] = [];
  const check = (name: string, type: MetricHelp['type']) => {
    if (declared.get(name)?.type !== type) throw new Error(`metric ${name} is not declared as a ${type}`);
  };
  return {
    count(name, labels = {}, by = 1) {
      check(name, 'counter');
      const series = counters.get(name) ?? new Map<string, number>();
      counters.set(name, series);
      const key = labelText(labels);
      series.set(key, (series.get(key) ?? 0) + by);
    },
    observe(name, seconds, labels = {}) {
      check(name, 'histogram');
      const series = histograms.get(name) ?? new Map();
      histograms.set(name, series);
      const key = labelText(labels);
      const entry = series.get(key) ?? { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 };
      series.set(key, entry);
      BUCKETS.forEach((bound, i) => {
        if (seconds <= bound) entry.buckets[i]! += 1;
      });
      entry.sum += seconds;
      entry.count += 1;
    },
    gauge(name, helpText, read, labelName = 'state') {
      gauges.push({ name, help: helpText, read, labelName });
    },
    render() {
      const lines: string[] = [];
      for (const entry of help) {
        lines.push(`# HELP ${entry.name} ${entry.help}`, `# TYPE ${entry.name} ${entry.type}`);
        if (entry.type === 'counter') {
          for (const [labels, value] of counters.get(entry.name) ?? []) lines.push(`${entry.name}${labels} ${number(value)}`);
        } else {
          for (const [labels, value] of histograms.get(entry.name) ?? []) {
            const inner = labels.slice(1, -1);
            const join = (extra: string) => `{${inner ? `${inner},` : ''}${extra}}`;
            BUCKETS.forEach((bound, i) => lines.push(`${entry.name}_bucket${join(`le="${bound}"`)} ${value.buckets[i]}`));
            lines.push(`${entry.name}_bucket${join('le="+Inf"')} ${value.count}`);
            lines.push(`${entry.name}_sum${labels} ${number(value.sum)}`, `${entry.name}_count${labels} ${value.count}`);
          }
        }
      }
      for (const gauge of gauges) {
        lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`);
        try {
          const value = gauge.read();
          if (typeof value === 'number') lines.push(`${gauge.name} ${number(value)}`);
          else for (const [label, n] of Object.entries(value)) lines.push(`${gauge.name}${labelText({ [gauge.labelName]: label })} ${number(n)}`);
        } catch {
          // a gauge that cannot be read (database closing) is left out of this scrape
        }
      }
      return `${lines.join('\n')}\n`;
    },
  };
}

/** The notebook's own metrics (what /metrics shows). */
export const NOTEBOOK_METRICS: readonly MetricHelp[] = [
  { name: 'campaign_commands_total', help: 'Slash commands received, by platform and verb.', type: 'counter' },
  { name: 'campaign_submissions_total', help: 'Form submissions received, by platform and form.', type: 'counter' },
  { name: 'campaign_http_requests_total', help: 'HTTP requests answered, by route and status class.', type: 'counter' },
  { name: 'campaign_errors_total', help: 'Errors logged (each has an error id in the log).', type: 'counter' },
  { name: 'campaign_rejected_requests_total', help: 'Requests refused before any handler: bad signature, stale or future timestamp, too large.', type: 'counter' },
  { name: 'campaign_jira_request_duration_seconds', help: 'Jira REST calls, by operation and outcome.', type: 'histogram' },
];
