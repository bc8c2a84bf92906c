import { UserError } from './user-error.js';

export interface BpsSubmission {
  readonly runId: string;
  readonly runName?: string;
  readonly submitDir?: string;
}

/**
 * The lines of text pasted from a terminal into chat, as the terminal showed them: CRLF or CR
 * endings, Slack's code fences (```), quote markers (`> `, or `&gt; ` as Slack escapes them) and a
 * value's surrounding backticks removed. Log lines and shell prompts stay; readers match whole lines.
 */
export function pastedLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).map((line) => {
    let clean = line.replace(/^(?:\s*(?:>|&gt;))+ ?/, '');
    clean = clean.replace(/^\s*```[\w-]*(?=\s|$)/, '').replace(/```\s*$/, '');
    return clean.trim();
  });
}

const SUBMIT_LINE = /^(Submit dir|Run Id|Run Name):\s*(.*)$/;

/**
 * Reads what `bps submit` (or `bps restart`) printed (ctrl_bps drivers.py: `Submit dir: {path}`,
 * `Run Id: {run_id}`, `Run Name: {name}`), however it was pasted. Refuses `Run Id: None` (the workflow
 * system gave no id) and a paste of two submissions (two different run ids), so nothing wrong is recorded.
 */
export function parseBpsSubmitOutput(text: string): BpsSubmission {
  const values: Record<string, string[]> = { 'Submit dir': [], 'Run Id': [], 'Run Name': [] };
  for (const line of pastedLines(text)) {
    const match = SUBMIT_LINE.exec(line);
    if (match === null) continue;
    const value = match[2]!.replace(/^`+|`+$/g, '').trim();
    if (value !== '' && !values[match[1]!]!.includes(value)) values[match[1]!]!.push(value);
  }
  const runIds = values['Run Id']!;
  if (runIds.length === 0) {
    throw new UserError('No "Run Id:" line in the pasted bps submit output; paste the whole output, or give the run id alone', {
      run_id: 'No "Run Id:" line found',
    });
  }
  if (runIds.includes('None')) {
    const message =
      'The pasted bps output says "Run Id: None": the workflow system gave the submission no run id, so there is no run to record; nothing was recorded. Check the submission (its submit directory and logs), and record its run id once it has one';
    throw new UserError(message, { run_id: 'Run Id: None: the submission has no run id' });
  }
  if (runIds.length > 1) {
    const message = `The pasted bps output holds ${runIds.length} submissions (Run Id ${runIds.join(', ')}), e.g. a submit and a restart; paste the output of one, or give its run id alone`;
    throw new UserError(message, { run_id: `Several run ids: ${runIds.join(', ')}` });
  }
  const runNames = values['Run Name']!;
  if (runNames.length > 1) {
    const message = `The pasted bps output names ${runNames.length} runs (Run Name ${runNames.join(', ')}) for Run Id ${runIds[0]}; paste the output of one submission`;
    throw new UserError(message, { run_id: `Several run names: ${runNames.join(', ')}` });
  }
  const submitDir = values['Submit dir']![0];
  return {
    runId: runIds[0]!,
    ...(runNames[0] !== undefined ? { runName: runNames[0] } : {}),
    ...(submitDir !== undefined ? { submitDir } : {}),
  };
}

/** Whether a run id field holds pasted `bps submit` output rather than a bare id. */
export function looksLikeBpsSubmitOutput(text: string): boolean {
  return pastedLines(text).some((line) => SUBMIT_LINE.test(line));
}
