/**
 * A notebook process for the crash tests (test/faults, bench/crash.bench.ts). It records through
 * the real use cases (createNotebook over openDatabase/createSqliteStore) and prints a line after
 * each commit, so the parent knows what was acknowledged when it SIGKILLs it:
 *   `ready` once the database is open; `begin <label>` before a workflow start;
 *   `ack workflow <id> <count> <sha256>`, `ack note <campaign> <text>` after each commit.
 * Env: CHILD_DB; CHILD_ENTRIES (entries of each workflow's list); CHILD_WORKFLOWS (how many to
 * record, then exit 0); CHILD_CAMPAIGN (short name); CHILD_JIRA (fake Jira URL: the mirror runs
 * too); CHILD_MODE=drain (only send what is queued, print `drained`, exit).
 */
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Actor } from '../../src/campaign/records.js';
import { UserError } from '../../src/campaign/user-error.js';
import { startJiraMirror, type JiraMirror } from '../../src/jira/start-jira-mirror.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { jiraMirrorStores, testMirrorConfig } from '../jira/jira-test-kit.js';

const pilot: Actor = { id: 'slack:U0PILOT', name: 'Jo Pilot' };
const db = openDatabase(process.env.CHILD_DB!);
const store = createSqliteStore(db);
const notebook = createNotebook({ store });
const entries = Number(process.env.CHILD_ENTRIES ?? 1000);
const workflows = Number(process.env.CHILD_WORKFLOWS ?? 1_000_000);
const shortName = process.env.CHILD_CAMPAIGN ?? 'crash';

let mirror: JiraMirror | undefined;
if (process.env.CHILD_JIRA) {
  mirror = startJiraMirror({
    ...jiraMirrorStores(db),
    config: testMirrorConfig({ url: process.env.CHILD_JIRA }, { transitions: {}, statusTools: undefined }),
    timeoutMs: 5000,
    pollMs: 50,
    backoff: { baseMs: 10, maxMs: 80 },
    settleMs: 300,
    log: () => {},
  });
}

const say = (line: string) => process.stdout.write(`${line}\n`);

if (process.env.CHILD_MODE === 'drain') {
  await mirror!.drained();
  await mirror!.close();
  db.close();
  say('drained');
  process.exit(0);
}

/** The list of the n-th workflow: `entries` data IDs, distinct from every other workflow's. */
function listText(n: number): string {
  const lines: string[] = [];
  const base = 2025_0000_00000 + n * 100_000;
  for (let i = 0; i < entries; i++) lines.push(`instrument=LSSTCam visit=${base + Math.floor(i / 189)} detector=${i % 189}`);
  return lines.join('\n');
}

let campaign;
try {
  campaign = notebook.findCampaign(shortName);
} catch (error) {
  if (!(error instanceof UserError)) throw error;
  campaign = notebook.defineCampaign({ shortName, description: 'crash test' }, pilot);
}
say('ready');
const done = notebook.show(campaign.id);
let n = done.type === 'campaign' ? done.workflows.length : 0;
for (let i = 0; i < workflows; i++) {
  n += 1;
  const list = parseDataIdList(listText(n), { source: `list ${n}`, format: 'lines' });
  say(`begin w${n}`);
  const workflow = notebook.startWorkflow(campaign.id, { label: `w${n}`, wms: 'panda' }, [{ kind: 'exclude', reason: `list ${n}`, list }], pilot);
  const [attached] = notebook.attachedLists(workflow.id);
  say(`ack workflow ${workflow.id} ${attached!.count} ${attached!.sha256}`);
  const text = `note ${n} on ${workflow.id}`;
  notebook.addNote(workflow.id, text, pilot);
  say(`ack note ${workflow.id} ${text}`);
  mirror?.kick();
}
await mirror?.close();
db.close();
say('finished');
