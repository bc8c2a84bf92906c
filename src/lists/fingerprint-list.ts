import { createHash } from 'node:crypto';
import type { DataIdColumns, DataIdList } from './data-id-list.js';

const CHUNK = 1 << 16;

/**
 * The list's SHA-256 (hex). Canonical form: one line per entry in canonical order, each the data ID as compact JSON with keys sorted, e.g. `{"detector":42,"visit":1}\n`; reasons, provenance, input order and encoding excluded.
 */
export function fingerprintList(list: DataIdList): string {
  if (list.columns !== undefined) return fingerprintColumns(list.dimensions, list.columns);
  const hash = createHash('sha256');
  const { dimensions } = list;
  // `{"detector":`, `,"visit":` ... as bytes, written into one reused buffer: no string per entry
  const keys = keyBytes(dimensions);
  const buffer = Buffer.allocUnsafe(CHUNK);
  const digits = new Uint8Array(24);
  let at = 0;
  for (const { dataId } of list.entries) {
    if (at > CHUNK - 1024) {
      hash.update(buffer.subarray(0, at));
      at = 0;
    }
    for (let c = 0; c < keys.length; c++) {
      const key = keys[c]!;
      for (let k = 0; k < key.length; k++) buffer[at++] = key[k]!;
      const value = dataId[dimensions[c]!]!;
      if (typeof value === 'number' && Number.isSafeInteger(value)) at = writeInteger(buffer, at, value, digits);
      else {
        const text = JSON.stringify(value);
        if (Buffer.byteLength(text) > CHUNK - at - 2) {
          hash.update(buffer.subarray(0, at));
          hash.update(text);
          at = 0;
        } else at += buffer.write(text, at);
      }
    }
    buffer[at++] = 125; // }
    buffer[at++] = 10; // \n
  }
  hash.update(buffer.subarray(0, at));
  return hash.digest('hex');
}

/** The same canonical form, read from columns: each distinct string is encoded once. */
function fingerprintColumns(dimensions: readonly string[], columns: DataIdColumns): string {
  const hash = createHash('sha256');
  const keys = keyBytes(dimensions);
  const integers = columns.values.map((column) => (column.kind === 'integer' ? column.values : undefined));
  const indexes = columns.values.map((column) => (column.kind === 'string' ? column.indexes : undefined));
  const tables = columns.values.map((column) => (column.kind === 'string' ? column.table.map((value) => Buffer.from(JSON.stringify(value))) : []));
  const buffer = Buffer.allocUnsafe(CHUNK);
  const digits = new Uint8Array(24);
  let at = 0;
  for (let row = 0; row < columns.size; row++) {
    if (at > CHUNK - 1024) {
      hash.update(buffer.subarray(0, at));
      at = 0;
    }
    for (let c = 0; c < keys.length; c++) {
      const key = keys[c]!;
      for (let k = 0; k < key.length; k++) buffer[at++] = key[k]!;
      const values = integers[c];
      if (values !== undefined) at = writeInteger(buffer, at, values[row]!, digits);
      else at = writeBytes(hash, buffer, at, tables[c]![indexes[c]![row]!]!);
    }
    buffer[at++] = 125; // }
    buffer[at++] = 10; // \n
  }
  hash.update(buffer.subarray(0, at));
  return hash.digest('hex');
}

function keyBytes(dimensions: readonly string[]): Uint8Array[] {
  return dimensions.map((name, c) => new Uint8Array(Buffer.from(`${c === 0 ? '{' : ','}${JSON.stringify(name)}:`)));
}

/** Writes a safe integer in decimal; returns the new position. */
function writeInteger(buffer: Uint8Array, at: number, value: number, digits: Uint8Array): number {
  let n = value;
  if (n < 0) {
    buffer[at++] = 45;
    n = -n;
  }
  // digits via int32 arithmetic: `%` on doubles above 2^31 is a slow fmod
  if (n >= 1e8) {
    const high = Math.floor(n / 1e8);
    at = writeDigits(buffer, at, high, digits, 0);
    return writeDigits(buffer, at, n - high * 1e8, digits, 8);
  }
  return writeDigits(buffer, at, n, digits, 0);
}

/** Appends `bytes`, hashing what the buffer holds first when they do not fit (a value may exceed the buffer); returns the new position. */
function writeBytes(hash: ReturnType<typeof createHash>, buffer: Buffer, at: number, bytes: Uint8Array): number {
  if (bytes.length > CHUNK - at - 2) {
    hash.update(buffer.subarray(0, at));
    hash.update(bytes);
    return 0;
  }
  buffer.set(bytes, at);
  return at + bytes.length;
}

/** Writes 0 <= n < 2^31 in decimal, zero-padded to `width` digits. */
function writeDigits(buffer: Uint8Array, at: number, n: number, digits: Uint8Array, width: number): number {
  let value = n | 0;
  let d = 0;
  do {
    const tenth = (value / 10) | 0;
    digits[d++] = 48 + value - tenth * 10;
    value = tenth;
  } while (value > 0);
  while (d < width) digits[d++] = 48;
  while (d > 0) buffer[at++] = digits[--d]!;
  return at;
}
