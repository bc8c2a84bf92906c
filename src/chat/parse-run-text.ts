/** A WMS run as recorded by `run`: the run id, and the run name when known. */
export interface RunText {
  readonly runId: string;
  readonly runName?: string;
}

const RUN_ID = /^\s*Run\s*Id\s*[:=]\s*(\S+)\s*$/im;
const RUN_NAME = /^\s*Run\s*Name\s*[:=]\s*(\S+)\s*$/im;

/**
 * Reads `<run id> [run name]`, or pasted `bps submit` output (its `Run Id:` and `Run Name:` lines).
 * Undefined when the text names no run id.
 */
export function parseRunText(input: string): RunText | undefined {
  const idMatch = RUN_ID.exec(input);
  if (idMatch?.[1]) {
    const nameMatch = RUN_NAME.exec(input);
    return { runId: idMatch[1], ...(nameMatch?.[1] ? { runName: nameMatch[1] } : {}) };
  }
  const words = input.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 2) return undefined;
  return { runId: words[0]!, ...(words[1] ? { runName: words[1] } : {}) };
}
