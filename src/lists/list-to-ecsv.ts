import type { DataIdList } from './data-id-list.js';

/**
 * The list as astropy ECSV 1.0, the table `pipetask qgraph --data-id-table` reads: one column per
 * dimension (int64 or string, as the parser typed its values), no reason column (every column must
 * be a dimension there); the list's reason in the table's `meta`, which astropy keeps and the Butler ignores.
 */
export function listToEcsv(list: DataIdList): string {
  const { dimensions, entries } = list;
  const first = entries[0]?.dataId;
  const header = [
    '# %ECSV 1.0',
    '# ---',
    '# datatype:',
    ...dimensions.map((name) => `# - {name: ${name}, datatype: ${typeof first?.[name] === 'number' ? 'int64' : 'string'}}`),
    // astropy writes a table's meta as an ordered map; a JSON string is a YAML double-quoted scalar
    ...(list.reason === undefined ? [] : ['# meta: !!omap', `# - {reason: ${yamlString(list.reason)}}`]),
    '# schema: astropy-2.0',
    dimensions.join(' '),
  ];
  const rows: string[] = new Array(entries.length);
  for (let k = 0; k < entries.length; k++) {
    const { dataId } = entries[k]!;
    let row = '';
    for (let c = 0; c < dimensions.length; c++) {
      const value = dataId[dimensions[c]!]!;
      row += (c === 0 ? '' : ' ') + (typeof value === 'number' ? String(value) : quoteEcsv(value));
    }
    rows[k] = row;
  }
  return `${header.join('\n')}\n${rows.join('\n')}\n`;
}

function quoteEcsv(value: string): string {
  return value === '' || /[\s"#,]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A YAML double-quoted scalar on one line: JSON's escapes, plus the characters YAML takes as line breaks or refuses. */
function yamlString(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
