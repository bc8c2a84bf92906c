import { describe, expect, it } from 'vitest';
import { alice, bob, catchUserError, lines, openTestNotebook } from './open-test-notebook.js';

describe('stored lists', () => {
  it('stores a list once under its fingerprint, with name and reason, and lists it newest first', () => {
    const { notebook } = openTestNotebook();
    const first = notebook.storeList(lines('visit=1\nvisit=2'), { name: 'dr1-bad-visits', reason: 'clouds' }, alice);
    const again = notebook.storeList(lines('visit=2\nvisit=1'), {}, bob);
    expect(again).toEqual(first);
    expect(first).toMatchObject({ count: 2, dimensions: ['visit'], name: 'dr1-bad-visits', reason: 'clouds', storedBy: alice });
    notebook.storeList(lines('visit=3'), {}, bob);
    expect(notebook.storedLists().map((list) => list.count)).toEqual([1, 2]);
  });

  it('resolves sha256:<prefix> and list:<name>', () => {
    const { notebook } = openTestNotebook();
    const stored = notebook.storeList(lines('visit=1'), { name: 'one' }, alice);
    expect(notebook.resolveListReference(`sha256:${stored.sha256.slice(0, 12).toUpperCase()}`).sha256).toBe(stored.sha256);
    expect(notebook.resolveListReference('list:ONE').sha256).toBe(stored.sha256);
  });

  it('refuses short, unknown and malformed references, and a name taken by another list', () => {
    const { notebook } = openTestNotebook();
    const stored = notebook.storeList(lines('visit=1'), { name: 'one' }, alice);
    expect(catchUserError(() => notebook.resolveListReference(`sha256:${stored.sha256.slice(0, 8)}`)).message).toBe(
      '"sha256:' + stored.sha256.slice(0, 8) + '": give at least 12 (and at most 64) hex digits of the fingerprint after sha256:',
    );
    const other = stored.sha256.startsWith('0') ? '1'.repeat(12) : '0'.repeat(12);
    expect(catchUserError(() => notebook.resolveListReference(`sha256:${other}`)).message).toBe(
      `No stored list has a fingerprint starting ${other}; \`campaign lists\` shows them`,
    );
    expect(catchUserError(() => notebook.resolveListReference('list:two')).message).toBe(
      'No stored list is named "two"; `campaign lists` shows them',
    );
    expect(catchUserError(() => notebook.resolveListReference('one')).message).toBe(
      '"one" is not a stored-list reference: expected sha256:<at least 12 hex digits> or list:<name>',
    );
    expect(catchUserError(() => notebook.storeList(lines('visit=2'), { name: 'One' }, alice)).message).toBe(
      `The list name "One" already names another list (sha256:${stored.sha256.slice(0, 16)}); choose another name`,
    );
  });

  it('attaches a stored list referenced by prefix to a workflow start, and why finds it', () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const stored = notebook.storeList(lines('visit=7 detector=1'), { name: 'bad' }, alice);
    const { sha256 } = notebook.resolveListReference(`sha256:${stored.sha256.slice(0, 12)}`);
    const workflow = notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [{ kind: 'exclude', reason: 'known bad', sha256 }], bob);
    expect(workflow.lists).toEqual([{ sha256, count: 1, dimensions: ['detector', 'visit'], kind: 'exclude', reason: 'known bad', name: 'bad' }]);
    expect(notebook.why({ visit: 7, detector: 1 }).map((m) => [m.workflowId, m.reason])).toEqual([['CMP-1/1', 'known bad']]);
  });
});
