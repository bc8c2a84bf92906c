import { describe, expect, it } from 'vitest';
import { stackVersionProblem } from '../../src/campaign/stack-version.js';

describe('stackVersionProblem', () => {
  it.each(['w_2025_47', 'w_2026_01', 'w_2020_53', 'd_2025_11_20', 'd_2024_02_29', 'v29.1.0', 'v29_1_0', 'v10.0.12', 'v29.0.0.rc1', 'v29_0_0_rc2', 'other:ticket branch DM-51234', ' w_2025_47 '])(
    'accepts %s',
    (version) => {
      expect(stackVersionProblem(version)).toBeUndefined();
    },
  );

  it.each([
    ['w_2025_7', '"w_2025_7" is not a Science Pipelines version'],
    ['w_2025_54', 'Week 54 does not exist'],
    ['w_2025_00', 'Week 00 does not exist'],
    ['d_2025_02_30', '2025_02_30 is not a date'],
    ['d_2025_13_01', '2025_13_01 is not a date'],
    ['v29.1', '"v29.1" is not a Science Pipelines version'],
    ['29.1.0', '"29.1.0" is not'],
    ['W_2025_47', '"W_2025_47" is not'],
    ['weekly 47', '"weekly 47" is not'],
    ['v29.1_0', '"v29.1_0" is not'],
  ])('refuses %s, showing the accepted forms', (version, start) => {
    const problem = stackVersionProblem(version)!;
    expect(problem).toContain(start);
    expect(problem).toContain('weekly w_YYYY_WW');
    expect(problem).toContain('daily d_YYYY_MM_DD');
    expect(problem).toContain('release vMAJOR.MINOR.PATCH');
    expect(problem).toContain('other:<text>');
  });

  it('asks for the text after other:', () => {
    expect(stackVersionProblem('other:  ')).toMatch(/Write what the software was after other:/);
  });
});
