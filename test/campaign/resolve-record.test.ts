import { describe, expect, it } from 'vitest';
import { alice, catchUserError, openTestNotebook } from './open-test-notebook.js';

describe('record references', () => {
  const { notebook } = openTestNotebook();
  notebook.defineCampaign({ shortName: 'w07-rc2', description: 'x' }, alice);
  notebook.startWorkflow('w07-rc2', { label: 'step1', wms: 'panda' }, [], alice);

  it('names a campaign by CMP-<n> (any case) or its short name (any case)', () => {
    for (const ref of ['CMP-1', 'cmp-1', 'w07-rc2', 'W07-RC2', ' CMP-1 ']) {
      expect(notebook.findCampaign(ref).id).toBe('CMP-1');
    }
  });

  it('names a workflow by CMP-<n>/<m> or <short name>/<m>', () => {
    for (const ref of ['CMP-1/1', 'w07-rc2/1']) {
      const view = notebook.show(ref);
      expect(view.type === 'workflow' && view.workflow.id).toBe('CMP-1/1');
    }
  });

  it('says what was given when a reference is unknown or malformed', () => {
    expect(catchUserError(() => notebook.show('CMP-9')).message).toBe('No campaign CMP-9 (from "CMP-9"); `campaign list` shows the campaigns');
    expect(catchUserError(() => notebook.show('w08')).message).toBe('No campaign is named "w08" (from "w08"); `campaign list` shows the campaigns');
    expect(catchUserError(() => notebook.show('CMP-1/4')).message).toBe('No workflow 4 in CMP-1 (w07-rc2): its workflows are CMP-1/1 to CMP-1/1');
    expect(catchUserError(() => notebook.show('CMP-1/x')).message).toBe(
      '"CMP-1/x" is not a workflow reference: the part after "/" must be a workflow number from 1',
    );
    expect(catchUserError(() => notebook.show('a b')).message).toBe(
      '"a b" is not a record reference: expected a campaign (CMP-12 or its short name) or a workflow (CMP-12/3)',
    );
    expect(catchUserError(() => notebook.findCampaign('CMP-1/1')).message).toBe(
      '"CMP-1/1" names a workflow; expected a campaign (CMP-12 or its short name)',
    );
  });
});
