import { describe, expect, it } from 'vitest';
import { cloneDefaults, rerunDefaults } from '../../src/campaign/clone-defaults.js';
import { alice, bob, catchUserError, lines, openTestNotebook } from './open-test-notebook.js';

function notebookWithAWorkflow() {
  const opened = openTestNotebook();
  const { notebook } = opened;
  notebook.defineCampaign(
    { shortName: 'w07', description: 'RC2 weekly', stackVersion: 'w_2025_47', butlerRepo: '/repo/main', jiraIssue: 'DM-1', operators: ['slack:U0ALICE'] },
    alice,
    { platform: 'slack', id: 'C1' },
  );
  const source = notebook.startWorkflow(
    'w07',
    { label: 'step1', wms: 'panda', pipeline: 'DRP.yaml#step1', configOverrides: 'isr:doDark=False', dataQuery: "instrument='LSSTCam'", outputRun: 'u/x/run1', notes: 'first try' },
    [
      { kind: 'include', reason: 'the night', list: lines('visit=1\nvisit=2'), provenance: 'lsst-dm/triage@abcdef1' },
      { kind: 'exclude', reason: 'vignetted', list: lines('visit=1 detector=4') },
    ],
    alice,
  );
  return { ...opened, source };
}

describe('clone', () => {
  it('defines a campaign that names its source and what changed; the source\'s history says it was cloned', () => {
    const { notebook } = notebookWithAWorkflow();
    const source = notebook.findCampaign('w07');
    const clone = notebook.defineCampaign({ ...cloneDefaults(source), shortName: 'w09', stackVersion: 'w_2025_49', source: { id: 'w07', changes: 'next weekly' } }, bob);
    expect(clone).toMatchObject({
      id: 'CMP-2',
      description: 'RC2 weekly',
      butlerRepo: '/repo/main',
      stackVersion: 'w_2025_49',
      operators: ['slack:U0ALICE'],
      source: { id: 'CMP-1', changes: 'next weekly' },
    });
    expect(clone).not.toHaveProperty('jiraIssue');
    expect(notebook.history('CMP-1').at(-1)).toMatchObject({ kind: 'cloned', actor: bob, payload: { into: 'CMP-2', changes: 'next weekly' } });
    expect(notebook.history('CMP-2')[0]).toMatchObject({ kind: 'campaign_defined', payload: { source: { id: 'CMP-1', changes: 'next weekly' } } });
  });

  it('refuses a clone without changes, or with a mistyped stack version, inline, and records nothing', () => {
    const { notebook } = notebookWithAWorkflow();
    const error = catchUserError(() =>
      notebook.defineCampaign({ shortName: 'w09', description: 'x', stackVersion: 'w_2025_4', source: { id: 'CMP-1', changes: '  ' } }, bob),
    );
    expect(Object.keys(error.fields)).toEqual(['stack_version', 'changes']);
    expect(error.fields.changes).toBe('Say what differs from CMP-1, and why (required for a clone)');
    expect(error.fields.stack_version).toContain('weekly w_YYYY_WW');
    expect(notebook.listCampaigns()).toHaveLength(1);
    expect(catchUserError(() => notebook.defineCampaign({ shortName: 'w09', description: 'x', source: { id: 'CMP-9', changes: 'y' } }, bob)).message).toContain('No campaign CMP-9');
  });
});

