import { describe, expect, it } from 'vitest';
import type { DataIdList } from '../../src/lists/data-id-list.js';
import { diffLists } from '../../src/lists/diff-lists.js';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { lines } from '../campaign/open-test-notebook.js';

const by = { id: 'cli:test', name: 'test' };

function store(lists: readonly DataIdList[]) {
  const notebookStore = createSqliteStore(openDatabase(':memory:'));
  for (const list of lists) notebookStore.storeList({ list, sha256: fingerprintList(list), by, at: '2025-11-15T10:00:00Z' });
  return notebookStore;
}

describe('diffStoredLists', () => {
  it('agrees with diffLists on lists that share, add and remove data IDs (strings, integers, several dimensions)', () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
    const ids = (count: number) => [...new Set(Array.from({ length: count }, () => `instrument=${next(2) ? 'LSSTCam' : 'LATISS'} visit=${2025111500000 + next(300)} detector=${next(20)}`))];
    const a = lines(ids(800).join('\n'));
    const b = lines([...ids(800), ...a.entries.slice(0, 500).map((entry) => `instrument=${entry.dataId.instrument} visit=${entry.dataId.visit} detector=${entry.dataId.detector}`)].filter((line, i, all) => all.indexOf(line) === i).join('\n'));
    const notebookStore = store([a, b]);
    const expected = diffLists(a, b);
    const got = notebookStore.diffStoredLists(fingerprintList(a), fingerprintList(b), 5);
    expect(expected.common).toBeGreaterThan(0);
    expect(got.added).toBe(expected.added.length);
    expect(got.removed).toBe(expected.removed.length);
    const key = (dataId: object) => JSON.stringify(dataId);
    const addedKeys = new Set(expected.added.map((entry) => key(entry.dataId)));
    const removedKeys = new Set(expected.removed.map((entry) => key(entry.dataId)));
    expect(got.firstAdded).toHaveLength(5);
    expect(got.firstAdded.every((dataId) => addedKeys.has(key(dataId)))).toBe(true);
    expect(got.firstRemoved.every((dataId) => removedKeys.has(key(dataId)))).toBe(true);
    // data IDs come back with their dimensions in name order, values as stored
    expect(Object.keys(got.firstAdded[0]!)).toEqual(['detector', 'instrument', 'visit']);
    expect(notebookStore.diffStoredLists(fingerprintList(a), fingerprintList(a), 5)).toEqual({ added: 0, removed: 0, firstAdded: [], firstRemoved: [] });
  });

  it('refuses lists of different dimensions', () => {
    const a = lines('visit=1 detector=2');
    const b = lines('visit=1');
    expect(() => store([a, b]).diffStoredLists(fingerprintList(a), fingerprintList(b), 5)).toThrow('name different dimensions');
  });
});
