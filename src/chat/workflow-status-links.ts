import type { Campaign, Workflow } from '../campaign/records.js';
import type { FileConfig } from '../config.js';
import type { MessageLink } from './chat-message.js';

/** The placeholder values DESIGN.md defines for status-tool templates. */
export function linkValues(campaign: Campaign, workflow: Workflow): Record<string, string | undefined> {
  return {
    campaign: campaign.id,
    campaign_name: campaign.shortName,
    workflow: workflow.id,
    label: workflow.label,
    run_id: workflow.runId,
    run_name: workflow.runName,
    output_run: workflow.outputRun,
    butler_repo: workflow.butlerRepo ?? campaign.butlerRepo,
  };
}

/**
 * A workflow's status-tool links (config `status_tools`, its WMS then `any`): `url` templates with
 * values URL-encoded, `command` templates as commands to copy; a template naming a value not known
 * yet is left out. (The chat layer's stand-in until src/links offers `statusLinks`.)
 */
export function workflowStatusLinks(
  tools: NonNullable<FileConfig['status_tools']>,
  campaign: Campaign,
  workflow: Workflow,
): MessageLink[] {
  const values = linkValues(campaign, workflow);
  const fill = (template: string, encode: boolean): string | undefined => {
    let complete = true;
    const filled = template.replace(/\{(\w+)\}/g, (_all, name: string) => {
      const value = values[name];
      if (value === undefined || value === '') complete = false;
      return encode ? encodeURIComponent(value ?? '') : (value ?? '');
    });
    return complete ? filled : undefined;
  };
  const links: MessageLink[] = [];
  for (const tool of [...(tools[workflow.wms] ?? []), ...(tools.any ?? [])]) {
    if (tool.url !== undefined) {
      const url = fill(tool.url, true);
      if (url) links.push({ label: tool.label, url });
    } else if (tool.command !== undefined) {
      const command = fill(tool.command, false);
      if (command) links.push({ label: tool.label, command });
    }
  }
  return links;
}
