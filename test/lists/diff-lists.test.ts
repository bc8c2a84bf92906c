import { describe, expect, it } from 'vitest';
import { ListError } from '../../src/lists/list-error.js';
import { diffLists } from '../../src/lists/diff-lists.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';

describe('diffLists', () => {
  it('counts what was added, removed and kept, with the entries', () => {
    const a = parseDataIdList('visit=1..3 detector=0', { source: 'a' });
    const b = parseDataIdList('visit=2..5 detector=0  # new', { source: 'b' });
    const diff = diffLists(a, b);
    expect(diff.common).toBe(2);
    expect(diff.removed.map((entry) => entry.dataId.visit)).toEqual([1]);
    expect(diff.added.map((entry) => entry.dataId.visit)).toEqual([4, 5]);
    expect(diff.added[0]!.reason).toBe('new');
  });

  it('refuses to compare lists of different dimensions', () => {
    const a = parseDataIdList('visit=1', { source: 'a' });
    const b = parseDataIdList('visit=1 detector=2', { source: 'b' });
    expect(() => diffLists(a, b)).toThrow(
      new ListError('The lists name different dimensions (visit and detector, visit); only lists of the same dimensions can be compared entry by entry'),
    );
  });
});
