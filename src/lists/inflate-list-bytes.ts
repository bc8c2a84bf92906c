import { gunzipSync } from 'node:zlib';
import { constants } from 'node:buffer';
import { gzipInflatedSize } from './gzip-inflated-size.js';
import type { ListProblems } from './list-problems.js';

/** The longest text a list can be parsed from: one JavaScript string (about 512 MiB). */
export const MAX_LIST_TEXT_BYTES = constants.MAX_STRING_LENGTH;

/** Gzip files start with 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip bytes with an output ceiling (`maxInflatedBytes`, and never more than one string's
 * worth). A gzip bomb is refused after counting, not producing, its output, so it costs no memory;
 * gunzip's own `maxOutputLength` stays as the hard limit.
 */
export function inflateListBytes(bytes: Uint8Array, maxInflatedBytes: number, problems: ListProblems): Uint8Array {
  const ceiling = Math.min(maxInflatedBytes, MAX_LIST_TEXT_BYTES);
  const tooBig = () =>
    problems.fail(`the gzip file inflates to more than ${formatBytes(ceiling)}, the most a list may hold; refused (a list of 5,000,000 data IDs needs far less)`);
  // Deflate inflates at most 1032-fold (two 1-bit codes for 258 bytes): smaller files need no count.
  if (bytes.length * 1032 > ceiling) {
    const counted = gzipInflatedSize(bytes, ceiling);
    if (counted !== undefined && counted > ceiling) return tooBig();
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: ceiling });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) return tooBig();
    return problems.fail(`the file looks gzipped but does not inflate: ${(error as Error).message}`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${+(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${+(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}
