import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { bigListCsvGz, bigListRanges, gzipBomb } from './big-list-data.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'campaign-cli-limits-'));
  writeFileSync(join(dir, 'edge.csv.gz'), bigListCsvGz(2000));
  writeFileSync(join(dir, 'edge-ranges.txt'), bigListRanges(2000));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function campaign(env: Record<string, string>, ...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    env: { CAMPAIGN_DB: 'notebook.sqlite', USER: 'jdoe', ...env },
    cwd: dir,
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text) },
  });
  return { code, out, err };
}

describe('campaign lists: the list limits of the config file', () => {
  it('reads a gzipped CSV and its ranges as the same list under the default limits', async () => {
    const result = await campaign({}, 'lists', 'validate', 'edge.csv.gz', 'edge-ranges.txt');
    expect(result.code).toBe(0);
    const [csv, ranges] = result.out.trim().split('\n');
    expect(csv).toMatch(/^edge\.csv\.gz: 2000 data IDs, dimensions detector, instrument, visit, sha256 [0-9a-f]{64}$/);
    expect(ranges!.split('sha256 ')[1]).toBe(csv!.split('sha256 ')[1]);
  });

  it('applies lists.max_entries and lists.max_inflated_bytes from CAMPAIGN_CONFIG', async () => {
    writeFileSync(join(dir, 'small.yaml'), 'lists:\n  max_entries: 1000\n  max_inflated_bytes: 40000\n');
    const entries = await campaign({ CAMPAIGN_CONFIG: 'small.yaml' }, 'lists', 'validate', 'edge-ranges.txt');
    expect(entries.code).toBe(1);
    expect(entries.err).toMatch(/edge-ranges\.txt[\s\S]*line 2: the list would hold 1,890 data IDs, more than the limit of 1,000/);
    const inflated = await campaign({ CAMPAIGN_CONFIG: 'small.yaml' }, 'lists', 'add', 'edge.csv.gz', '--name', 'edge');
    expect(inflated.code).toBe(1);
    expect(inflated.err).toMatch(/edge\.csv\.gz[\s\S]*inflates to more than 39.1 KiB/);
  });

  it('refuses a gzip bomb given to lists add, and stores nothing', async () => {
    writeFileSync(join(dir, 'bomb.csv.gz'), gzipBomb(80));
    const result = await campaign({}, 'lists', 'add', 'bomb.csv.gz', '--name', 'bomb');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/bomb\.csv\.gz[\s\S]*inflates to more than 512 MiB, the most a list may hold; refused/);
    expect((await campaign({}, 'lists')).out).toContain('No stored lists.');
  });

  it('names the config file when it is not valid', async () => {
    writeFileSync(join(dir, 'bad.yaml'), 'lists:\n  max_entries: lots\n');
    const result = await campaign({ CAMPAIGN_CONFIG: 'bad.yaml' }, 'lists', 'validate', 'edge.csv.gz');
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/bad\.yaml[\s\S]*max_entries/);
  });
});
