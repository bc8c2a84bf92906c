import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/campaign/user-error.js';
import { alice, bob, catchUserError, openTestNotebook } from './open-test-notebook.js';

describe('defineCampaign', () => {
  it('numbers campaigns CMP-1, CMP-2, ... and records who defined them, where and when', () => {
    const { notebook } = openTestNotebook();
    const first = notebook.defineCampaign(
      { shortName: 'w07-rc2', description: ' RC2 weekly ', butlerRepo: '/repo/main', operators: ['slack:U1', ' ', 'slack:U2', 'slack:U1'], production: '' },
      alice,
      { platform: 'slack', id: 'C0CAMP' },
    );
    const second = notebook.defineCampaign({ shortName: 'dp1', description: 'Data Preview 1' }, bob);
    expect(first).toEqual({
      id: 'CMP-1',
      number: 1,
      status: 'defined',
      shortName: 'w07-rc2',
      description: 'RC2 weekly',
      butlerRepo: '/repo/main',
      operators: ['slack:U1', 'slack:U2'],
      channel: { platform: 'slack', id: 'C0CAMP' },
      definedBy: alice,
      definedAt: '2026-11-25T10:00:01.000Z',
    });
    expect(second.id).toBe('CMP-2');
    expect(notebook.listCampaigns().map((c) => c.id)).toEqual(['CMP-2', 'CMP-1']);
    expect(notebook.listCampaigns({ definedBy: bob.id }).map((c) => c.id)).toEqual(['CMP-2']);
  });

  it('refuses a short name already taken, whatever its case, naming the campaign that has it', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07-rc2', description: 'x' }, alice);
    const error = catchUserError(() => notebook.defineCampaign({ shortName: 'W07-RC2', description: 'y' }, bob));
    expect(error.message).toBe('The short name "W07-RC2" is taken by CMP-1; choose another');
    expect(error.fields).toEqual({ short_name: 'The short name "W07-RC2" is taken by CMP-1; choose another' });
  });

  it('never reuses a number, even after a refused definition', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice);
    expect(() => notebook.defineCampaign({ shortName: 'a', description: 'x' }, alice)).toThrow(UserError);
    expect(notebook.defineCampaign({ shortName: 'b', description: 'x' }, alice).id).toBe('CMP-2');
  });

  it('reports every bad field at once, per field', () => {
    const { notebook } = openTestNotebook();
    const error = catchUserError(() =>
      notebook.defineCampaign({ shortName: 'CMP-7', description: '  ', jiraIssue: 'not a key' }, alice),
    );
    expect(error.fields).toEqual({
      short_name: 'Short name "CMP-7" looks like a campaign id (CMP-<n>); choose another',
      description: 'A description (what the campaign is for) is required',
      jira_issue: '"not a key" is not a Jira issue key; expected e.g. DM-12345 (leave it empty to create one)',
    });
  });

  it('refuses a short name with spaces or a slash', () => {
    const { notebook } = openTestNotebook();
    for (const shortName of ['w07 rc2', 'w07/rc2', '']) {
      expect(catchUserError(() => notebook.defineCampaign({ shortName, description: 'x' }, alice)).fields.short_name).toBeDefined();
    }
  });
});
