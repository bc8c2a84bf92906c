/** The placeholders a status-tool template may use (README "Configuration"). */
export const LINK_PLACEHOLDERS = ['campaign', 'campaign_name', 'workflow', 'label', 'run_id', 'run_name', 'output_run', 'butler_repo'] as const;
export type LinkPlaceholder = (typeof LINK_PLACEHOLDERS)[number];

/** What is known about a workflow so far; a missing or empty value leaves out every link that needs it. */
export type LinkValues = Partial<Record<LinkPlaceholder, string | undefined>>;

/** `{name}` in a template: any braces with no brace inside. */
export const PLACEHOLDER = /\{([^{}]*)\}/g;

export function isLinkPlaceholder(name: string): name is LinkPlaceholder {
  return (LINK_PLACEHOLDERS as readonly string[]).includes(name);
}
