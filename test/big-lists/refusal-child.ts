// Child process of big-list-refusals.test.ts: parses one hostile list and prints what happened
// and the process's peak RSS, so the memory figure is this parse's alone.
import { ListError } from '../../src/lists/list-error.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { gzipBomb } from './big-list-data.js';

const which = process.argv[2];
const input = which === 'bomb' ? gzipBomb(80) : 'instrument=LSSTCam visit=2025111500000..2025111599999 detector=0..9999999';
const baselineRssMb = process.resourceUsage().maxRSS / 1024;
let outcome: string;
try {
  const list = parseDataIdList(input, which === 'bomb' ? { source: 'bomb.csv.gz' } : { source: 'the pasted exclusion list', format: 'lines' });
  outcome = `a list of ${list.entries.length}`;
} catch (error) {
  outcome = error instanceof ListError ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
}
process.stdout.write(`${JSON.stringify({ outcome, inputBytes: input.length, baselineRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
