import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { Notebook } from '../../src/campaign/notebook.js';
import type { Actor } from '../../src/campaign/records.js';
import type { JiraMirrorConfig } from '../../src/jira/jira-mirror-config.js';
import { JIRA_SINK, type JiraMirrorNotices } from '../../src/jira/jira-sink.js';
import { startJiraMirror, type JiraMirror, type JiraMirrorOptions } from '../../src/jira/start-jira-mirror.js';
import type { DataIdList } from '../../src/lists/data-id-list.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase, type SqliteDatabase } from '../../src/store/open-database.js';
import { createOutboxStore } from '../../src/store/outbox-store.js';
import type { FakeJira } from '../fakes/fake-jira.js';

export const pilot: Actor = { id: 'slack:U0PILOT', name: 'Jo Pilot' };

export const FAKE_AUTH = { email: 'bot@example.org', apiToken: 'token-1' } as const;

/** A notebook over a fresh SQLite file with the real migrations (a file: the crash test reopens it). */
export function openTestDb(): { db: SqliteDatabase; notebook: Notebook; path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'cn-jira-'));
  const path = join(dir, 'notebook.sqlite');
  const db = openDatabase(path);
  const notebook = createNotebook({ store: createSqliteStore(db) });
  return {
    db,
    notebook,
    path,
    cleanup: () => {
      if (db.open) db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What the composition root gives the mirror: the `jira` sink's outbox rows and the stored lists. */
export function jiraMirrorStores(db: SqliteDatabase): Pick<JiraMirrorOptions, 'outbox' | 'readList'> {
  const store = createSqliteStore(db);
  return { outbox: createOutboxStore(db, JIRA_SINK), readList: (sha256) => store.listEntries(sha256) };
}

export function testMirrorConfig(fake: Pick<FakeJira, 'url'>, overrides: Partial<JiraMirrorConfig> = {}): JiraMirrorConfig {
  return {
    host: fake.url,
    auth: FAKE_AUTH,
    project: 'DM',
    campaignIssueType: 'Task',
    workflowMode: 'subtask',
    workflowIssueType: 'Sub-task',
    labels: ['campaign-notebook'],
    transitions: { running: 'In Progress', completed: 'Done' },
    statusTools: {
      panda: [{ label: 'PanDA tasks', url: 'https://panda.example.org/tasks/?name={run_name}*' }],
      htcondor: [{ label: 'Status', command: 'bps report --id {run_id}' }],
      any: [{ label: 'Logs', url: 'https://logs.example.org/d?run={run_name}&wf={workflow}' }],
    },
    ...overrides,
  };
}

export interface Heard {
  linked: { recordId: string; key: string; url: string }[];
  parked: string[];
  resumed: number;
  failed: { recordId: string; message: string; errors: Readonly<Record<string, string>> }[];
  log: string[];
}

/** The worker with short waits (backoff, probes, search settling) so faults resolve quickly. */
export function startTestMirror(
  db: SqliteDatabase,
  fake: FakeJira,
  options: Partial<Omit<JiraMirrorOptions, 'config'>> & { config?: Partial<JiraMirrorConfig> } = {},
): { mirror: JiraMirror; heard: Heard } {
  const heard: Heard = { linked: [], parked: [], resumed: 0, failed: [], log: [] };
  const notices: JiraMirrorNotices = {
    onLinked: (recordId, key, url) => void heard.linked.push({ recordId, key, url }),
    onParked: (message) => void heard.parked.push(message),
    onResumed: () => void (heard.resumed += 1),
    onFailed: (recordId, message, errors) => void heard.failed.push({ recordId, message, errors }),
  };
  const mirror = startJiraMirror({
    ...jiraMirrorStores(db),
    notices,
    timeoutMs: 400,
    pollMs: 50,
    backoff: { baseMs: 10, maxMs: 80 },
    probe: { firstMs: 30, maxMs: 120 },
    settleMs: 300,
    log: (line) => void heard.log.push(line),
    ...options,
    config: testMirrorConfig(fake, options.config),
  });
  return { mirror, heard };
}

/** Waits (polling) until `condition` holds; fails naming `what` after `limitMs`. */
export async function waitFor(condition: () => boolean, what: string, limitMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > limitMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function lines(text: string): DataIdList {
  return parseDataIdList(text, { source: 'test', format: 'lines' });
}

/** A campaign with one workflow start carrying an inclusion and an exclusion list. */
export function recordCampaignWithWorkflow(notebook: Notebook, shortName = 'w07-rc2'): { campaignId: string; workflowId: string } {
  const campaign = notebook.defineCampaign(
    {
      shortName,
      description: 'Reprocess RC2 with w.2026.07\nSecond line of purpose',
      butlerRepo: '/repo/main',
      inputCollections: 'HSC/RC2/defaults',
      outputCollection: 'HSC/runs/RC2/w_2026_07/DM-40000',
      workflowDefinition: 'bps submit rc2.yaml',
    },
    pilot,
  );
  const workflow = notebook.startWorkflow(
    campaign.id,
    { label: 'step1', wms: 'panda', dataQuery: "instrument='HSC' AND visit > 100", bpsCommand: 'bps submit step1.yaml' },
    [
      { kind: 'include', reason: 'only the good nights', list: lines('instrument=HSC visit=100 detector=1\ninstrument=HSC visit=101 detector=2') },
      { kind: 'exclude', reason: 'bad amplifier', list: lines('instrument=HSC visit=100 detector=9 # hot amp') },
    ],
    pilot,
  );
  return { campaignId: campaign.id, workflowId: workflow.id };
}

/** Issues per unique record label: the no-duplicates check. */
export function issuesPerRecordLabel(fake: FakeJira): Map<string, number> {
  const counts = new Map<string, number>();
  for (const issue of fake.issues) {
    for (const label of issue.fields.labels.filter((name) => name.startsWith('cn-'))) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}
