import type { Campaign, Workflow } from '../campaign/records.js';
import { linkValues } from '../links/link-values.js';
import { statusLinks, type StatusTemplates } from '../links/status-links.js';
import type { MessageLink } from './chat-message.js';

/** A workflow's status-tool links (config `status_tools`) as message links; unknown placeholders left out. */
export function workflowStatusLinks(tools: StatusTemplates | undefined, campaign: Campaign, workflow: Workflow): MessageLink[] {
  return statusLinks(tools, workflow.wms, linkValues(campaign, workflow));
}
