/** The encodings a data-ID list may come in (each may also be gzipped). */
export const LIST_FORMATS = ['json', 'yaml', 'csv', 'ecsv', 'lines'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

const BY_EXTENSION: Readonly<Record<string, ListFormat>> = {
  json: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  csv: 'csv',
  ecsv: 'ecsv',
  txt: 'lines',
  lines: 'lines',
  list: 'lines',
};

/** The format a file name says (`.csv`, `.json.gz`, ...), if it says one. */
export function formatFromFileName(name: string): ListFormat | undefined {
  const parts = name.toLowerCase().split('/').pop()!.split('.');
  if (parts.at(-1) === 'gz') parts.pop();
  return parts.length > 1 ? BY_EXTENSION[parts.at(-1)!] : undefined;
}

/** Guesses the format from the text itself: JSON brackets, the ECSV banner, `key=value` lines, YAML `key:` / `- `, else CSV. */
export function detectListFormat(text: string): ListFormat {
  let position = 0;
  while (position < text.length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = text.length;
    const line = text.slice(position, end).trim();
    position = end + 1;
    if (line.startsWith('# %ECSV')) return 'ecsv';
    if (line === '' || line.startsWith('#') || line === '---') continue;
    if (line.startsWith('{') || line.startsWith('[')) return 'json';
    const hash = line.search(/\s#/);
    const content = hash === -1 ? line : line.slice(0, hash);
    if (/^-(\s|$)/.test(content) || /^[\w"'-]+\s*:(\s|$)/.test(content)) return 'yaml';
    if (/^[A-Za-z_]\w*\s*=/.test(content)) return 'lines';
    return 'csv';
  }
  return 'lines';
}
