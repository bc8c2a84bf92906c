/**
 * Diff and bps export at scale: two workflows whose 1,000,000-ID exclusion lists differ by three
 * data IDs (each list read back from SQLite, then one merge pass), and the `--to bps` export of a
 * workflow with a 1,000,000-ID inclusion list (an ECSV table) and exclusion list (a NOT (...) query
 * fragment: a rectangle of visits x detectors compresses into a few ranges), with the record export
 * of the same workflow for scale.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNotebook } from '../src/campaign/create-notebook.js';
import { parseDataIdList } from '../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../src/store/create-sqlite-store.js';
import { openDatabase } from '../src/store/open-database.js';
import { FIRST_VISIT } from '../test/big-lists/big-list-data.js';

const pilot = { id: 'cli:bench', name: 'bench' };
// 5291 visits x 189 detectors = 999,999 data IDs, plus one
const million = `visit=${FIRST_VISIT}..${FIRST_VISIT + 5290} detector=0..188\nvisit=${FIRST_VISIT + 5291} detector=0\n`;
// the same million, one removed and two added
const changed = `visit=${FIRST_VISIT}..${FIRST_VISIT + 5290} detector=1..188\nvisit=${FIRST_VISIT + 1}..${FIRST_VISIT + 5290} detector=0\nvisit=${FIRST_VISIT + 5291} detector=0..2\n`;

const dir = mkdtempSync(join(tmpdir(), 'bench-diff-'));
try {
  const db = openDatabase(join(dir, 'notebook.sqlite'));
  const notebook = createNotebook({ store: createSqliteStore(db) });
  const lines = (text: string) => parseDataIdList(text, { source: 'bench', format: 'lines' });
  notebook.defineCampaign({ shortName: 'bench', description: 'diff bench' }, pilot);
  notebook.startWorkflow('bench', { label: 'a', wms: 'panda', dataQuery: "instrument='LSSTCam'" }, [{ kind: 'exclude', reason: 'r', list: lines(million) }], pilot);
  notebook.startWorkflow('bench', { label: 'b', wms: 'panda' }, [{ kind: 'exclude', reason: 'r', list: lines(changed) }], pilot);
  notebook.startWorkflow(
    'bench',
    { label: 'c', wms: 'panda', dataQuery: "instrument='LSSTCam'" },
    [
      { kind: 'include', reason: 'r', list: lines(million) },
      { kind: 'exclude', reason: 'r', list: lines(changed) },
    ],
    pilot,
  );

  const rounds = 3;
  const diffMs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const diff = notebook.diff('CMP-1/1', 'CMP-1/2');
    diffMs.push(performance.now() - start);
    if (diff.type !== 'workflow' || diff.lists[0]!.added !== 2 || diff.lists[0]!.removed !== 1) throw new Error('the diff is wrong');
  }
  const exportMs: number[] = [];
  let bytes = 0;
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    const exported = notebook.exportBps('CMP-1/3');
    exportMs.push(performance.now() - start);
    if (exported.unexpressed.some((line) => line.includes('exclusion'))) throw new Error(exported.unexpressed.join(' '));
    bytes = exported.files.reduce((sum, file) => sum + file.content.length, 0);
  }
  const recordStart = performance.now();
  notebook.exportRecord('CMP-1/3');
  const recordMs = performance.now() - recordStart;
  db.close();
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(0);
  console.log(`diff of two workflows, 1,000,000-ID exclusion lists differing by 3: median ${median(diffMs)} ms of ${rounds} (${diffMs.map((ms) => ms.toFixed(0)).join(', ')})`);
  console.log(`export --to bps, 1,000,000-ID inclusion table + exclusion fragment: median ${median(exportMs)} ms of ${rounds}, ${(bytes / 1e6).toFixed(1)} MB written`);
  console.log(`for scale, the record export of the same workflow (JSON, ECSV and query of both lists): ${recordMs.toFixed(0)} ms`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (shared machine: figures are noisy)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
