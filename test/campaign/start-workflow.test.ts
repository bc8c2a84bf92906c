import { describe, expect, it } from 'vitest';
import { alice, bob, catchUserError, lines, openTestNotebook } from './open-test-notebook.js';

describe('startWorkflow', () => {
  it('numbers workflows from 1 within each campaign, by id or short name', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    notebook.defineCampaign({ shortName: 'b', description: 'x' }, alice);
    expect(notebook.startWorkflow('a', { label: 'step1', wms: 'panda' }, [], alice).id).toBe('CMP-1/1');
    expect(notebook.startWorkflow('CMP-2', { label: 'step1', wms: 'htcondor' }, [], alice).id).toBe('CMP-2/1');
    expect(notebook.startWorkflow('cmp-1', { label: 'step2', wms: 'panda' }, [], alice).id).toBe('CMP-1/2');
  });

  it('records the start, its lists with their reasons, and events for each, in one go', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const workflow = notebook.startWorkflow(
      'w07',
      { label: 'step1', wms: 'panda', dataQuery: "instrument='LSSTCam'", notes: '' },
      [
        { kind: 'include', reason: 'only these', list: lines('visit=1\nvisit=2') },
        { kind: 'exclude', reason: 'bad CCDs', list: lines('visit=1 detector=4') },
      ],
      bob,
    );
    expect(workflow).toMatchObject({
      id: 'CMP-1/1',
      campaignId: 'CMP-1',
      status: 'recorded',
      label: 'step1',
      dataQuery: "instrument='LSSTCam'",
      startedBy: bob,
    });
    expect(workflow).not.toHaveProperty('notes');
    expect(workflow.lists.map(({ kind, count, dimensions, reason }) => ({ kind, count, dimensions, reason }))).toEqual([
      { kind: 'include', count: 2, dimensions: ['visit'], reason: 'only these' },
      { kind: 'exclude', count: 1, dimensions: ['detector', 'visit'], reason: 'bad CCDs' },
    ]);
    expect(notebook.history('CMP-1/1').map((event) => event.kind)).toEqual(['workflow_started', 'list_attached', 'list_attached']);
  });

  it('starts as submitted when the run id is given (or pasted bps submit output)', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const workflow = notebook.startWorkflow(
      'w07',
      { label: 'step1', wms: 'panda', runId: 'Submit dir: /sdf/x\nRun Id: 176261\nRun Name: u_jdoe_step1_20251125T1000Z\n' },
      [],
      alice,
    );
    expect(workflow).toMatchObject({ status: 'submitted', runId: '176261', runName: 'u_jdoe_step1_20251125T1000Z' });
  });

  it('refuses a list without a reason, as an inline error on the reason field, and records nothing', () => {
    const { notebook, db } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const error = catchUserError(() =>
      notebook.startWorkflow('w07', { label: 'step1', wms: 'panda' }, [{ kind: 'exclude', reason: ' ', list: lines('visit=1') }], alice),
    );
    expect(error.fields).toEqual({ exclude_reason: 'The exclusion list needs a reason' });
    expect(db.prepare('SELECT count(*) FROM workflows').pluck().get()).toBe(0);
  });

  it('refuses an unknown WMS and a missing label, per field', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const error = catchUserError(() => notebook.startWorkflow('w07', { label: '', wms: 'slurm' as 'panda' }, [], alice));
    expect(error.fields).toEqual({
      label: 'A label (what this submission is) is required',
      wms: '"slurm" is not a workflow system: expected one of panda, htcondor, pegasus, parsl, prompt, other',
    });
  });

  it('refuses an unknown stored list and rolls the whole start back', () => {
    const { notebook, db } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const sha256 = 'a'.repeat(64);
    const error = catchUserError(() =>
      notebook.startWorkflow(
        'w07',
        { label: 's', wms: 'panda' },
        [
          { kind: 'include', reason: 'r', list: lines('visit=5') },
          { kind: 'exclude', reason: 'r', sha256 },
        ],
        alice,
      ),
    );
    expect(error.fields).toEqual({ exclude_list: `No stored list has sha256 ${sha256}; store it first with \`campaign lists add\`` });
    expect(db.prepare('SELECT (SELECT count(*) FROM workflows) + (SELECT count(*) FROM lists) + (SELECT count(*) FROM events WHERE kind != ?)').pluck().get('campaign_defined')).toBe(0);
  });

  it('refuses a start in a completed campaign', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.changeStatus('w07', 'running', undefined, alice);
    notebook.changeStatus('w07', 'completed', 'done', alice);
    expect(catchUserError(() => notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice)).message).toBe(
      'CMP-1 (w07) is completed: no new workflow can start in it',
    );
  });
});
