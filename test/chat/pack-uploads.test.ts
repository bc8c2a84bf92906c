import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { packUploads } from '../../src/chat/pack-uploads.js';

const MIB = 1024 * 1024;
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

/** Data IDs as an export writes them: very repetitive JSON. */
function dataIds(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) lines.push(`{"instrument": "LSSTCam", "visit": ${2025111500000 + Math.floor(i / 189)}, "detector": ${i % 189}}`);
  return `[\n${lines.join(',\n')}\n]\n`;
}

describe('packUploads', () => {
  it('sends small files as they are, at most so many a request', async () => {
    const files = Array.from({ length: 7 }, (_, i) => ({ name: `f${i}.txt`, content: `file ${i}` }));
    const packed = await packUploads(files, { maxRequestBytes: 100 * MIB, maxFilesPerRequest: 5 });
    expect(packed.requests.map((request) => request.map((file) => file.name))).toEqual([['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt'], ['f5.txt', 'f6.txt']]);
    expect(text(packed.requests[1]![1]!.bytes)).toBe('file 6');
    expect(packed.notes).toEqual([]);
  });

  it('keeps each request under the byte limit, never reordering', async () => {
    const files = ['a', 'b', 'c', 'd'].map((name) => ({ name, content: Buffer.alloc(400 * 1024, name) }));
    const packed = await packUploads(files, { maxRequestBytes: 1 * MIB, maxFilesPerRequest: 10 });
    expect(packed.requests.map((request) => request.map((file) => file.name))).toEqual([['a', 'b'], ['c', 'd']]);
    for (const request of packed.requests) expect(request.reduce((sum, file) => sum + file.bytes.length, 0)).toBeLessThan(1 * MIB);
  });

  it('gzips a file too big for one request, and says so', async () => {
    const content = dataIds(40_000);
    expect(content.length).toBeGreaterThan(2 * MIB);
    const packed = await packUploads([{ name: 'CMP-1-lists.json', content }], { maxRequestBytes: 1 * MIB, maxFilesPerRequest: 5 });
    const [file] = packed.requests.flat();
    expect(file!.name).toBe('CMP-1-lists.json.gz');
    expect(gunzipSync(file!.bytes).toString('utf8')).toBe(content);
    expect(packed.notes[0]).toMatch(/^CMP-1-lists.json \(\d+\.\d MiB\) is sent gzipped as CMP-1-lists.json.gz \(0\.\d MiB\)\.$/);
  });

  it('cuts a file still too big after gzip into pieces that join back to it', async () => {
    // Random bytes do not compress.
    const noise = randomBytes(1_200_000);
    const packed = await packUploads([{ name: 'export.bin', content: noise }, { name: 'README.txt', content: 'hello' }], { maxRequestBytes: 512 * 1024, maxFilesPerRequest: 5 });
    const names = packed.requests.flat().map((file) => file.name);
    const pieces = packed.requests.flat().filter((file) => file.name.startsWith('export.bin.gz.'));
    expect(pieces.length).toBeGreaterThan(1);
    expect(names.at(-1)).toBe('README.txt');
    expect(names.slice(0, pieces.length)).toEqual(pieces.map((_, i) => `export.bin.gz.${String(i + 1).padStart(3, '0')}`));
    expect(Buffer.compare(gunzipSync(Buffer.concat(pieces.map((piece) => piece.bytes))), noise)).toBe(0);
    expect(packed.notes[0]).toContain('cat export.bin.gz.* > export.bin.gz && gunzip export.bin.gz');
    for (const request of packed.requests) expect(request.reduce((sum, file) => sum + file.bytes.length, 0)).toBeLessThanOrEqual(512 * 1024);
  });
});
