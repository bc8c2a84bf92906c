import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DataId } from '../../src/lists/data-id.js';
import { alice, lines, openTestNotebook } from '../campaign/open-test-notebook.js';

const DIMENSIONS = ['band', 'detector', 'instrument', 'tract', 'visit'] as const;
const VALUES: Record<(typeof DIMENSIONS)[number], readonly (string | number)[]> = {
  band: ['g', 'r'],
  detector: [1, 2, 3],
  instrument: ['LSSTCam', 'LATISS'],
  tract: [9, 10],
  visit: [100, 101, 102],
};

const dimensionSet = fc.subarray([...DIMENSIONS], { minLength: 1 });
const dataIdOver = (dimensions: readonly (typeof DIMENSIONS)[number][]) =>
  fc.record(Object.fromEntries(dimensions.map((d) => [d, fc.constantFrom(...VALUES[d])]))) as fc.Arbitrary<DataId>;
const list = dimensionSet.chain((dimensions) => fc.uniqueArray(dataIdOver(dimensions), { minLength: 1, maxLength: 12, selector: (id) => JSON.stringify(id) }));
const question = dimensionSet.chain(dataIdOver);

/** The definition: equal on every dimension both name, at least one shared. */
function matches(entry: DataId, asked: DataId): boolean {
  const shared = Object.keys(entry).filter((d) => d in asked);
  return shared.length > 0 && shared.every((d) => entry[d] === asked[d]);
}

const text = (entries: DataId[]): string =>
  entries.map((id) => Object.entries(id).map(([d, v]) => `${d}=${v}`).join(' ')).join('\n');
const key = (workflowId: string, entry: DataId): string =>
  `${workflowId} ${JSON.stringify(Object.keys(entry).sort().map((d) => [d, entry[d]]))}`;

describe('why against the definition of a match', () => {
  it('finds exactly the entries, in every attached list, that a brute-force match finds', () => {
    fc.assert(
      fc.property(fc.array(list, { minLength: 1, maxLength: 6 }), fc.array(question, { minLength: 1, maxLength: 8 }), (lists, questions) => {
        const { notebook } = openTestNotebook();
        notebook.defineCampaign({ shortName: 'p', description: 'property' }, alice);
        const attached = lists.map((entries, i) => ({
          workflowId: notebook.startWorkflow('p', { label: `w${i}`, wms: 'panda' }, [{ kind: 'exclude', reason: 'r', list: lines(text(entries)) }], alice).id,
          entries,
        }));
        for (const asked of questions) {
          const expected = attached.flatMap(({ workflowId, entries }) => entries.filter((e) => matches(e, asked)).map((e) => key(workflowId, e)));
          const found = notebook.why(asked).map((m) => key(m.workflowId, m.entry));
          expect(found.sort()).toEqual(expected.sort());
        }
      }),
      { numRuns: 150 },
    );
  });
});
