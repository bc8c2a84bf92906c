/**
 * A notebook process for the crash test: opens the database, starts the Jira mirror, and
 * - CHILD_MODE=record: records a campaign with a workflow start, says `committed`, then idles
 *   (the worker is not kicked: the parent kills it between the commit and the Jira call);
 * - CHILD_MODE=record-and-send: records, kicks the worker (the parent kills it during the call);
 * - CHILD_MODE=drain: sends what is queued, says `drained` and exits.
 */
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { startJiraMirror } from '../../src/jira/start-jira-mirror.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { jiraMirrorStores, recordCampaignWithWorkflow, testMirrorConfig } from './jira-test-kit.js';

const db = openDatabase(process.env.CHILD_DB!);
const mode = process.env.CHILD_MODE;
const mirror = startJiraMirror({
  ...jiraMirrorStores(db),
  config: testMirrorConfig({ url: process.env.CHILD_JIRA! }, { transitions: {}, statusTools: undefined }),
  timeoutMs: 5000,
  pollMs: mode === 'record' ? 600_000 : 50,
  backoff: { baseMs: 10, maxMs: 80 },
  settleMs: 300,
  log: () => {},
});
if (mode === 'drain') {
  await mirror.drained();
  await mirror.close();
  db.close();
  console.log('drained');
} else {
  recordCampaignWithWorkflow(createNotebook({ store: createSqliteStore(db) }));
  console.log('committed');
  if (mode === 'record-and-send') mirror.kick();
}
