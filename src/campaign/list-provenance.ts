/** How a list was made, as the pilot wrote it, with the git commits and web addresses found in it. */
export interface ListProvenance {
  readonly text: string;
  /** In the order they appear in `text`. */
  readonly references: readonly ProvenanceReference[];
}

/** A piece of the provenance text that can be linked: `match` is the text exactly as written. */
export type ProvenanceReference =
  | { readonly kind: 'git'; readonly match: string; readonly repo: string; readonly sha: string; readonly url?: string }
  | { readonly kind: 'url'; readonly match: string; readonly url: string };

// repo@SHA: `lsst/drp_pipe@3f2a9c1`, `github.com/lsst-dm/x@…`, `https://gitlab.example.org/g/x.git@…`.
const GIT = /(?:https?:\/\/)?((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}\/)?([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)+)@([0-9a-f]{7,40})\b/g;
const URL = /https?:\/\/[^\s<>"'`]+/g;
// Sentence punctuation after an address is not part of it.
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Reads the git repo@SHA references (linked to their commit on GitHub, also for a bare
 * `owner/repo`, and on GitLab) and http(s) addresses in a provenance text. The text is kept whole.
 */
export function readProvenance(text: string): ListProvenance {
  const found: { at: number; reference: ProvenanceReference }[] = [];
  const taken: [number, number][] = [];
  for (const match of text.matchAll(GIT)) {
    const [whole, host, written, sha] = match as unknown as [string, string | undefined, string, string];
    const path = written.replace(/\.git$/, '');
    const repo = `${host ?? ''}${path}`;
    const url = commitUrl(host?.slice(0, -1), path, sha);
    found.push({ at: match.index, reference: { kind: 'git', match: whole, repo, sha, ...(url ? { url } : {}) } });
    taken.push([match.index, match.index + whole.length]);
  }
  for (const match of text.matchAll(URL)) {
    const url = match[0].replace(TRAILING, '');
    const end = match.index + url.length;
    if (taken.some(([from, to]) => match.index < to && end > from)) continue;
    found.push({ at: match.index, reference: { kind: 'url', match: url, url } });
  }
  return { text, references: found.sort((a, b) => a.at - b.at).map((item) => item.reference) };
}

function commitUrl(host: string | undefined, repo: string, sha: string): string | undefined {
  if (host === undefined || host === 'github.com') return repo.split('/').length === 2 ? `https://github.com/${repo}/commit/${sha}` : undefined;
  if (host === 'gitlab.com' || host.startsWith('gitlab.')) return `https://${host}/${repo}/-/commit/${sha}`;
  return undefined;
}

/** The provenance text cut into plain pieces and linkable references, in order (for renderers). */
export function provenancePieces(provenance: ListProvenance): (string | ProvenanceReference)[] {
  const pieces: (string | ProvenanceReference)[] = [];
  let rest = provenance.text;
  for (const reference of provenance.references) {
    const at = rest.indexOf(reference.match);
    if (at < 0) continue;
    if (at > 0) pieces.push(rest.slice(0, at));
    pieces.push(reference);
    rest = rest.slice(at + reference.match.length);
  }
  if (rest !== '') pieces.push(rest);
  return pieces;
}
