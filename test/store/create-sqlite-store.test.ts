import { describe, expect, it } from 'vitest';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { alice, bob, lines, openTestNotebook } from '../campaign/open-test-notebook.js';

describe('createSqliteStore: lists', () => {
  it('stores a list once: attaching it again by content or by sha256 adds no entries', () => {
    const { notebook, db } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'weekly' }, alice);
    const list = lines('visit=1 detector=2\nvisit=1 detector=3\nvisit=2 detector=2');
    const first = notebook.startWorkflow('w07', { label: 'a', wms: 'panda' }, [{ kind: 'exclude', reason: 'bad', list }], alice);
    const sha256 = first.lists[0]!.sha256;
    notebook.startWorkflow('w07', { label: 'b', wms: 'panda' }, [{ kind: 'exclude', reason: 'still bad', list }], alice);
    notebook.startWorkflow('w07', { label: 'c', wms: 'panda' }, [{ kind: 'include', reason: 'retry', sha256 }], bob);
    expect(db.prepare('SELECT count(*) FROM lists').pluck().get()).toBe(1);
    expect(db.prepare('SELECT count(*) FROM list_entries').pluck().get()).toBe(3);
    expect(db.prepare('SELECT count(*) FROM list_attachments').pluck().get()).toBe(3);
  });

  it('stores integer dimensions as INTEGER and string dimensions as TEXT, most-asked dimension first', () => {
    const { notebook, db } = openTestNotebook();
    notebook.storeList(lines('instrument=LSSTCam visit=2025111500226 detector=42'), {}, alice);
    const row = db.prepare('SELECT typeof(v1) t1, typeof(v2) t2, typeof(v3) t3, v1, v2, v3 FROM list_entries').get();
    expect(row).toEqual({ t1: 'integer', t2: 'integer', t3: 'text', v1: 2025111500226, v2: 42, v3: 'LSSTCam' });
    expect(db.prepare('SELECT key_dimensions FROM lists').pluck().get()).toBe('["visit","detector","instrument"]');
  });

  it('gives a stored list back in canonical form with its reasons, so its fingerprint is unchanged', () => {
    const { notebook } = openTestNotebook();
    const list = parseDataIdList(
      JSON.stringify({
        format: 'data-id-list/1',
        reason: 'bad CCDs',
        data_ids: [
          { visit: 9, detector: 1, band: 'r' },
          { visit: 2, detector: 7, band: 'g', reason: 'satellite' },
          { visit: 2, detector: 3, band: 'g' },
        ],
      }),
      { source: 'test.json' },
    );
    const stored = notebook.storeList(list, {}, alice);
    const back = notebook.getList(stored.sha256);
    expect(back).toEqual(list);
    expect(fingerprintList(back)).toBe(stored.sha256);
    expect(stored).toMatchObject({ count: 3, dimensions: ['band', 'detector', 'visit'], reason: 'bad CCDs', storedBy: alice });
  });

  it('keeps entries whose key order differs from the canonical order findable and round-trippable', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    // canonical order sorts band, detector, visit; the key is visit, detector, band
    const list = lines(['band=r detector=2 visit=5', 'band=g detector=9 visit=1', 'band=r detector=1 visit=5', 'band=g detector=1 visit=7'].join('\n'));
    const workflow = notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [{ kind: 'exclude', reason: 'r', list }], alice);
    expect(notebook.getList(workflow.lists[0]!.sha256)).toEqual(list);
    expect(notebook.why({ visit: 5 }).map((m) => m.entry)).toEqual([
      { band: 'r', detector: 1, visit: 5 },
      { band: 'r', detector: 2, visit: 5 },
    ]);
    expect(notebook.why({ band: 'g', detector: 1 }).map((m) => m.entry)).toEqual([{ band: 'g', detector: 1, visit: 7 }]);
  });

});
