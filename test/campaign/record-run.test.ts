import { describe, expect, it } from 'vitest';
import { parseBpsSubmitOutput } from '../../src/campaign/parse-bps-submit-output.js';
import { alice, bob, catchUserError, openTestNotebook } from './open-test-notebook.js';

const BPS_OUTPUT = `lsst.ctrl.bps.drivers INFO: Starting submission process
Submit dir: /sdf/home/j/jdoe/submit/u/jdoe/pipelines_check/20211117T155008Z
Run Id: 21054.0
Run Name: u_jdoe_pipelines_check_20211117T155008Z
`;

describe('parseBpsSubmitOutput', () => {
  it('reads Run Id, Run Name and Submit dir', () => {
    expect(parseBpsSubmitOutput(BPS_OUTPUT)).toEqual({
      runId: '21054.0',
      runName: 'u_jdoe_pipelines_check_20211117T155008Z',
      submitDir: '/sdf/home/j/jdoe/submit/u/jdoe/pipelines_check/20211117T155008Z',
    });
  });

  it('reads output pasted with CRLF line ends', () => {
    expect(parseBpsSubmitOutput(BPS_OUTPUT.replace(/\n/g, '\r\n'))).toMatchObject({
      runId: '21054.0',
      runName: 'u_jdoe_pipelines_check_20211117T155008Z',
    });
  });

  it('refuses output without a Run Id line', () => {
    expect(() => parseBpsSubmitOutput('Submit dir: /x\n')).toThrow(
      'No "Run Id:" line in the pasted bps submit output; paste the whole output, or give the run id alone',
    );
  });
});

describe('recordRun', () => {
  it('records the run and moves a recorded workflow to submitted', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
    const workflow = notebook.recordRun('w07/1', '176261', 'u_jdoe_s', bob);
    expect(workflow).toMatchObject({ status: 'submitted', runId: '176261', runName: 'u_jdoe_s' });
    const events = notebook.history('CMP-1/1').slice(-2);
    expect(events.map(({ kind, payload, actor }) => ({ kind, payload, actor }))).toEqual([
      { kind: 'run_recorded', payload: { runId: '176261', runName: 'u_jdoe_s' }, actor: bob },
      { kind: 'status_changed', payload: { from: 'recorded', to: 'submitted', reason: 'run recorded' }, actor: bob },
    ]);
  });

  it('takes pasted bps submit output as the run id', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'htcondor' }, [], alice);
    expect(notebook.recordRun('CMP-1/1', BPS_OUTPUT, undefined, alice)).toMatchObject({
      runId: '21054.0',
      runName: 'u_jdoe_pipelines_check_20211117T155008Z',
    });
  });

  it('records a correction as a new event keeping the previous run, without changing the status again', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
    notebook.recordRun('CMP-1/1', '1', undefined, alice);
    notebook.changeStatus('CMP-1/1', 'running', undefined, alice);
    const workflow = notebook.recordRun('CMP-1/1', '2', 'right', alice);
    expect(workflow).toMatchObject({ status: 'running', runId: '2', runName: 'right' });
    expect(notebook.history('CMP-1/1').at(-1)!.payload).toEqual({ runId: '2', runName: 'right', previous: { runId: '1' } });
  });

  it('refuses a campaign reference, an empty run id and a run id with spaces', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
    expect(catchUserError(() => notebook.recordRun('w07', '1', undefined, alice)).message).toBe(
      '"w07" names a campaign; expected a workflow, e.g. CMP-1/1',
    );
    expect(catchUserError(() => notebook.recordRun('CMP-1/1', ' ', undefined, alice)).fields).toEqual({ run_id: 'Required' });
    expect(catchUserError(() => notebook.recordRun('CMP-1/1', '1 2', undefined, alice)).fields).toEqual({
      run_id: 'A run id has no spaces',
    });
  });
});
