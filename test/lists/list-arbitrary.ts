import fc from 'fast-check';
import type { DataId } from '../../src/lists/data-id.js';

/** Dimensions the generated lists draw from, with small domains so sets are dense and shapes varied. */
export const DOMAINS: Readonly<Record<string, readonly (string | number)[]>> = {
  // runs of consecutive visits and of every other visit, so fragments use both `a..b` and `a..b:s`
  visit: [2025111500220, 2025111500221, 2025111500222, 2025111500223, 2025111500225, 2025111500230, 2025111500232, 2025111500234, 2025111500236, 7, 8, 9],
  detector: [0, 1, 2, 3, 4, 5, 6, 94, 100, 106, 112, 188],
  instrument: ['LSSTCam', 'LATISS'],
  band: ['g', 'r', 'i', 'z y', '#odd "one"'],
};

/** A non-empty set of distinct data IDs over 1 to 3 of the dimensions above, each maybe with a reason. */
export const dataIdSets = fc
  .shuffledSubarray(Object.keys(DOMAINS), { minLength: 1, maxLength: 3 })
  .chain((dimensions) =>
    fc.uniqueArray(
      fc.record({
        values: fc.tuple(...dimensions.map((d) => fc.constantFrom(...DOMAINS[d]!))),
        reason: fc.option(fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() === s && s !== ''), { nil: undefined }),
      }),
      { minLength: 1, maxLength: 60, selector: (entry) => JSON.stringify(entry.values) },
    ).map((rows) => ({
      dimensions,
      rows: rows.map(({ values, reason }) => ({
        dataId: Object.fromEntries(dimensions.map((d, i) => [d, values[i]!])) as DataId,
        reason,
      })),
    })),
  );

/** The bare-array JSON of generated rows, in the generated (arbitrary) order. */
export function asJson(rows: readonly { dataId: DataId; reason: string | undefined }[]): string {
  return JSON.stringify(rows.map(({ dataId, reason }) => (reason === undefined ? dataId : { ...dataId, reason })));
}
