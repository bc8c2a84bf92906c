/**
 * Recording a workflow start with a 1,000,000-entry (visit, detector) exclusion list, in JSON and
 * in CSV (read + parse + validate + fingerprint + store, through Notebook.startWorkflow into a
 * real file database), against a bare better-sqlite3 loop inserting the same rows in one
 * transaction in the same run; plus 100,000 entries in YAML. Each case runs in a process of its
 * own so its peak RSS is its own. Targets: ≤ 3 × bare for 1M JSON and CSV, YAML 100k < 5 s,
 * peak RSS < 600 MB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createNotebook } from '../src/campaign/create-notebook.js';
import { parseDataIdList } from '../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../src/store/create-sqlite-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { bareInsertMs, visitMajorRows } from './bare-insert-ms.js';

const MILLION = 1_000_000;
const REPEATS = 3;

interface Case {
  readonly name: string;
  readonly file: string;
  readonly count: number;
}

function writeInputs(dir: string): Case[] {
  const million = visitMajorRows(MILLION);
  const inputs: Array<[string, string, number]> = [
    [
      '1M.json',
      `{"format":"data-id-list/1","reason":"bench","data_ids":[\n${million.map(([v, d]) => `{"visit":${v},"detector":${d}}`).join(',\n')}\n]}\n`,
      MILLION,
    ],
    ['1M.csv', `# bench\nvisit,detector\n${million.map(([v, d]) => `${v},${d}`).join('\n')}\n`, MILLION],
    ['100k.yaml', `reason: bench\ndata_ids:\n${visitMajorRows(100_000).map(([v, d]) => `  - {visit: ${v}, detector: ${d}}`).join('\n')}\n`, 100_000],
  ];
  return inputs.map(([name, content, count]) => {
    writeFileSync(join(dir, name), content);
    return { name, file: join(dir, name), count };
  });
}

/** The yardstick (bareInsertMs) of one run, its database removed after. */
function bareRunMs(dir: string, run: number): number {
  const path = join(dir, `bare-${run}.sqlite`);
  const ms = bareInsertMs(path, MILLION);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  return ms;
}

/** One case, in this (child) process: a fresh notebook database, then the timed workflow start. */
function measureCase(file: string, databasePath: string): void {
  const db = openDatabase(databasePath);
  const notebook = createNotebook({ store: createSqliteStore(db) });
  const pilot = { id: 'bench:pilot', name: 'pilot' };
  notebook.defineCampaign({ shortName: 'bench', description: 'record bench' }, pilot);
  const start = performance.now();
  const bytes = readFileSync(file);
  const list = parseDataIdList(bytes, { source: file, columnar: true });
  const parsed = performance.now();
  const workflow = notebook.startWorkflow('bench', { label: 'step1', wms: 'panda' }, [{ kind: 'exclude', reason: 'bench', list }], pilot);
  const done = performance.now();
  const stored = db.prepare('SELECT count(*) FROM list_entries').pluck().get() as number;
  db.close();
  console.log(
    JSON.stringify({
      count: workflow.lists[0]!.count,
      stored,
      parseMs: parsed - start,
      recordMs: done - parsed,
      totalMs: done - start,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'record-bench-'));
  try {
    const cases = writeInputs(dir);
    // Each case runs REPEATS times, each time right after its own bare-insert yardstick, so both see
    // the same machine load; the ratio reported is the median of those paired ratios.
    const results = new Map<string, (Record<string, number> & { bareMs: number; ratio: number })[]>();
    const self = fileURLToPath(import.meta.url);
    let run = 0;
    for (let r = 0; r < REPEATS; r++) {
      for (const [i, c] of cases.entries()) {
        const bareMs = bareRunMs(dir, run++);
        const path = join(dir, `notebook-${i}-${r}.sqlite`);
        const child = spawnSync(process.execPath, ['--import', 'tsx', self, '--case', c.file, path], { encoding: 'utf8' });
        if (child.status !== 0) throw new Error(`bench case ${c.name} failed:\n${child.stderr}`);
        const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Record<string, number>;
        if (figures.count !== c.count || figures.stored !== c.count) {
          throw new Error(`${c.name}: recorded ${figures.count} entries (${figures.stored} stored), expected ${c.count}`);
        }
        const paired = { ...figures, bareMs, ratio: figures.totalMs! / bareMs };
        results.set(c.name, [...(results.get(c.name) ?? []), paired]);
        for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
      }
    }
    console.log(
      `${REPEATS} runs per case, each paired with a bare better-sqlite3 insert of the same 1,000,000 (visit, detector) rows in one transaction, run just before it;`,
    );
    console.log(
      `the median run by ratio is shown; peak RSS is the highest of the runs. Load average ${loadavg().map((load) => load.toFixed(1)).join(' ')} on ${cpus().length} CPUs`,
    );
    console.log('case        entries  read+parse ms  fingerprint+store ms  total ms  bare ms  x bare (all runs)   peak RSS MB  target');
    for (const c of cases) {
      const runs = [...results.get(c.name)!].sort((a, b) => a.ratio - b.ratio);
      const median = runs[Math.floor(runs.length / 2)]!;
      const maxRssMb = Math.max(...runs.map((one) => one.maxRssMb!));
      const target =
        c.count === MILLION
          ? `≤ 3 x bare, < 600 MB: ${median.ratio <= 3 && maxRssMb < 600 ? 'met' : 'MISSED'}`
          : `< 5000 ms: ${median.totalMs! < 5000 ? 'met' : 'MISSED'}`;
      console.log(
        [
          c.name.padEnd(10),
          String(median.count).padStart(8),
          median.parseMs!.toFixed(0).padStart(14),
          median.recordMs!.toFixed(0).padStart(21),
          median.totalMs!.toFixed(0).padStart(9),
          (c.count === MILLION ? median.bareMs.toFixed(0) : '-').padStart(8),
          (c.count === MILLION ? `${median.ratio.toFixed(2)} (${runs.map((one) => one.ratio.toFixed(2)).join(', ')})` : '-').padStart(19),
          maxRssMb.toFixed(0).padStart(12),
          ` ${target}`,
        ].join(' '),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const caseIndex = process.argv.indexOf('--case');
if (caseIndex !== -1) measureCase(process.argv[caseIndex + 1]!, process.argv[caseIndex + 2]!);
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
