import { readFileSync } from 'node:fs';
import { UserError } from '../campaign/user-error.js';
import type { DataIdList } from '../lists/data-id-list.js';
import type { ListLimits } from '../lists/list-limits.js';
import { parseDataIdList } from '../lists/parse-data-id-list.js';

/** Reads and parses a list file (any accepted encoding, gzipped or not); problems are a UserError or ListError naming the file. */
export function readListFile(path: string, shownAs: string, limits?: ListLimits): DataIdList {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new UserError(`Cannot read the list ${shownAs}: ${why}`, {}, { cause: error });
  }
  // Columns, not a million objects: the store inserts from them and exports build entries on demand.
  return parseDataIdList(bytes, { source: shownAs, fileName: shownAs, columnar: true, ...(limits ? { limits } : {}) });
}
