import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const CHILD = fileURLToPath(new URL('./ingest-child.ts', import.meta.url));

export interface Acknowledged {
  /** workflow id -> [count, sha256] of its list, as the child printed after the commit. */
  readonly workflows: Map<string, { count: number; sha256: string }>;
  /** note texts acknowledged. */
  readonly notes: Set<string>;
}

export interface KillRound {
  /** Where the child was when killed: inside a workflow start's transaction or between records. */
  readonly during: 'list ingest' | 'between records' | 'start-up';
  readonly acknowledged: number;
}

export interface Child {
  readonly process: ChildProcess;
  readonly lines: string[];
  /** Resolves when a line matching `pattern` has been printed (the `skip`-th match, from 0). */
  waitForLine(pattern: RegExp, skip?: number): Promise<void>;
  exited: Promise<number | null>;
}

/** Starts the ingest child (see ingest-child.ts) with extra env; its stdout lines are collected. */
export function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; skip: number; resolve: () => void }[] = [];
  let buffered = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line) && waiter.skip-- === 0) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    }
  });
  const exited = once(child, 'exit').then(([code]) => {
    if (code !== 0 && code !== null) throw new Error(`the child failed (exit ${code}): ${stderr.slice(-3000)}`);
    return code as number | null;
  });
  return {
    process: child,
    lines,
    exited,
    waitForLine(pattern, skip = 0) {
      const seen = lines.filter((line) => pattern.test(line)).length;
      if (seen > skip) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiters.push({ pattern, skip: skip - seen, resolve });
        exited.then(() => reject(new Error(`the child exited before printing ${pattern}`)), reject);
      });
    },
  };
}

/** Adds what a child acknowledged (its `ack` lines) to `acks`. */
export function collectAcks(lines: readonly string[], acks: Acknowledged): number {
  let count = 0;
  for (const line of lines) {
    const workflow = /^ack workflow (\S+) (\d+) ([0-9a-f]{64})$/.exec(line);
    if (workflow) {
      acks.workflows.set(workflow[1]!, { count: Number(workflow[2]), sha256: workflow[3]! });
      count++;
    }
    const note = /^ack note \S+ (.*)$/.exec(line);
    if (note) {
      acks.notes.add(note[1]!);
      count++;
    }
  }
  return count;
}

/** A small seeded generator, so a failing run can be repeated (CRASH_SEED). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/**
 * Starts the child, lets it run a random while (past 0 to 2 `begin` lines, then 0 to `jitterMs`),
 * and SIGKILLs it. Returns where it was: inside a list ingest (a `begin` without its `ack`) or not.
 */
export async function killAtRandom(env: Record<string, string>, acks: Acknowledged, random: () => number, jitterMs: number): Promise<KillRound> {
  const child = startChild(env);
  await child.waitForLine(/^ready$/);
  await child.waitForLine(/^begin /, Math.floor(random() * 3));
  await new Promise((resolve) => setTimeout(resolve, random() * jitterMs));
  child.process.kill('SIGKILL');
  await child.exited;
  const acknowledged = collectAcks(child.lines, acks);
  const last = child.lines.filter((line) => line.startsWith('begin') || line.startsWith('ack workflow')).at(-1) ?? '';
  return { during: last.startsWith('begin') ? 'list ingest' : last ? 'between records' : 'start-up', acknowledged };
}

/**
 * What is wrong with the database after a crash: integrity, every acknowledged record complete,
 * every list whole (entries = its count), every workflow with its list and its events.
 */
export function crashDamage(path: string, acks: Acknowledged): string[] {
  const problems: string[] = [];
  const db = openDatabase(path);
  try {
    const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
    if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity)}`);
    const foreign = db.pragma('foreign_key_check') as unknown[];
    if (foreign.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(foreign.slice(0, 5))}`);
    const halfLists = db
      .prepare('SELECT l.id, l.count, (SELECT count(*) FROM list_entries e WHERE e.list_id = l.id) AS stored FROM lists l')
      .all() as { id: number; count: number; stored: number }[];
    for (const list of halfLists.filter((row) => row.stored !== row.count)) problems.push(`list ${list.id} holds ${list.stored} entries, its count says ${list.count}`);
    const orphanEntries = db.prepare('SELECT count(*) AS n FROM list_entries WHERE list_id NOT IN (SELECT id FROM lists)').get() as { n: number };
    if (orphanEntries.n > 0) problems.push(`${orphanEntries.n} list entries belong to no list`);
    const bare = db
      .prepare(
        `SELECT w.campaign_number AS c, w.number AS n FROM workflows w
         WHERE NOT EXISTS (SELECT 1 FROM list_attachments a WHERE a.campaign_number = w.campaign_number AND a.workflow_number = w.number)
            OR NOT EXISTS (SELECT 1 FROM events e WHERE e.campaign_number = w.campaign_number AND e.workflow_number = w.number AND e.kind = 'workflow_started')`,
      )
      .all() as { c: number; n: number }[];
    for (const workflow of bare) problems.push(`CMP-${workflow.c}/${workflow.n} lacks its list or its workflow_started event`);

    const notebook = createNotebook({ store: createSqliteStore(db) });
    for (const [id, expected] of acks.workflows) {
      try {
        const lists = notebook.attachedLists(id);
        if (lists.length !== 1 || lists[0]!.count !== expected.count || lists[0]!.sha256 !== expected.sha256) {
          problems.push(`${id} was acknowledged with ${expected.count} entries (${expected.sha256.slice(0, 12)}) but holds ${JSON.stringify(lists)}`);
        } else if (notebook.getList(expected.sha256).entries.length !== expected.count) {
          problems.push(`${id}: its list does not read back whole`);
        }
      } catch (error) {
        problems.push(`${id} was acknowledged but is missing: ${(error as Error).message}`);
      }
    }
    const notes = new Set(
      (db.prepare("SELECT payload FROM events WHERE kind = 'note_added'").all() as { payload: string }[]).map((row) => (JSON.parse(row.payload) as { text: string }).text),
    );
    for (const note of acks.notes) if (!notes.has(note)) problems.push(`the acknowledged note "${note}" is missing`);
  } finally {
    db.close();
  }
  return problems;
}
