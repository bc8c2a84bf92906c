import { isLinkPlaceholder, PLACEHOLDER, type LinkValues } from './link-placeholders.js';

/** One status tool of the config file: a web page (`url`) or a command to copy (`command`), with placeholders. */
export interface StatusToolTemplate {
  readonly label: string;
  readonly url?: string | undefined;
  readonly command?: string | undefined;
}

export type StatusLink = { readonly label: string; readonly url: string } | { readonly label: string; readonly command: string };

export type StatusTemplates = Readonly<Record<string, readonly StatusToolTemplate[]>>;

/**
 * The status-tool links of a workflow: its WMS's templates, then those under `any`, filled in.
 * Values are URL-encoded inside `url` (the template's own text, `*` included, stays as written)
 * and shell-quoted only when needed inside `command`; a link needing an unknown value is left out.
 */
export function statusLinks(templates: StatusTemplates | undefined, wms: string, values: LinkValues): StatusLink[] {
  const links: StatusLink[] = [];
  const chosen = [...(wms !== 'any' ? (templates?.[wms] ?? []) : []), ...(templates?.any ?? [])];
  for (const template of chosen) {
    if (template.url !== undefined) {
      const url = fill(template.url, values, encodeURIComponent);
      if (url !== undefined) links.push({ label: template.label, url });
    } else if (template.command !== undefined) {
      const command = fill(template.command, values, shellWord);
      if (command !== undefined) links.push({ label: template.label, command });
    }
  }
  return links;
}

function fill(template: string, values: LinkValues, encode: (value: string) => string): string | undefined {
  let missing = false;
  const filled = template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = isLinkPlaceholder(name) ? values[name] : undefined;
    if (value === undefined || value === '') {
      missing = true;
      return '';
    }
    return encode(value);
  });
  return missing ? undefined : filled;
}

/** A value as one shell word: as is when plainly safe (run ids, run names, paths), else single-quoted. */
function shellWord(value: string): string {
  return /^[\w./:@%+=,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
