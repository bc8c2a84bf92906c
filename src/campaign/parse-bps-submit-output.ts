import { UserError } from './user-error.js';

export interface BpsSubmission {
  readonly runId: string;
  readonly runName?: string;
  readonly submitDir?: string;
}

/** Reads the `Run Id:` / `Run Name:` (and `Submit dir:`) lines of pasted `bps submit` output. */
export function parseBpsSubmitOutput(text: string): BpsSubmission {
  const line = (label: string): string | undefined =>
    new RegExp(`^\\s*${label}:[ \\t]*(\\S+)\\s*$`, 'im').exec(text)?.[1];
  const runId = line('Run Id');
  if (runId === undefined) {
    throw new UserError('No "Run Id:" line in the pasted bps submit output; paste the whole output, or give the run id alone', {
      run_id: 'No "Run Id:" line found',
    });
  }
  const runName = line('Run Name');
  const submitDir = line('Submit dir');
  return {
    runId,
    ...(runName !== undefined ? { runName } : {}),
    ...(submitDir !== undefined ? { submitDir } : {}),
  };
}

/** Whether a run id field holds pasted `bps submit` output rather than a bare id. */
export function looksLikeBpsSubmitOutput(text: string): boolean {
  return /^\s*Run Id:/im.test(text);
}
