import type { StatusToolTemplate } from './status-links.js';

/**
 * Status-tool links used in local mode when the config file names none, so that a first try
 * shows what `run` adds to a workflow (the USDF PanDA monitor and the HTCondor report command).
 */
export const LOCAL_STATUS_TOOLS: Readonly<Record<string, StatusToolTemplate[]>> = {
  panda: [{ label: 'PanDA tasks', url: 'https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name={run_name}*' }],
  htcondor: [{ label: 'Status', command: 'bps report --id {run_id}' }],
  any: [{ label: 'Output run', command: 'butler query-collections {butler_repo} {output_run}' }],
};
