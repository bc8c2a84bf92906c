import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListError } from '../../src/lists/list-error.js';
import type { DataId } from '../../src/lists/data-id.js';
import { listToButlerQuery } from '../../src/lists/list-to-butler-query.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { asJson, dataIdSets, DOMAINS } from './list-arbitrary.js';

type Predicate = (dataId: DataId) => boolean;

/**
 * A tiny evaluator of the fragment grammar listToButlerQuery emits:
 * expr := and (OR and)* ; and := atom (AND atom)* ; atom := '(' expr ')' | name '=' lit | name IN '(' item (',' item)* ')' ;
 * item := int '..' int [':' int] | lit ; lit := int | 'text'. Butler ranges are inclusive, the stride
 * counted from the start (daf_butler's RangeLiteral).
 */
function evaluate(fragment: string): Predicate {
  const tokens = fragment.match(/'[^']*'|\.\.|-?\d+|[A-Za-z_]\w*|[(),=:]|\S/g) ?? [];
  let at = 0;
  const peek = () => tokens[at];
  const take = (expected?: string) => {
    const token = tokens[at++];
    if (token === undefined || (expected !== undefined && token !== expected)) throw new Error(`expected ${expected} at token ${at - 1} of ${fragment}`);
    return token;
  };
  const literal = (token: string) => (token.startsWith("'") ? token.slice(1, -1) : Number(token));
  function expr(): Predicate {
    const terms = [and()];
    while (peek() === 'OR') {
      take();
      terms.push(and());
    }
    return (id) => terms.some((term) => term(id));
  }
  function and(): Predicate {
    const atoms = [atom()];
    while (peek() === 'AND') {
      take();
      atoms.push(atom());
    }
    return (id) => atoms.every((a) => a(id));
  }
  function atom(): Predicate {
    if (peek() === '(') {
      take('(');
      const inner = expr();
      take(')');
      return inner;
    }
    const name = take();
    if (peek() === '=') {
      take('=');
      const value = literal(take());
      return (id) => id[name] === value;
    }
    take('IN');
    take('(');
    const items: Predicate[] = [];
    for (;;) {
      const first = literal(take());
      if (peek() === '..') {
        take('..');
        const last = Number(take());
        let stride = 1;
        if (peek() === ':') {
          take(':');
          stride = Number(take());
        }
        const inRange = (value: number) => value >= (first as number) && value <= last && (value - (first as number)) % stride === 0;
        items.push((id) => typeof id[name] === 'number' && inRange(id[name] as number));
      } else items.push((id) => id[name] === first);
      if (peek() === ')') break;
      take(',');
    }
    take(')');
    return (id) => items.some((item) => item(id));
  }
  const result = expr();
  if (at !== tokens.length) throw new Error(`unparsed rest at token ${at} of ${fragment}`);
  return result;
}

function product(dimensions: readonly string[], domains: Readonly<Record<string, readonly (string | number)[]>>): DataId[] {
  let ids: Record<string, string | number>[] = [{}];
  for (const d of dimensions) ids = ids.flatMap((id) => domains[d]!.map((value) => ({ ...id, [d]: value })));
  return ids;
}

describe('listToButlerQuery', () => {
  it('compresses consecutive integers to ranges in one IN for a single dimension', () => {
    const list = parseDataIdList('visit=2025111500220..2025111500230\nvisit=2025111500301\nvisit=5\nvisit=6', { source: 'x' });
    expect(listToButlerQuery(list)).toBe('visit IN (5, 6, 2025111500220..2025111500230, 2025111500301)');
  });

  it('writes a..b:s where a stride covers a run (every other visit), whichever form is shorter', () => {
    const list = parseDataIdList('visit=2025111500220..2025111500230:2\nvisit=1\nvisit=3\nvisit=100\nvisit=200\nvisit=300\nvisit=7..9', { source: 'x' });
    expect(listToButlerQuery(list)).toBe('visit IN (1, 3, 7..9, 100..300:100, 2025111500220..2025111500230:2)');
    const two = parseDataIdList('visit=10\nvisit=20', { source: 'x' });
    expect(listToButlerQuery(two)).toBe('visit IN (10, 20)');
  });

  it('collapses a rectangular set to one term and factors out a dimension with one value', () => {
    const list = parseDataIdList('instrument=LSSTCam visit=1..100 detector=0..188', { source: 'x' });
    expect(listToButlerQuery(list)).toBe("instrument = 'LSSTCam' AND detector IN (0..188) AND visit IN (1..100)");
  });

  it('groups the visits that share a detector set, wrapping the OR so it can be ANDed', () => {
    const list = parseDataIdList('visit=1..3 detector=5\nvisit=1..3 detector=7\nvisit=9 detector=0..188', { source: 'x' });
    expect(listToButlerQuery(list)).toBe('((detector IN (0..188) AND visit = 9) OR (detector IN (5, 7) AND visit IN (1..3)))');
  });

  it('selects exactly the listed set, checked over the whole product of the domains', () => {
    fc.assert(
      fc.property(dataIdSets, ({ dimensions, rows }) => {
        const list = parseDataIdList(asJson(rows), { source: 'a.json' });
        const selects = evaluate(listToButlerQuery(list));
        const listed = new Set(list.entries.map(({ dataId }) => JSON.stringify(dimensions.map((d) => dataId[d]))));
        // the domains plus values next to them, so a range one too wide would show
        const domains: Record<string, (string | number)[]> = {};
        for (const [d, values] of Object.entries(DOMAINS)) {
          domains[d] = [...values, ...values.flatMap((v): (string | number)[] => (typeof v === 'number' ? [v - 1, v + 1] : [`${v}x`]))];
        }
        for (const id of product(dimensions, domains)) {
          expect(selects(id)).toBe(listed.has(JSON.stringify(dimensions.map((d) => id[d]))));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses a fragment longer than the cap, pointing to the ECSV export', () => {
    const list = parseDataIdList(Array.from({ length: 50 }, (_, i) => `visit=${i * i}`).join('\n'), { source: 'x' });
    expect(() => listToButlerQuery(list, { maxChars: 100, source: 'exclusions.csv' })).toThrow(
      new ListError(
        'The Butler query for exclusions.csv (50 data IDs) would be longer than 100 characters: its data IDs do not compress into ranges. Use the ECSV export with pipetask --data-id-table instead.',
      ),
    );
  });

  it('refuses a string value that holds a quote', () => {
    const list = parseDataIdList("physical_filter=\"it's\"", { source: 'x' });
    expect(() => listToButlerQuery(list)).toThrow(
      new ListError(`physical_filter = "it's" holds a quote (') and cannot be written in a Butler query; use the ECSV export with pipetask --data-id-table`),
    );
  });
});
