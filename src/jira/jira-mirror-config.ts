import type { EnvConfig, FileConfig } from '../config.js';
import type { JiraAuth } from './jira-api.js';

/** Everything the Jira mirror needs to know, from the environment and the YAML config's `jira` section. */
export interface JiraMirrorConfig {
  readonly host: string;
  readonly auth: JiraAuth;
  readonly project: string;
  readonly campaignIssueType: string;
  readonly workflowMode: 'subtask' | 'comment';
  readonly workflowIssueType: string;
  readonly labels: readonly string[];
  /** Notebook status → Jira transition (or target status) name. */
  readonly transitions: Readonly<Record<string, string>>;
  readonly statusTools: FileConfig['status_tools'];
}

/** Combines JIRA_* (env wins for the project) with the `jira` config section; undefined = Jira off. */
export function jiraMirrorConfig(env: EnvConfig['jira'], file: FileConfig): JiraMirrorConfig | undefined {
  if (!env) return undefined;
  const section = file.jira;
  const project = env.project ?? section?.project;
  if (!project) {
    throw new Error('JIRA_HOST is set but no Jira project is: set JIRA_PROJECT or `jira.project` in the config file');
  }
  return {
    host: env.host,
    auth: env.auth,
    project,
    campaignIssueType: section?.campaign_issue_type ?? 'Task',
    workflowMode: section?.workflow_mode ?? 'subtask',
    workflowIssueType: section?.workflow_issue_type ?? 'Sub-task',
    labels: section?.labels ?? ['campaign-notebook'],
    transitions: section?.transitions ?? {},
    statusTools: file.status_tools,
  };
}
