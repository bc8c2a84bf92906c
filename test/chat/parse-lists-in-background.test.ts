import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { workflowStartForm } from '../../src/chat/chat-form.js';
import { parseListsInBackground, validateWorkflowForm, type ListParser } from '../../src/chat/validate-form.js';
import { createListWorker } from '../../src/list-worker/create-list-worker.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const worker = createListWorker();
afterAll(() => worker.close());
const parseList: ListParser = Object.assign((content: string | Uint8Array, options: { source: string; field: string }) => parseDataIdList(content, options), {
  inBackground: worker.parse,
});
const pilot = { id: 'slack:U1', name: 'pilot' };

function setup() {
  const notebook = createNotebook({ store: createSqliteStore(openDatabase(':memory:')) });
  return { notebook, form: workflowStartForm(notebook.defineCampaign({ shortName: 'w07', description: 'x' }, pilot)) };
}

describe('parseListsInBackground', () => {
  it('parses a downloaded file and a ranged paste in the background, a short paste on the spot', async () => {
    const { notebook, form } = setup();
    const submission = {
      values: { label: 'a', wms: 'panda', include_list: 'visit=1..400 detector=0..9', include_reason: 'night', exclude_reason: 'edge' },
      files: { exclude_file: [{ name: 'edge.csv.gz', content: gzipSync('visit,detector\n5,0\n5,1\n') }] },
    };
    const parser = await parseListsInBackground(submission, parseList);
    const result = validateWorkflowForm(form, submission, { notebook, parseList: parser });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const [include, exclude] = result.value.lists.map((list) => ('list' in list ? list.list : undefined));
    // lists from the worker come as columns with their fingerprint
    expect(include?.columns?.size).toBe(4000);
    expect(exclude?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(exclude?.entries).toEqual([{ dataId: { detector: 0, visit: 5 } }, { dataId: { detector: 1, visit: 5 } }]);

    const short = { values: { label: 'a', wms: 'panda', include_list: 'visit=1', include_reason: 'r' } };
    const shortResult = validateWorkflowForm(form, short, { notebook, parseList: await parseListsInBackground(short, parseList) });
    expect(shortResult.ok && 'list' in shortResult.value.lists[0]! && shortResult.value.lists[0].list.columns).toBeUndefined();
  });

  it("puts the worker's ListError under the file's field, as the parse on the spot does", async () => {
    const { notebook, form } = setup();
    const bad = Buffer.from('visit,detector\n1,2\n1,2\n');
    const submission = { values: { label: 'a', wms: 'panda', exclude_reason: 'edge' }, files: { exclude_file: [{ name: 'bad.csv', content: bad }] } };
    const inWorker = validateWorkflowForm(form, submission, { notebook, parseList: await parseListsInBackground(submission, parseList) });
    const onTheSpot = validateWorkflowForm(form, submission, { notebook, parseList: (content, options) => parseDataIdList(content, options) });
    expect(inWorker).toEqual(onTheSpot);
    expect(inWorker.ok === false && inWorker.errors.exclude_file).toMatch(/line 3: the data ID detector=2 visit=1 is a duplicate of line 2/);
  });
});
