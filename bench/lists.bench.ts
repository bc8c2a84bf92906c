/**
 * Data-ID list figures: parse + validate + sort + fingerprint for 1M JSON, 1M CSV, 1M gzipped CSV,
 * 1M lines written as 3 range lines, and 100k YAML (the fast path, and the full yaml parser), each in a process of its own so its peak RSS
 * is its own; plus, for scale, a bare better-sqlite3 insert of the same 1M rows.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fingerprintList } from '../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../src/lists/parse-data-id-list.js';
import { FIRST_VISIT } from '../test/big-lists/big-list-data.js';
import { bareInsertMs, visitMajorRows } from './bare-insert-ms.js';

interface Case {
  readonly name: string;
  readonly file: string;
  readonly count: number;
}

function writeInputs(dir: string): Case[] {
  const million = visitMajorRows(1_000_000);
  const json = `{"format":"data-id-list/1","reason":"bench","data_ids":[\n${million.map(([v, d]) => `{"visit":${v},"detector":${d}}`).join(',\n')}\n]}\n`;
  const csv = `visit,detector\n${million.map(([v, d]) => `${v},${d}`).join('\n')}\n`;
  const yaml = `reason: bench\ndata_ids:\n${visitMajorRows(100_000).map(([v, d]) => `  - {visit: ${v}, detector: ${d}}`).join('\n')}\n`;
  // one escaped string sends the whole document to the full yaml parser instead of the fast path
  const handYaml = `reason: bench\ndata_ids:\n  - {visit: 1, detector: 1, reason: "by\\thand"}\n${visitMajorRows(100_000 - 1).map(([v, d]) => `  - visit: ${v}\n    detector: ${d}`).join('\n')}\n`;
  // 5291 visits x 189 detectors = 999,999 IDs, plus one, in 3 lines
  const ranges = `# the same million, as ranges\nvisit=${FIRST_VISIT}..${FIRST_VISIT + 5290} detector=0..188\nvisit=${FIRST_VISIT + 5291} detector=0\n`;
  const files: Array<[string, string | Buffer, number]> = [
    ['1M.json', json, 1_000_000],
    ['1M.csv', csv, 1_000_000],
    ['1M.csv.gz', gzipSync(csv), 1_000_000],
    ['100k.yaml', yaml, 100_000],
    ['100k-full.yaml', handYaml, 100_000],
    ['ranges.txt', ranges, 5291 * 189 + 1],
  ];
  return files.map(([file, content, count]) => {
    writeFileSync(join(dir, file), content);
    return { name: file, file: join(dir, file), count };
  });
}

function measureCase(file: string): void {
  const bytes = readFileSync(file);
  const start = performance.now();
  const list = parseDataIdList(bytes, { source: file });
  const parsed = performance.now();
  const sha256 = fingerprintList(list);
  const done = performance.now();
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    JSON.stringify({ count: list.entries.length, parseMs: parsed - start, fingerprintMs: done - parsed, totalMs: done - start, maxRssMb, bytes: bytes.length, sha256 }),
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lists-bench-'));
  try {
    const cases = writeInputs(dir);
    const bare = bareInsertMs(join(dir, 'bare.sqlite'), 1_000_000);
    console.log(`bare better-sqlite3 insert of 1,000,000 (visit, detector) rows: ${bare.toFixed(0)} ms`);
    console.log('case           entries    bytes      parse ms  sha ms  total ms  entries/s   peak RSS MB  total/bare insert');
    const self = fileURLToPath(import.meta.url);
    for (const c of cases) {
      const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--case', c.file], { encoding: 'utf8' });
      if (child.status !== 0) throw new Error(`bench case ${c.name} failed:\n${child.stderr}`);
      const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
      if (figures.count !== c.count) throw new Error(`${c.name}: parsed ${figures.count} entries, expected ${c.count}`);
      const perSecond = (figures.count! / figures.totalMs!) * 1000;
      console.log(
        [
          c.name.padEnd(14),
          String(figures.count).padStart(8),
          String(figures.bytes).padStart(10),
          figures.parseMs!.toFixed(0).padStart(9),
          figures.fingerprintMs!.toFixed(0).padStart(7),
          figures.totalMs!.toFixed(0).padStart(9),
          Math.round(perSecond).toLocaleString('en-US').padStart(11),
          figures.maxRssMb!.toFixed(0).padStart(12),
          (figures.count === 1_000_000 || c.name === 'ranges.txt' ? (figures.totalMs! / bare).toFixed(2) : '-').padStart(14),
        ].join(' '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex !== -1) measureCase(process.argv[caseIndex + 1]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
