import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { integerRanks, orderByColumns, stringRanks } from '../../src/lists/order-by-columns.js';

describe('orderByColumns', () => {
  it('sorts like a stable comparator sort: integers numerically (sparse and dense, beyond 2^31), strings by code unit', () => {
    const row = fc.tuple(
      fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(2025111500226, -3, 2 ** 40, 2 ** 52)),
      fc.constantFrom('LSSTCam', 'LATISS', 'HSC', 'b', 'B', 'é'),
    );
    fc.assert(
      fc.property(fc.array(row, { maxLength: 60 }), (rows) => {
        const size = rows.length;
        const numbers = new Float64Array(size + 3); // columns may have spare capacity
        rows.forEach(([n], i) => (numbers[i] = n));
        const order = orderByColumns([integerRanks(numbers, size), stringRanks(rows.map(([, s]) => s), size)], size);
        const expected = rows
          .map((_, i) => i)
          .sort((a, b) => rows[a]![0] - rows[b]![0] || (rows[a]![1] < rows[b]![1] ? -1 : rows[a]![1] > rows[b]![1] ? 1 : 0));
        expect(Array.from(order)).toEqual(expected);
      }),
    );
  });
});
