import type { Metrics } from '../metrics.js';
import type { JiraApi } from './jira-api.js';

/** The same Jira API, each call timed into `campaign_jira_request_duration_seconds` by operation and outcome. */
export function timeJiraCalls(api: JiraApi, metrics: Metrics): JiraApi {
  const timed = { host: api.host } as Record<string, unknown>;
  for (const name of Object.keys(api) as (keyof JiraApi)[]) {
    const original = api[name];
    if (typeof original !== 'function') continue;
    timed[name] = async (...args: unknown[]) => {
      const started = performance.now();
      let outcome = 'ok';
      try {
        return await (original as (...a: unknown[]) => Promise<unknown>).apply(api, args);
      } catch (error) {
        const status = (error as { status?: number; response?: { status?: number } }).status ?? (error as { response?: { status?: number } }).response?.status;
        outcome = status ? String(status) : 'network';
        throw error;
      } finally {
        metrics.observe('campaign_jira_request_duration_seconds', (performance.now() - started) / 1000, { operation: name, outcome });
      }
    };
  }
  return timed as unknown as JiraApi;
}
