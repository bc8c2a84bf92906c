import { describe, expect, it } from 'vitest';
import { alice, bob, catchUserError, openTestNotebook } from './open-test-notebook.js';

describe('notes and history', () => {
  it('keeps every event of a campaign and its workflows, oldest first, with author and UTC time', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [], alice);
    notebook.addNote('CMP-1/1', 'looks slow', bob);
    const note = notebook.addNote('w07', 'all good', bob);
    expect(note).toMatchObject({ kind: 'note_added', campaignId: 'CMP-1', actor: bob, payload: { text: 'all good' } });
    expect(note).not.toHaveProperty('workflowId');
    const events = notebook.history('w07');
    expect(events.map((e) => [e.seq, e.kind, e.workflowId ?? e.campaignId, e.at])).toEqual([
      [1, 'campaign_defined', 'CMP-1', '2026-11-25T10:00:01.000Z'],
      [2, 'workflow_started', 'CMP-1/1', '2026-11-25T10:00:02.000Z'],
      // the first workflow start moved the campaign from defined to running
      [3, 'status_changed', 'CMP-1', '2026-11-25T10:00:02.000Z'],
      [4, 'note_added', 'CMP-1/1', '2026-11-25T10:00:03.000Z'],
      [5, 'note_added', 'CMP-1', '2026-11-25T10:00:04.000Z'],
    ]);
    expect(notebook.history('CMP-1/1').map((e) => e.seq)).toEqual([2, 4]);
  });

  it('refuses an empty note', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    expect(catchUserError(() => notebook.addNote('w07', '   ', alice)).message).toBe('A note needs some text');
  });
});
