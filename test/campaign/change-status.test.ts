import { describe, expect, it } from 'vitest';
import { StaleRecordError } from '../../src/campaign/user-error.js';
import { alice, bob, catchUserError, openTestNotebook } from './open-test-notebook.js';

function campaignWithWorkflow() {
  const opened = openTestNotebook();
  opened.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
  opened.notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
  return opened;
}

describe('changeStatus', () => {
  it('walks a campaign defined → running ⇄ paused → completed, each change an event with its reason', () => {
    // Starting its first workflow moved it from defined to running.
    const { notebook } = campaignWithWorkflow();
    for (const status of ['paused', 'running', 'paused', 'completed'] as const) {
      const view = notebook.changeStatus('w07', status, `to ${status}`, alice);
      expect(view.type === 'campaign' && view.campaign.status).toBe(status);
    }
    const changes = notebook.history('w07').filter((event) => event.kind === 'status_changed');
    expect(changes.map((event) => event.payload)).toEqual([
      { from: 'defined', to: 'running', reason: 'workflow CMP-1/1 started' },
      { from: 'running', to: 'paused', reason: 'to paused' },
      { from: 'paused', to: 'running', reason: 'to running' },
      { from: 'running', to: 'paused', reason: 'to paused' },
      { from: 'paused', to: 'completed', reason: 'to completed' },
    ]);
  });

  it('walks a workflow recorded → submitted → running → succeeded', () => {
    const { notebook } = campaignWithWorkflow();
    for (const status of ['submitted', 'running', 'succeeded'] as const) {
      const view = notebook.changeStatus('CMP-1/1', status, undefined, alice);
      expect(view.type === 'workflow' && view.workflow.status).toBe(status);
    }
  });

  it('refuses a disallowed transition, naming the allowed ones', () => {
    const { notebook } = campaignWithWorkflow();
    notebook.defineCampaign({ shortName: 'w08', description: 'x' }, alice);
    expect(catchUserError(() => notebook.changeStatus('w08', 'completed', 'done', alice)).message).toBe(
      'CMP-2 cannot go from defined to completed: from defined it can go to running',
    );
    notebook.changeStatus('CMP-1/1', 'submitted', undefined, alice);
    expect(catchUserError(() => notebook.changeStatus('CMP-1/1', 'succeeded', undefined, alice)).message).toBe(
      'CMP-1/1 cannot go from submitted to succeeded: from submitted it can go to running, failed or stopped',
    );
  });

  it('says a final status is final', () => {
    const { notebook } = campaignWithWorkflow();
    notebook.changeStatus('CMP-1/1', 'submitted', undefined, alice);
    notebook.changeStatus('CMP-1/1', 'stopped', 'wrong config', alice);
    expect(catchUserError(() => notebook.changeStatus('CMP-1/1', 'running', undefined, alice)).message).toBe(
      'CMP-1/1 cannot go from stopped to running: stopped is final: no further status change is allowed',
    );
  });

  it('refuses a workflow status on a campaign, naming the campaign statuses', () => {
    const { notebook } = campaignWithWorkflow();
    expect(catchUserError(() => notebook.changeStatus('w07', 'succeeded', undefined, alice)).message).toBe(
      '"succeeded" is not a campaign status: expected one of defined, running, paused, completed, failed',
    );
  });

  it('needs a reason to fail, stop or complete', () => {
    const { notebook } = campaignWithWorkflow();
    notebook.changeStatus('CMP-1/1', 'submitted', undefined, alice);
    const error = catchUserError(() => notebook.changeStatus('CMP-1/1', 'failed', '  ', alice));
    expect(error.message).toBe('CMP-1/1 failed needs a reason: say why (status CMP-1/1 failed <reason>)');
    expect(error.fields).toEqual({ reason: 'Why is CMP-1/1 failed?' });
    expect(notebook.show('CMP-1/1')).toMatchObject({ workflow: { status: 'submitted' } });
  });
});

