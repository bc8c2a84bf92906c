import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ListError } from '../../src/lists/list-error.js';
import { parseCommand } from '../../src/chat/parse-command.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';

const SOURCES = ['pasted', 'list.json', 'list.yaml', 'list.csv', 'list.ecsv', 'list.txt'] as const;

/** Runs `action`; a ListError counts as an answer, any other exception fails the property. */
function answers(action: () => unknown): boolean {
  try {
    action();
    return true;
  } catch (error) {
    if (error instanceof ListError) return true;
    throw error;
  }
}

// Fragments of every list encoding, so generated text is often almost valid and reaches deep code paths.
const fragment = fc.constantFrom(
  '[', ']', '{', '}', '"', "'", ':', ',', '-', ' ', '  ', '\n', '\r\n', '\t', '#', '# %ECSV 1.0\n', '---\n',
  'visit', 'detector', 'instrument', 'reason', 'data_ids', 'format', 'provenance', '__proto__', 'constructor',
  '=', '1', '42', '-7', '1e400', '2025111500226', '9007199254740993', '..', ':2', 'LSSTCam', 'null', 'true',
  '&a ', '*a', '!!binary ', '? ', '|', '>', '%YAML 1.2\n', '\u0000', '\u001b', '\u2028', '\ufeff', '\ud800', 'é',
  '{"visit": 1}', '- {visit: 1}', 'visit=1 detector=2', 'visit,detector\n', '1,2\n', '"a,b"',
);
const listish = fc.array(fragment, { maxLength: 60 }).map((parts) => parts.join(''));
const anyText = fc.oneof(listish, fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', maxLength: 200 }));

describe('list parsers on any input', () => {
  it('give a list or a ListError for any text, in any declared or guessed format', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom(...SOURCES), (text, source) => answers(() => parseDataIdList(text, { source }))),
      { numRuns: 3000 },
    );
  });

  it('give a list or a ListError for any bytes, gzipped or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.constantFrom(...SOURCES, 'list.gz'), (bytes, source) =>
        answers(() => parseDataIdList(bytes, { source })),
      ),
      { numRuns: 1000 },
    );
  });

  it('never return a list that breaks its own invariants (not empty, one dimension set, no duplicates)', () => {
    fc.assert(
      fc.property(listish, fc.constantFrom(...SOURCES), (text, source) => {
        let list;
        try {
          list = parseDataIdList(text, { source });
        } catch (error) {
          if (error instanceof ListError) return;
          throw error;
        }
        const ids = list.entries.map((entry) => JSON.stringify(Object.entries(entry.dataId).sort()));
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids.length).toBeGreaterThan(0);
        for (const entry of list.entries) expect(Object.keys(entry.dataId).sort()).toEqual([...list.dimensions]);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('command parser on any input', () => {
  it('answers any text with a command or a usage message, never an exception', () => {
    const words = fc.array(fc.oneof(fragment, fc.constantFrom('why', 'run', 'status', 'note', 'show', 'history', 'new', 'start', 'help', 'list', 'mine', 'CMP-1', 'CMP-1/2', 'x=', '=1', 'visit=1', "band='g'", 'Run Id: 1', 'Run Name: u_x')), { maxLength: 30 });
    fc.assert(
      fc.property(fc.oneof(words.map((w) => w.join(' ')), anyText), (text) => {
        const parsed = parseCommand(text);
        expect(typeof parsed.ok).toBe('boolean');
        if (!parsed.ok) expect(parsed.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 5000 },
    );
  });
});

describe('hostile documents stay bounded in memory', () => {
  // Each case runs in a child with a 384 MB heap: a parser that expands without bound dies there.
  it('answers every hostile document in every format with a result or a ListError', () => {
    const child = spawnSync(process.execPath, ['--max-old-space-size=384', '--import', 'tsx', fileURLToPath(new URL('./hostile-list-child.ts', import.meta.url))], {
      encoding: 'utf8',
      // a hang is a failure too (this is a bound, not a speed measurement: bench/ measures speed)
      timeout: 240_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    const outcomes = child.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; source: string; outcome: string });
    const last = outcomes.at(-1);
    expect(child.status, `the child died after ${JSON.stringify(last)}: ${child.stderr.slice(-2000)}`).toBe(0);
    expect(outcomes.length).toBe(14 * 8);
    expect(outcomes.filter((o) => o.outcome !== 'ListError' && o.outcome !== 'result')).toEqual([]);
    // None of these is a valid list.
    expect(outcomes.filter((o) => o.source !== 'command' && o.outcome === 'result' && !o.name.startsWith('YAML alias bomb in'))).toEqual([]);
  }, 300_000);
});
