import { describe, expect, it } from 'vitest';
import { alice, catchUserError, openTestNotebook } from './open-test-notebook.js';

function campaignWithWorkflow() {
  const opened = openTestNotebook();
  opened.notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
  opened.notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
  return opened;
}

describe('changeStatus', () => {
  it('walks a campaign defined → running ⇄ paused → completed, each change an event with its reason', () => {
    const { notebook } = campaignWithWorkflow();
    for (const status of ['running', 'paused', 'running', 'paused', 'completed'] as const) {
      const view = notebook.changeStatus('w07', status, `to ${status}`, alice);
      expect(view.type === 'campaign' && view.campaign.status).toBe(status);
    }
    const changes = notebook.history('w07').filter((event) => event.kind === 'status_changed');
    expect(changes.map((event) => event.payload)).toEqual([
      { from: 'defined', to: 'running', reason: 'to running' },
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
    expect(catchUserError(() => notebook.changeStatus('w07', 'completed', undefined, alice)).message).toBe(
      'CMP-1 cannot go from defined to completed: from defined it can go to running',
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
});
