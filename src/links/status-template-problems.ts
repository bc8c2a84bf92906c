import { isLinkPlaceholder, LINK_PLACEHOLDERS, PLACEHOLDER } from './link-placeholders.js';
import type { StatusTemplates } from './status-links.js';

/**
 * What is wrong with the `status_tools` config, each message naming its key
 * (`status_tools.panda[0].url: unknown placeholder {runid} ...`); empty when all is well.
 * For the config loader, so a typo fails at start-up rather than hiding a link forever; `wmsNames`
 * are the workflow systems a workflow may name (`any` is added).
 */
export function statusTemplateProblems(statusTools: StatusTemplates | undefined, wmsNames: readonly string[]): string[] {
  const knownWms = [...wmsNames, 'any'];
  const problems: string[] = [];
  for (const [wms, templates] of Object.entries(statusTools ?? {})) {
    if (!knownWms.includes(wms)) problems.push(`status_tools.${wms}: unknown WMS; expected one of ${knownWms.join(', ')}`);
    templates.forEach((template, index) => {
      for (const key of ['url', 'command'] as const) {
        const text = template[key];
        if (text === undefined) continue;
        const at = `status_tools.${wms}[${index}].${key}`;
        for (const [, name] of text.matchAll(PLACEHOLDER)) {
          if (!isLinkPlaceholder(name!)) {
            problems.push(`${at}: unknown placeholder {${name}}; expected one of ${LINK_PLACEHOLDERS.map((p) => `{${p}}`).join(', ')}`);
          }
        }
        const rest = text.replace(PLACEHOLDER, '');
        if (rest.includes('{') || rest.includes('}')) problems.push(`${at}: unbalanced brace in ${JSON.stringify(text)}; placeholders are written {name}`);
        if (key === 'url' && !/^https?:\/\//.test(text)) problems.push(`${at}: expected an http:// or https:// URL, got ${JSON.stringify(text)}`);
      }
    });
  }
  return problems;
}