describe('rerun', () => {
  it('starts a workflow from the source\'s fields and lists, maybe in another campaign; the lists keep their fingerprints', () => {
    const { notebook, source } = notebookWithAWorkflow();
    notebook.defineCampaign({ shortName: 'w09', description: 'next' }, bob);
    const defaults = rerunDefaults(source);
    expect(defaults.input).toEqual({
      label: 'step1',
      wms: 'panda',
      pipeline: 'DRP.yaml#step1',
      configOverrides: 'isr:doDark=False',
      dataQuery: "instrument='LSSTCam'",
    });
    const rerun = notebook.startWorkflow('w09', { ...defaults.input, stackVersion: 'w_2025_49', source: { id: 'CMP-1/1', changes: 'new weekly' } }, defaults.lists, bob);
    expect(rerun).toMatchObject({ id: 'CMP-2/1', label: 'step1', stackVersion: 'w_2025_49', configOverrides: 'isr:doDark=False', source: { id: 'CMP-1/1', changes: 'new weekly' } });
    expect(rerun).not.toHaveProperty('outputRun');
    expect(rerun.lists.map(({ kind, sha256, reason, provenance }) => ({ kind, sha256, reason, provenance }))).toEqual(
      source.lists.map(({ kind, sha256, reason, provenance }) => ({ kind, sha256, reason, provenance })),
    );
    expect(source.lists[0]!.provenance).toBe('lsst-dm/triage@abcdef1');
    expect(notebook.history('CMP-1/1').at(-1)).toMatchObject({ kind: 'cloned', payload: { into: 'CMP-2/1', changes: 'new weekly' } });
    expect(notebook.storedLists()).toHaveLength(2);
  });

  it('refuses a rerun without changes, bad config overrides, and an unknown source', () => {
    const { notebook } = notebookWithAWorkflow();
    const error = catchUserError(() =>
      notebook.startWorkflow('w07', { label: 'again', wms: 'panda', configOverrides: 'isr doDark', source: { id: 'CMP-1/1', changes: '' } }, [], bob),
    );
    expect(error.fields.changes).toBe('Say what differs from CMP-1/1, and why (required for a rerun)');
    expect(error.fields.config_overrides).toContain('line 1 ("isr doDark")');
    expect(catchUserError(() => notebook.startWorkflow('w07', { label: 'again', wms: 'panda', source: { id: 'CMP-1/7', changes: 'x' } }, [], bob)).message).toContain(
      'No workflow 7 in CMP-1',
    );
    expect(notebook.show('w07').type === 'campaign' && notebook.show('w07')).toMatchObject({ workflowCount: 1 });
  });
});

describe('operators and who', () => {
  it('records who handed over to whom, and who holds what', () => {
    const { notebook } = notebookWithAWorkflow();
    notebook.defineCampaign({ shortName: 'w09', description: 'next' }, bob);
    notebook.startWorkflow('w09', { label: 'a', wms: 'panda', operators: ['slack:U0BOB'] }, [], bob);
    const view = notebook.setOperators('w07', ['slack:U0BOB', 'cli:carol'], alice);
    expect(view.type === 'campaign' && view.campaign.operators).toEqual(['slack:U0BOB', 'cli:carol']);
    expect(notebook.history('w07').at(-1)).toMatchObject({ kind: 'operators_changed', actor: alice, payload: { from: ['slack:U0ALICE'], to: ['slack:U0BOB', 'cli:carol'] } });
    expect(catchUserError(() => notebook.setOperators('w07', ['cli:carol', 'slack:U0BOB'], alice)).message).toBe('Those already operate CMP-1');

    // running since its workflow started
    notebook.changeStatus('CMP-1', 'paused', undefined, alice);
    const holdings = notebook.who();
    expect(holdings.map((h) => [h.operator, h.name])).toEqual([
      ['slack:U0BOB', 'bob'],
      ['cli:carol', undefined],
    ]);
    const bobs = holdings[0]!;
    expect(bobs.campaigns.map((c) => c.id)).toEqual(['CMP-1']);
    // CMP-1/1 has no operators of its own: its campaign's hold it; CMP-2/1 names bob
    expect(bobs.workflows.map((w) => w.id)).toEqual(['CMP-1/1', 'CMP-2/1']);
    expect(bobs.waiting.map((c) => c.id)).toEqual(['CMP-1']);
    expect(notebook.who('slack:U0NOBODY')).toEqual([{ operator: 'slack:U0NOBODY', campaigns: [], workflows: [], waiting: [] }]);

    expect(catchUserError(() => notebook.setOperators('CMP-1/1', [], alice)).message).toBe('CMP-1/1 has no operators already');
    notebook.setOperators('CMP-1/1', ['cli:carol'], alice);
    expect(notebook.who('cli:carol')[0]!.workflows.map((w) => w.id)).toEqual(['CMP-1/1']);
    notebook.setOperators('CMP-1/1', [], alice);
    expect(notebook.history('CMP-1/1').at(-1)).toMatchObject({ payload: { from: ['cli:carol'], to: [] } });
  });
});
