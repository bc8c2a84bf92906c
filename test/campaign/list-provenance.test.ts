import { describe, expect, it } from 'vitest';
import { provenancePieces, readProvenance } from '../../src/campaign/list-provenance.js';

describe('readProvenance', () => {
  it('finds git repo@SHA references and links them to their commit', () => {
    const provenance = readProvenance(
      'made by bin/find_bad_ccds.py in lsst-dm/ccd-triage@3f2a9c1d, then https://gitlab.example.org/dm/qa.git@0123456789abcdef0123456789abcdef01234567 and github.com/lsst/drp_pipe.git@abcdef1.',
    );
    expect(provenance.references).toEqual([
      { kind: 'git', match: 'lsst-dm/ccd-triage@3f2a9c1d', repo: 'lsst-dm/ccd-triage', sha: '3f2a9c1d', url: 'https://github.com/lsst-dm/ccd-triage/commit/3f2a9c1d' },
      {
        kind: 'git',
        match: 'https://gitlab.example.org/dm/qa.git@0123456789abcdef0123456789abcdef01234567',
        repo: 'gitlab.example.org/dm/qa',
        sha: '0123456789abcdef0123456789abcdef01234567',
        url: 'https://gitlab.example.org/dm/qa/-/commit/0123456789abcdef0123456789abcdef01234567',
      },
      { kind: 'git', match: 'github.com/lsst/drp_pipe.git@abcdef1', repo: 'github.com/lsst/drp_pipe', sha: 'abcdef1', url: 'https://github.com/lsst/drp_pipe/commit/abcdef1' },
    ]);
  });

  it('finds web addresses, without the sentence punctuation after them', () => {
    const provenance = readProvenance('See https://nb.example.org/user/jdoe/lab/tree/bad-ccds.ipynb (cell 4), and https://example.org/q?a=1&b=2.');
    expect(provenance.references).toEqual([
      { kind: 'url', match: 'https://nb.example.org/user/jdoe/lab/tree/bad-ccds.ipynb', url: 'https://nb.example.org/user/jdoe/lab/tree/bad-ccds.ipynb' },
      { kind: 'url', match: 'https://example.org/q?a=1&b=2', url: 'https://example.org/q?a=1&b=2' },
    ]);
  });

  it('keeps a repo@SHA on an unknown host without a link, and ignores what is not one', () => {
    expect(readProvenance('git.example.org/a/b@abcdef12').references).toEqual([
      { kind: 'git', match: 'git.example.org/a/b@abcdef12', repo: 'git.example.org/a/b', sha: 'abcdef12' },
    ]);
    expect(readProvenance('jdoe@abcdef12, a/b@xyz1234, a/b@abc12 by hand').references).toEqual([]);
  });

  it('cuts the text into plain pieces and references, in order, losing nothing', () => {
    const text = 'script lsst-dm/x@abcdef1, notebook https://nb.example.org/n.ipynb.';
    const pieces = provenancePieces(readProvenance(text));
    expect(pieces.map((piece) => (typeof piece === 'string' ? piece : `[${piece.match}]`)).join('')).toBe(
      'script [lsst-dm/x@abcdef1], notebook [https://nb.example.org/n.ipynb].',
    );
  });
});
