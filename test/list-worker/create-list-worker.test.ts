import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ListError } from '../../src/lists/list-error.js';
import { createListWorker, type ListWorker } from '../../src/list-worker/create-list-worker.js';
import { fingerprintList } from '../../src/lists/fingerprint-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { bigListCsv } from '../big-lists/big-list-data.js';

const workers: ListWorker[] = [];
const worker = (limits = {}) => {
  const created = createListWorker({ limits });
  workers.push(created);
  return created;
};
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.close()));
});

async function listErrorOf(work: Promise<unknown>): Promise<ListError> {
  const error = await work.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ListError);
  return error as ListError;
}

describe('createListWorker', () => {
  it('parses a gzipped list in its thread into the list parseDataIdList gives, with its fingerprint', async () => {
    const csv = bigListCsv(20_000);
    const list = await worker().parse(gzipSync(csv), { source: 'edge.csv.gz', field: 'exclude_file', fileName: 'edge.csv.gz' });
    const here = parseDataIdList(csv, { source: 'edge.csv' });
    expect(list.columns?.size).toBe(20_000);
    expect(list.sha256).toBe(fingerprintList(here));
    expect(list.dimensions).toEqual(['detector', 'instrument', 'visit']);
    expect(list.entries.slice(0, 3)).toEqual(here.entries.slice(0, 3));
    expect(list.entries[19_999]).toEqual(here.entries[19_999]);
  });

  it('keeps per-entry reasons, the list reason and provenance', async () => {
    const json = JSON.stringify({ format: 'data-id-list/1', reason: 'edge', provenance: { by: 'script' }, data_ids: [{ visit: 2, reason: 'hot' }, { visit: 1 }] });
    const list = await worker().parse(json, { source: 'the pasted exclusion list', field: 'exclude_list' });
    expect(list.entries).toEqual([{ dataId: { visit: 1 } }, { dataId: { visit: 2 }, reason: 'hot' }]);
    expect(list.reason).toBe('edge');
    expect(list.provenance).toEqual({ by: 'script' });
  });

  it('rejects a bad list with the ListError the parser gives, message and field', async () => {
    const text = 'visit,detector\n1,2\n1,x\n1,2\n';
    const options = { source: 'bad.csv', field: 'include_file', fileName: 'bad.csv' };
    let expected: ListError | undefined;
    try {
      parseDataIdList(text, options);
    } catch (error) {
      expected = error as ListError;
    }
    const error = await listErrorOf(worker().parse(Buffer.from(text), options));
    expect(error.message).toBe(expected!.message);
    expect(error.fields).toEqual({ include_file: expected!.message });
  });

  it('applies the configured limits in its thread', async () => {
    const error = await listErrorOf(worker({ maxEntries: 10 }).parse('visit=1..11', { source: 'the pasted inclusion list', field: 'include_list' }));
    expect(error.fields.include_list).toMatch(/more than the limit of 10/);
  });

  it('answers lists sent together each with its own outcome, in one reused thread', async () => {
    const w = worker();
    const [a, b, c] = await Promise.allSettled([
      w.parse('visit=1..3', { source: 'a' }),
      w.parse('visit=x', { source: 'b', field: 'exclude_list' }),
      w.parse('visit=7', { source: 'c' }),
    ]);
    expect(a.status === 'fulfilled' && a.value.columns?.size).toBe(3);
    expect(b.status === 'rejected' && (b.reason as ListError).fields.exclude_list).toMatch(/"x" is not an integer/);
    expect(c.status === 'fulfilled' && c.value.entries).toEqual([{ dataId: { visit: 7 } }]);
  });

  it('refuses work once closed', async () => {
    const w = worker();
    await w.parse('visit=1', { source: 'a' });
    await w.close();
    await expect(w.parse('visit=1', { source: 'a' })).rejects.toThrow(/stopped/);
  });
});
