import { gzipSync } from 'node:zlib';

/** The first visit of the generated lists (a day_obs-based visit id, as LSSTCam's). */
export const FIRST_VISIT = 2025111500000;
/** LSSTCam science detectors 0..188. */
export const DETECTORS = 189;

/**
 * A detector-level list as a pipeline writes it: `count` (instrument, visit, detector) rows,
 * visit-major, every detector of a visit before the next visit.
 */
export function bigListCsv(count: number, firstVisit = FIRST_VISIT): string {
  const lines: string[] = new Array(count + 1);
  lines[0] = 'instrument,visit,detector';
  for (let i = 0; i < count; i++) lines[i + 1] = `LSSTCam,${firstVisit + Math.floor(i / DETECTORS)},${i % DETECTORS}`;
  return `${lines.join('\n')}\n`;
}

/** The same list gzipped, as a pilot uploads it. */
export function bigListCsvGz(count: number, firstVisit = FIRST_VISIT): Buffer {
  return gzipSync(bigListCsv(count, firstVisit));
}

/** The same `count` rows as a comment and at most 2 lines of ranges (the lines encoding). */
export function bigListRanges(count: number): string {
  const fullVisits = Math.floor(count / DETECTORS);
  const rest = count % DETECTORS;
  const lines: string[] = [`# ${count.toLocaleString('en-US')} detector-visits`];
  if (fullVisits > 1) lines.push(`instrument=LSSTCam visit=${FIRST_VISIT}..${FIRST_VISIT + fullVisits - 1} detector=0..${DETECTORS - 1}`);
  else if (fullVisits === 1) lines.push(`instrument=LSSTCam visit=${FIRST_VISIT} detector=0..${DETECTORS - 1}`);
  if (rest > 1) lines.push(`instrument=LSSTCam visit=${FIRST_VISIT + fullVisits} detector=0..${rest - 1}`);
  else if (rest === 1) lines.push(`instrument=LSSTCam visit=${FIRST_VISIT + fullVisits} detector=0`);
  return `${lines.join('\n')}\n`;
}

/**
 * A gzip bomb: `members` concatenated gzip members of 64 MiB of zeros each (a valid gzip file;
 * about 64 KiB a member), so 80 members are ~5 MB that inflate to 5 GiB.
 */
export function gzipBomb(members: number): Buffer {
  const member = gzipSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
  return Buffer.concat(Array.from({ length: members }, () => member));
}
