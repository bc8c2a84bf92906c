import type { FileConfig } from '../config.js';

export interface StatusLinkTarget {
  readonly label: string;
  readonly url: string;
}

/**
 * The web status links of a workflow (the `url` templates for its WMS and `any`), placeholders
 * filled and URL-encoded; a template naming a value not known yet is left out. Command-only tools
 * have no page to link to. (Stand-in for src/links until it offers the same.)
 */
export function statusLinkTargets(
  tools: FileConfig['status_tools'],
  wms: string,
  values: Readonly<Record<string, string | undefined>>,
): StatusLinkTarget[] {
  const templates = [...(tools?.[wms] ?? []), ...(wms === 'any' ? [] : (tools?.any ?? []))];
  const targets: StatusLinkTarget[] = [];
  for (const tool of templates) {
    if (tool.url === undefined) continue;
    let complete = true;
    const url = tool.url.replace(/\{(\w+)\}/g, (_all, name: string) => {
      const value = values[name];
      if (value === undefined || value === '') {
        complete = false;
        return '';
      }
      return encodeURIComponent(value);
    });
    if (complete) targets.push({ label: tool.label, url });
  }
  return targets;
}
