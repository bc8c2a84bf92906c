import { looksLikeBpsSubmitOutput, parseBpsSubmitOutput } from '../campaign/parse-bps-submit-output.js';

/** A WMS run as recorded by `run`: the run id, and the run name when known. */
export interface RunText {
  readonly runId: string;
  readonly runName?: string;
}

/**
 * Reads `<run id> [run name]`, or pasted `bps submit` output (read by the notebook's own parser,
 * whose refusals, such as `Run Id: None`, are thrown as its UserError). Undefined when the text names no run id.
 */
export function parseRunText(input: string): RunText | undefined {
  if (looksLikeBpsSubmitOutput(input)) {
    const { runId, runName } = parseBpsSubmitOutput(input);
    return { runId, ...(runName !== undefined ? { runName } : {}) };
  }
  const words = input.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 2) return undefined;
  return { runId: words[0]!, ...(words[1] ? { runName: words[1] } : {}) };
}
