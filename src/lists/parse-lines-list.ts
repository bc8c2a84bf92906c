import { buildDataIdList, type ListBuilder } from './build-data-id-list.js';
import type { DataIdList } from './data-id-list.js';
import {
  checkDimensionNames,
  createListColumns,
  describeLine,
  parseIntegerText,
  pushRow,
  pushScalarRow,
  readDimensionText,
  setReason,
  type ListColumns,
  type RowValue,
} from './list-columns.js';
import type { DimensionUniverse } from './dimension-universe.js';
import type { ListProblems } from './list-problems.js';

const SPACE = 32;
const TAB = 9;
const HASH = 35;
const EQUALS = 61;
const COMMA = 44;

/**
 * Parses the lines form: one data ID a line, `instrument=LSSTCam visit=1 detector=2  # reason`;
 * blank lines and full-line `#` comments are skipped; integer values may be ranges `a..b[:stride]`.
 */
export function parseLinesList(
  text: string,
  problems: ListProblems,
  rules: { readonly maxEntries: number; readonly universe: DimensionUniverse },
  build: ListBuilder = buildDataIdList,
): DataIdList {
  const describe = describeLine;
  const length = text.length;
  let position = 0;
  let lineNumber = 0;
  let columns: ListColumns | undefined;
  let firstLine = 0;
  let firstOrder: string[] = []; // dimension names in the order the first line gives them
  let firstTarget: number[] = []; // their columns
  let row: RowValue[] = [];
  let lastText: (string | undefined)[] = [];
  // token bounds of the current line: name start, name end, value start, value end
  const tokens: number[] = [];
  let nextHash = text.indexOf('#');

  while (position < length) {
    let end = text.indexOf('\n', position);
    if (end === -1) end = length;
    const next = end + 1;
    if (end > position && text.charCodeAt(end - 1) === 13) end -= 1;
    lineNumber += 1;
    const lineStart = position;
    let start = position;
    position = next;
    while (start < end && isBlank(text.charCodeAt(start))) start++;
    if (start === end || text.charCodeAt(start) === HASH) continue;

    let reason: string | undefined;
    let stop = end;
    if (nextHash !== -1 && nextHash < start) nextHash = text.indexOf('#', start);
    if (nextHash !== -1 && nextHash < end) {
      // `#` starts the reason only after blank space, so values may hold a `#`
      let hash = nextHash;
      while (hash !== -1 && hash < end && !isBlank(text.charCodeAt(hash - 1))) hash = text.indexOf('#', hash + 1);
      if (hash !== -1 && hash < end) {
        stop = hash;
        const text2 = text.slice(hash + 1, end).trim();
        if (text2 !== '') reason = text2;
      }
    }

    tokens.length = 0;
    let malformed: string | undefined;
    let i = start;
    while (i < stop) {
      while (i < stop && (isBlank(text.charCodeAt(i)) || text.charCodeAt(i) === COMMA)) i++;
      if (i >= stop) break;
      const nameStart = i;
      while (i < stop && text.charCodeAt(i) !== EQUALS && !isBlank(text.charCodeAt(i))) i++;
      if (i >= stop || text.charCodeAt(i) !== EQUALS) {
        malformed = text.slice(nameStart, i);
        break;
      }
      const nameEnd = i;
      i++;
      let valueStart = i;
      let valueEnd: number;
      const quote = text.charCodeAt(i);
      if (quote === 39 || quote === 34) {
        const close = text.indexOf(String.fromCharCode(quote), i + 1);
        if (close === -1 || close >= stop) {
          malformed = text.slice(nameStart, stop).trim();
          break;
        }
        valueStart = i + 1;
        valueEnd = close;
        i = close + 1;
      } else {
        while (i < stop && !isBlank(text.charCodeAt(i)) && text.charCodeAt(i) !== COMMA) i++;
        valueEnd = i;
      }
      tokens.push(nameStart, nameEnd, valueStart, valueEnd);
    }
    if (malformed !== undefined || tokens.length === 0) {
      problems.add(`line ${lineNumber}: ${JSON.stringify(malformed ?? text.slice(start, end))} is not dimension=value; expected e.g. instrument=LSSTCam visit=2025111500226 detector=42`);
      continue;
    }

    if (columns === undefined) {
      firstLine = lineNumber;
      firstOrder = [];
      for (let t = 0; t < tokens.length; t += 4) firstOrder.push(text.slice(tokens[t], tokens[t + 1]));
      const dimensions = checkDimensionNames(firstOrder, `line ${lineNumber}`, problems, rules.universe);
      problems.throwIfAny();
      columns = createListColumns(dimensions, rules, problems, describe);
      firstTarget = firstOrder.map((name) => dimensions.indexOf(name));
      row = new Array(dimensions.length);
      lastText = new Array(dimensions.length);
    }
    const cols = columns;

    // fast path: the same names in the same order as the first line
    let sameOrder = tokens.length === firstOrder.length * 4;
    for (let t = 0, k = 0; sameOrder && t < tokens.length; t += 4, k++) {
      const name = firstOrder[k]!;
      sameOrder = tokens[t + 1]! - tokens[t]! === name.length && text.startsWith(name, tokens[t]!);
    }
    let targets = firstTarget;
    if (!sameOrder) {
      const names: string[] = [];
      for (let t = 0; t < tokens.length; t += 4) names.push(text.slice(tokens[t], tokens[t + 1]));
      const sorted = [...names].sort();
      if (sorted.join(' ') !== cols.dimensions.join(' ')) {
        const repeated = sorted.find((name, k) => sorted[k + 1] === name);
        problems.add(
          repeated !== undefined
            ? `line ${lineNumber}: names ${repeated} twice; expected each dimension once`
            : `line ${lineNumber}: names ${sorted.join(', ')} but line ${firstLine} names ${cols.dimensions.join(', ')}; every entry of a list must name the same dimensions`,
        );
        continue;
      }
      targets = names.map((name) => cols.dimensions.indexOf(name));
    }

    let good = true;
    let ranged = false;
    for (let t = 0, k = 0; t < tokens.length; t += 4, k++) {
      const c = targets[k]!;
      const valueStart = tokens[t + 2]!;
      const valueEnd = tokens[t + 3]!;
      const quick = cols.integer[c] ? parseIntegerText(text, valueStart, valueEnd) : undefined;
      if (quick !== undefined) {
        row[c] = quick;
        continue;
      }
      const previous = lastText[c];
      // the same string as the line before (an instrument, a band): no new string, no second check
      if (previous !== undefined && previous.length === valueEnd - valueStart && text.startsWith(previous, valueStart)) {
        row[c] = previous;
        continue;
      }
      const read = readDimensionText(cols, c, text.slice(valueStart, valueEnd), lineNumber, true, valueStart - lineStart + 1);
      if (read === undefined) good = false;
      else {
        row[c] = read;
        if (typeof read === 'object') ranged = true;
        else if (typeof read === 'string') lastText[c] = read;
      }
    }
    if (!good) continue;
    if (ranged) pushRow(cols, row, lineNumber, reason);
    else {
      if (reason !== undefined) setReason(cols, cols.size, reason);
      pushScalarRow(cols, row as (number | string)[], lineNumber);
    }
  }
  if (columns === undefined) return problems.fail('the list is empty; expected one data ID a line, e.g. instrument=LSSTCam visit=2025111500226 detector=42');
  return build(columns, {});
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
