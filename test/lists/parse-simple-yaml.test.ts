import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseSimpleYaml } from '../../src/lists/parse-simple-yaml.js';

// scalars as a person or program might write them, tricky ones included
const scalarText = fc.oneof(
  { arbitrary: fc.integer({ min: -5, max: 2025111500300 }).map(String), weight: 12 },
  { arbitrary: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_ .-]{0,8}$/), weight: 6 },
  fc.constantFrom('007', '+5', '1e3', '0x1F', '0o17', '1.5', '-0', '.inf', '~', 'null', 'Null', 'true', 'FALSE', 'yes', 'on', '9007199254740993'),
  fc.constantFrom('LSSTCam', 'HSC-R', 'g', 'satellite trail', 'bad amp (C10)', 'a: b', 'x #y', 'x#y', '"quoted"', "'single'", '"with # hash"', '"a, b"', 'tab\there', 'two  spaces', 'trailing ', '1..3', '5..1:2', '*alias', '&anchor', '!tag x', '[1]', '{}'),
);
const key = fc.constantFrom('visit', 'detector', 'instrument', 'band', 'reason', 'visit');
const pairs = fc.array(fc.tuple(key, scalarText), { minLength: 1, maxLength: 4 });
const comment = fc.constantFrom('', '  # note', ' #x', '\t# tab');
const item = fc.oneof(
  fc.tuple(pairs, comment).map(([kv, c]) => [`{${kv.map(([k, v]) => `${k}: ${v}`).join(', ')}}${c}`]),
  pairs.map((kv) => kv.map(([k, v], i) => (i === 0 ? `${k}: ${v}` : `  ${k}: ${v}`))),
);
const documents = fc
  .tuple(
    fc.array(item, { minLength: 1, maxLength: 6 }),
    fc.constantFrom(0, 2),
    fc.constantFrom('top', 'data_ids', 'data_ids-then-reason', 'reason-then-data_ids'),
    fc.constantFrom('', '# a comment\n', '\n'),
  )
  .map(([items, indent, shape, before]) => {
    const pad = ' '.repeat(shape === 'top' ? 0 : indent);
    const body = items.map((lines) => lines.map((line, i) => `${pad}${i === 0 ? '- ' : '  '}${line}`).join('\n')).join('\n');
    if (shape === 'top') return `${before}${body}\n`;
    if (shape === 'data_ids') return `${before}data_ids:\n${body}\n`;
    if (shape === 'data_ids-then-reason') return `${before}data_ids:\n${body}\nreason: because\n`;
    return `${before}format: data-id-list/1\nreason: "a reason, quoted"\ndata_ids:\n${body}\n`;
  });

function yamlPackage(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100, uniqueKeys: true });
  } catch {
    return 'an error';
  }
}

describe('parseSimpleYaml', () => {
  it('reads every document it accepts exactly as the yaml package does', () => {
    let accepted = 0;
    fc.assert(
      fc.property(documents, (text) => {
        const simple = parseSimpleYaml(text);
        if (simple === undefined) return;
        accepted++;
        expect(simple).toStrictEqual(yamlPackage(text));
      }),
      { numRuns: 2000 },
    );
    // the fast path must actually take part for this to test anything
    expect(accepted).toBeGreaterThan(100);
  });

  it('reads the machine-written shapes: flow items, and block items as PyYAML writes them', () => {
    expect(parseSimpleYaml('reason: r\ndata_ids:\n  - {visit: 1, detector: 2}\n')).toEqual({ reason: 'r', data_ids: [{ visit: 1, detector: 2 }] });
    expect(parseSimpleYaml('data_ids:\n- detector: 2\n  visit: 1\nreason: r\n')).toEqual({ reason: 'r', data_ids: [{ visit: 1, detector: 2 }] });
  });

  it('leaves anchors, multi-line values and documents markers to the full parser', () => {
    expect(parseSimpleYaml('- &a {visit: 1}\n- *a\n')).toBeUndefined();
    expect(parseSimpleYaml('---\n- {visit: 1}\n')).toBeUndefined();
    expect(parseSimpleYaml('- visit: 1\n  reason: >\n    folded\n')).toBeUndefined();
  });
});