describe('the paused gate', () => {
  function twoWorkflows() {
    const opened = campaignWithWorkflow();
    opened.notebook.startWorkflow('w07', { label: 't', wms: 'panda' }, [], alice);
    for (const id of ['CMP-1/1', 'CMP-1/2']) {
      opened.notebook.changeStatus(id, 'submitted', undefined, alice);
      opened.notebook.changeStatus(id, 'running', undefined, alice);
    }
    return opened;
  }

  it('pauses the running campaign, as the notebook, when its last open workflow ends', () => {
    const { notebook } = twoWorkflows();
    const first = notebook.changeStatus('CMP-1/1', 'succeeded', undefined, alice);
    expect(first.paused).toBeUndefined();
    expect(notebook.findCampaign('w07').status).toBe('running');
    const last = notebook.changeStatus('CMP-1/2', 'failed', 'out of memory', bob);
    expect(last.paused).toMatchObject({
      kind: 'status_changed',
      campaignId: 'CMP-1',
      actor: { id: 'notebook', name: 'campaign notebook' },
      payload: { from: 'running', to: 'paused', workflow: 'CMP-1/2', reason: 'CMP-1/2 t failed and no other workflow is open: waiting for a decision (continue, complete or fail)' },
    });
    expect(notebook.findCampaign('w07').status).toBe('paused');
    // one transaction: the workflow's end, then the pause
    expect(notebook.history('w07').slice(-2).map((event) => [event.workflowId ?? event.campaignId, event.payload.to])).toEqual([
      ['CMP-1/2', 'failed'],
      ['CMP-1', 'paused'],
    ]);
  });

  it('waits while another workflow is only recorded, and never pauses a campaign that is not running', () => {
    const { notebook } = twoWorkflows();
    notebook.startWorkflow('w07', { label: 'u', wms: 'panda' }, [], alice);
    notebook.changeStatus('CMP-1/1', 'succeeded', undefined, alice);
    expect(notebook.changeStatus('CMP-1/2', 'stopped', 'wrong config', alice).paused).toBeUndefined();
    notebook.changeStatus('w07', 'paused', 'by hand', alice);
    notebook.changeStatus('CMP-1/3', 'submitted', undefined, alice);
    expect(notebook.findCampaign('w07').status).toBe('paused');
    expect(notebook.changeStatus('CMP-1/3', 'stopped', 'not needed', alice).paused).toBeUndefined();
  });

  it('moves a paused campaign back to running when a workflow starts in it', () => {
    const { notebook } = twoWorkflows();
    notebook.changeStatus('CMP-1/1', 'succeeded', undefined, alice);
    notebook.changeStatus('CMP-1/2', 'succeeded', undefined, alice);
    expect(notebook.findCampaign('w07').status).toBe('paused');
    notebook.startWorkflow('w07', { label: 'step3', wms: 'panda' }, [], bob);
    expect(notebook.history('w07').at(-1)).toMatchObject({ actor: bob, payload: { from: 'paused', to: 'running', reason: 'workflow CMP-1/3 started' } });
  });
});

describe('a change asked for on an out-of-date card', () => {
  it('records nothing and says what changed since the event the card showed', () => {
    const { notebook } = campaignWithWorkflow();
    const seen = notebook.card('CMP-1/1').latest.seq;
    notebook.changeStatus('CMP-1/1', 'submitted', undefined, bob, { seenEvent: seen });
    const stale = catchUserError(() => notebook.changeStatus('CMP-1/1', 'submitted', undefined, alice, { seenEvent: seen }));
    expect(stale).toBeInstanceOf(StaleRecordError);
    expect((stale as StaleRecordError).changes.map((event) => [event.actor.name, event.payload.to])).toEqual([['bob', 'submitted']]);
    expect(stale.message).toBe('CMP-1/1 changed meanwhile (recorded → submitted by bob): nothing was recorded');
    // a note since is not a change of status: a card drawn before it still decides
    const before = notebook.card('CMP-1/1').latest.seq;
    notebook.addNote('CMP-1/1', 'slow', bob);
    expect(notebook.changeStatus('CMP-1/1', 'running', undefined, alice, { seenEvent: before })).toMatchObject({ workflow: { status: 'running' } });
  });
});

describe('a record card', () => {
  it('counts a campaign\'s workflows by status and names its latest event', () => {
    const { notebook } = campaignWithWorkflow();
    notebook.startWorkflow('w07', { label: 't', wms: 'panda' }, [], alice);
    notebook.changeStatus('CMP-1/2', 'submitted', undefined, bob);
    const card = notebook.card('w07');
    expect(card).toMatchObject({ type: 'campaign', workflowCount: 2, workflowsByStatus: { recorded: 1, submitted: 1 } });
    expect(card.latest).toMatchObject({ workflowId: 'CMP-1/2', actor: bob, payload: { to: 'submitted' } });
    expect(notebook.card('CMP-1/1').latest).toMatchObject({ kind: 'workflow_started', workflowId: 'CMP-1/1' });
  });
});
