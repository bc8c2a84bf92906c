import Database from 'better-sqlite3';
import { DETECTORS, FIRST_VISIT } from '../test/big-lists/big-list-data.js';

/** (visit, detector) rows in visit-major order, as a pipeline writes them (canonical order is detector-major, so the sort does real work). */
export function visitMajorRows(count: number): Array<[number, number]> {
  const out: Array<[number, number]> = new Array(count);
  for (let i = 0; i < count; i++) out[i] = [FIRST_VISIT + Math.floor(i / DETECTORS), i % DETECTORS];
  return out;
}

/** The yardstick: `count` such rows into a plain table at `path`, one prepared statement, one transaction, WAL + synchronous=FULL. */
export function bareInsertMs(path: string, count: number): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE entry (list INTEGER, visit INTEGER, detector INTEGER)');
  const data = visitMajorRows(count);
  const insert = db.prepare('INSERT INTO entry VALUES (1, ?, ?)');
  const start = performance.now();
  db.transaction(() => {
    for (const [visit, detector] of data) insert.run(visit, detector);
  })();
  const ms = performance.now() - start;
  db.close();
  return ms;
}
