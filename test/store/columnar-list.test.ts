import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { alice, openTestNotebook } from '../campaign/open-test-notebook.js';
import { dataIdSets } from '../lists/list-arbitrary.js';

const rowsOf = (db: ReturnType<typeof openTestNotebook>['db']) =>
  db.prepare('SELECT v1, v2, v3, v4, typeof(v1) t1, typeof(v2) t2, typeof(v3) t3, reason FROM list_entries ORDER BY v1, v2, v3, v4').all();

describe('createSqliteStore: a list given as columns (from the list worker)', () => {
  it('stores the rows, count and fingerprint the same list stores when given as entries', () => {
    fc.assert(
      fc.property(dataIdSets, ({ rows }) => {
        const json = JSON.stringify(rows.map(({ dataId, reason }) => (reason === undefined ? dataId : { ...dataId, reason })));
        const asEntries = parseDataIdList(json, { source: 'a.json' });
        const asColumns = parseDataIdList(json, { source: 'a.json', columnar: true });
        const one = openTestNotebook();
        const other = openTestNotebook();
        const stored = one.notebook.storeList(asEntries, {}, alice);
        const storedColumns = other.notebook.storeList(asColumns, {}, alice);
        expect(storedColumns).toEqual({ ...stored, storedAt: storedColumns.storedAt });
        expect(rowsOf(other.db)).toEqual(rowsOf(one.db));
        expect(fingerprintList(other.notebook.getList(storedColumns.sha256))).toBe(stored.sha256);
        one.db.close();
        other.db.close();
      }),
      { numRuns: 60 },
    );
  });

  it('keeps a columnar list whose key order differs from the canonical order findable by why', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const list = parseDataIdList('band=r detector=2 visit=5\nband=g detector=9 visit=1\nband=r detector=1 visit=5\nband=g detector=1 visit=7', {
      source: 'x',
      columnar: true,
    });
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [{ kind: 'exclude', reason: 'r', list }], alice);
    expect(notebook.why({ visit: 5 }).map((m) => m.entry)).toEqual([
      { band: 'r', detector: 1, visit: 5 },
      { band: 'r', detector: 2, visit: 5 },
    ]);
  });
});
