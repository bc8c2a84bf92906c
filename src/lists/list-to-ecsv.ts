import { isIntegerDimension } from './data-id.js';
import type { DataIdList } from './data-id-list.js';

/**
 * The list as astropy ECSV 1.0, the table `pipetask qgraph --data-id-table` reads: one column per
 * dimension (int64 or string), no reason column (every column must be a dimension there).
 */
export function listToEcsv(list: DataIdList): string {
  const { dimensions } = list;
  const header = [
    '# %ECSV 1.0',
    '# ---',
    '# datatype:',
    ...dimensions.map((name) => `# - {name: ${name}, datatype: ${isIntegerDimension(name) ? 'int64' : 'string'}}`),
    '# schema: astropy-2.0',
    dimensions.join(' '),
  ];
  const rows: string[] = new Array(list.entries.length);
  for (let k = 0; k < list.entries.length; k++) {
    const { dataId } = list.entries[k]!;
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
