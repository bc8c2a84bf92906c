import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseBpsReport, WORKFLOW_STATUS_OF_BPS_STATE } from '../../src/campaign/parse-bps-report.js';
import { looksLikeBpsSubmitOutput, parseBpsSubmitOutput } from '../../src/campaign/parse-bps-submit-output.js';
import { alice, catchUserError, openTestNotebook } from './open-test-notebook.js';

// What bps prints, from ctrl_bps's documentation and source (test/fixtures/bps/README.md says which).
const bps = (name: string) => readFileSync(new URL(`../fixtures/bps/${name}`, import.meta.url), 'utf8');

describe('pasted bps submit output', () => {
  it('reads what bps submit prints', () => {
    expect(parseBpsSubmitOutput(bps('submit.txt'))).toEqual({
      submitDir: '/home/jdoe/tmp/bps/submit/shared/pipecheck/20211117T155008Z',
      runId: '176261',
      runName: 'u_jdoe_pipelines_check_20211117T155008Z',
    });
  });

  it('reads it the same when pasted in Slack: code fence, quoted, CRLF, prompt and log lines', () => {
    const pasted = bps('submit-pasted-in-slack.txt');
    expect(looksLikeBpsSubmitOutput(pasted)).toBe(true);
    expect(parseBpsSubmitOutput(pasted)).toEqual(parseBpsSubmitOutput(bps('submit.txt')));
    // Slack escapes > in the text of a slash command
    expect(parseBpsSubmitOutput(pasted.replace(/^>/gm, '&gt;'))).toEqual(parseBpsSubmitOutput(bps('submit.txt')));
    // a fence on lines of its own, and a value in backticks
    expect(parseBpsSubmitOutput('```\nRun Id: `176261`\nRun Name: u_jdoe_x\n```')).toEqual({ runId: '176261', runName: 'u_jdoe_x' });
  });

  it('reads what bps restart prints (an HTCondor id)', () => {
    expect(parseBpsSubmitOutput(bps('restart-htcondor.txt'))).toEqual({ runId: '21054.0', runName: 'u_jdoe_pipelines_check_20211117T155008Z' });
  });

  it('keeps a submit directory with spaces whole', () => {
    expect(parseBpsSubmitOutput(bps('submit-dir-with-spaces.txt')).submitDir).toBe('/home/jdoe/My Runs/bps submit/20211117T155008Z');
  });

  it('refuses Run Id: None, and records nothing', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'htcondor' }, [], alice);
    const error = catchUserError(() => notebook.recordRun('w07/1', bps('submit-run-id-none.txt'), undefined, alice));
    expect(error.message).toBe(
      'The pasted bps output says "Run Id: None": the workflow system gave the submission no run id, so there is no run to record; nothing was recorded. Check the submission (its submit directory and logs), and record its run id once it has one',
    );
    expect(error.fields).toEqual({ run_id: 'Run Id: None: the submission has no run id' });
    expect(notebook.show('w07/1')).toMatchObject({ workflow: { status: 'recorded' } });
    expect(notebook.history('w07').map((event) => event.kind)).not.toContain('run_recorded');
  });

  it('refuses a paste of two submissions, naming the run ids, never taking the first', () => {
    expect(() => parseBpsSubmitOutput(bps('submit-then-restart.txt'))).toThrow(
      'The pasted bps output holds 2 submissions (Run Id 176261, 21054.0), e.g. a submit and a restart; paste the output of one, or give its run id alone',
    );
    // the same run printed twice is one run
    expect(parseBpsSubmitOutput(`${bps('submit.txt')}${bps('submit.txt')}`).runId).toBe('176261');
  });
});

