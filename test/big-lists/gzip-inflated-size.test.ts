import { constants, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gzipInflatedSize } from '../../src/lists/gzip-inflated-size.js';
import { bigListCsv } from './big-list-data.js';

const STRATEGIES = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];

// Text that compresses (repeats and list-like rows) as well as bytes that do not.
const content = fc.oneof(
  fc.uint8Array({ maxLength: 70_000 }),
  fc.tuple(fc.string({ maxLength: 40 }), fc.nat({ max: 5000 })).map(([unit, times]) => new TextEncoder().encode(unit.repeat(times))),
  fc.nat({ max: 20_000 }).map((count) => new TextEncoder().encode(bigListCsv(count))),
);

describe('gzipInflatedSize', () => {
  it('counts what gunzip inflates, for any content, level, strategy and number of gzip members', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(content, fc.integer({ min: 0, max: 9 }), fc.constantFrom(...STRATEGIES)), { minLength: 1, maxLength: 3 }),
        (members) => {
          const gz = Buffer.concat(members.map(([bytes, level, strategy]) => gzipSync(bytes, { level, strategy })));
          expect(gzipInflatedSize(gz, Number.POSITIVE_INFINITY)).toBe(gunzipSync(gz).length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads the optional gzip header fields (extra, name, comment, header CRC)', () => {
    const body = new TextEncoder().encode(bigListCsv(300));
    const header = Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3, 2, 0, 0xab, 0xcd]);
    const gz = Buffer.concat([header, Buffer.from('bad-ccds.csv\0from the DP2 run\0'), Buffer.from([0, 0]), deflateRawSync(body), Buffer.alloc(8)]);
    expect(gzipInflatedSize(gz, Number.POSITIVE_INFINITY)).toBe(body.length);
  });

  it('stops counting once past the ceiling, for a file that inflates to gigabytes', () => {
    const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => member));
    const counted = gzipInflatedSize(bomb, 100 * 1024 * 1024)!;
    expect(counted).toBeGreaterThan(100 * 1024 * 1024);
    expect(counted).toBeLessThan(100 * 1024 * 1024 + 64 * 1024);
    expect(gzipInflatedSize(bomb, Number.POSITIVE_INFINITY)).toBe(64 * 64 * 1024 * 1024);
  });

  it('gives undefined for truncated or corrupt data, leaving the diagnosis to gunzip', () => {
    const gz = gzipSync(bigListCsv(2000));
    expect(gzipInflatedSize(gz.subarray(0, gz.length - 3), Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(gzipInflatedSize(gz.subarray(0, 100), Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(gzipInflatedSize(Buffer.from([0x1f, 0x8b, 7, 0]), Number.POSITIVE_INFINITY)).toBeUndefined();
    const reserved = Buffer.from(gz);
    reserved[10] = 0b111; // last block, type 3 (reserved)
    expect(gzipInflatedSize(reserved, Number.POSITIVE_INFINITY)).toBeUndefined();
  });
});