describe('pasted bps report output', () => {
  it('reads every run of the summary astropy prints: flag, state, %S (UNK as unknown), id, run name', () => {
    expect(parseBpsReport(bps('report-summary.txt'))).toEqual([
      { flag: 'F', state: 'RUNNING', percentSucceeded: 42, runId: '176261', runName: 'u_jdoe_pipelines_check_20211117T155008Z' },
      { state: 'SUCCEEDED', percentSucceeded: 100, runId: '176265', runName: 'u_jdoe_pipelines_check_20211117T135926Z' },
      { state: 'RUNNING', percentSucceeded: 0, runId: '176270', runName: 'u_jdoe_pipelines_check_20211117T145926Z' },
      { state: 'PENDING', runId: '176280', runName: 'u_jdoe_pipelines_check_20211117T165008Z' },
    ]);
  });

  it('reads the run of bps report --id, not its per-task table', () => {
    expect(parseBpsReport(bps('report-id.txt'))).toEqual([
      { state: 'FAILED', percentSucceeded: 40, runId: '176261', runName: 'u_jdoe_pipelines_check_20211117T155008Z' },
    ]);
  });

  it('reads the older layout of the documentation (PRJ, CMPGN, one rule), and a paste with its spacing collapsed', () => {
    const expected = [{ state: 'RUNNING', percentSucceeded: 0, runId: '369', runName: 'u_mgower_pipelines_check_20210414T190212Z' }];
    expect(parseBpsReport(bps('report-docs-2021.txt'))).toEqual(expected);
    expect(parseBpsReport(`> \`\`\`${bps('report-docs-2021.txt').replace(/ +/g, ' ')}\`\`\``)).toEqual(expected);
  });

  it('maps every WmsStates member of ctrl_bps (wms_service.py) to a workflow status, or says why not', () => {
    expect(WORKFLOW_STATUS_OF_BPS_STATE).toEqual({
      UNKNOWN: 'unusable',
      MISFIT: 'unusable',
      UNREADY: 'submitted',
      READY: 'submitted',
      PENDING: 'submitted',
      RUNNING: 'running',
      DELETED: 'stopped',
      HELD: 'keep',
      SUCCEEDED: 'succeeded',
      FAILED: 'failed',
      PRUNED: 'failed',
    });
  });

  function submittedWorkflow() {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'htcondor' }, [], alice);
    notebook.recordRun('w07/1', bps('submit.txt'), undefined, alice);
    return notebook;
  }

  it('sets the status from the STATE of the matching run, the report kept in the event', () => {
    const notebook = submittedWorkflow();
    const running = notebook.recordBpsReport('w07/1', bps('report-summary.txt'), alice);
    expect(running).toMatchObject({ from: 'submitted', to: 'running', summary: 'bps report: RUNNING (flag F), 42% of jobs succeeded' });
    const failed = notebook.recordBpsReport('w07/1', bps('report-id.txt'), alice);
    expect(failed).toMatchObject({ from: 'running', to: 'failed', summary: 'bps report: FAILED, 40% of jobs succeeded' });
    const changes = notebook.history('w07').filter((event) => event.kind === 'status_changed' && event.workflowId).slice(-2);
    expect(changes.map((event) => event.payload)).toEqual([
      { from: 'submitted', to: 'running', reason: 'bps report: RUNNING (flag F), 42% of jobs succeeded', report: { runId: '176261', state: 'RUNNING', percentSucceeded: 42 } },
      { from: 'running', to: 'failed', reason: 'bps report: FAILED, 40% of jobs succeeded', report: { runId: '176261', state: 'FAILED', percentSucceeded: 40 } },
    ]);
  });

  it('records a report that changes nothing as a note, and goes through running to succeeded', () => {
    const notebook = submittedWorkflow();
    const pending = bps('report-summary.txt').replace('  F   RUNNING  42 176261', '      PENDING UNK 176261');
    expect(notebook.recordBpsReport('w07/1', pending, alice)).toMatchObject({ from: 'submitted', to: 'submitted' });
    expect(notebook.history('w07').at(-1)).toMatchObject({
      kind: 'note_added',
      payload: { text: 'bps report: PENDING, the share of jobs succeeded unknown (UNK) (run 176261)' },
    });
    const succeeded = bps('report-id.txt').replace('    FAILED  40 176261', ' SUCCEEDED 100 176261');
    expect(notebook.recordBpsReport('w07/1', succeeded, alice)).toMatchObject({ to: 'succeeded' });
    const ofWorkflow = notebook.history('w07').filter((event) => event.workflowId);
    expect(ofWorkflow.slice(-2).map((event) => [event.payload.from, event.payload.to])).toEqual([
      ['submitted', 'running'],
      ['running', 'succeeded'],
    ]);
  });

  it('refuses a report whose run id is not the workflow’s, naming both', () => {
    const notebook = submittedWorkflow();
    expect(catchUserError(() => notebook.recordBpsReport('w07/1', bps('report-docs-2021.txt'), alice)).message).toBe(
      'The pasted bps report is about run 369, but CMP-1/1 is run 176261; paste the report of run 176261 (bps report --id 176261)',
    );
    expect(notebook.show('w07/1')).toMatchObject({ workflow: { status: 'submitted' } });
  });

  it('refuses a state bps could not tell, and a workflow without a run id', () => {
    const notebook = submittedWorkflow();
    const unknown = bps('report-id.txt').replace('    FAILED  40 176261', '   UNKNOWN UNK 176261');
    expect(catchUserError(() => notebook.recordBpsReport('w07/1', unknown, alice)).message).toBe(
      "The pasted bps report gives run 176261 the state UNKNOWN: bps could not tell the run's state, so nothing was recorded; try bps report again later",
    );
    notebook.startWorkflow('w07', { label: 't', wms: 'htcondor' }, [], alice);
    expect(catchUserError(() => notebook.recordBpsReport('w07/2', bps('report-id.txt'), alice)).message).toBe(
      'CMP-1/2 has no run id recorded, so the report cannot be matched to it; record its run first (run CMP-1/2 <run id>, or paste what bps submit printed)',
    );
    // the `run` verb takes the run of a one-run report
    expect(notebook.recordBpsReport('w07/2', bps('report-id.txt'), alice, { adoptRun: true })).toMatchObject({
      workflow: { runId: '176261', runName: 'u_jdoe_pipelines_check_20211117T155008Z', status: 'failed' },
    });
  });

  it('refuses text that holds no run', () => {
    expect(() => parseBpsReport(' X    STATE    %S   ID   OPERATOR PROJECT CAMPAIGN PAYLOAD RUN\n--- ---\n')).toThrow(
      'The pasted bps report shows no run: expected its header (X STATE %S ID OPERATOR PROJECT CAMPAIGN PAYLOAD RUN) and a line per run; paste the output of bps report --id <run id>',
    );
  });
});
