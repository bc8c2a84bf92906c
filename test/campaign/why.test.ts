import { describe, expect, it } from 'vitest';
import { WHY_MATCH_LIMIT } from '../../src/campaign/why.js';
import { alice, bob, catchUserError, lines, openTestNotebook } from './open-test-notebook.js';

function notebookWithLists() {
  const { notebook } = openTestNotebook();
  notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
  notebook.defineCampaign({ shortName: 'dp1', description: 'y' }, alice);
  // CMP-1/1: whole visits excluded
  notebook.startWorkflow('w07', { label: 'step1', wms: 'panda' }, [{ kind: 'exclude', reason: 'bad visits', list: lines('visit=100\nvisit=101 # clouds') }], alice);
  // CMP-2/1: detectors of visits excluded, later
  notebook.startWorkflow(
    'dp1',
    { label: 'isr', wms: 'htcondor' },
    [{ kind: 'exclude', reason: 'bad CCDs', list: lines('visit=100 detector=42 # vignetted\nvisit=100 detector=43\nvisit=200 detector=42') }],
    bob,
  );
  // CMP-1/2: an inclusion list with instrument, latest
  notebook.startWorkflow(
    'w07',
    { label: 'rerun', wms: 'panda' },
    [{ kind: 'include', reason: 'rerun these', list: lines('instrument=LSSTCam visit=100 detector=42') }],
    alice,
  );
  return notebook;
}

const summary = (match: { workflowId: string; kind: string; entry: object; reason: string }) => ({
  workflowId: match.workflowId,
  kind: match.kind,
  entry: match.entry,
  reason: match.reason,
});

describe('why', () => {
  it('finds every list naming the data ID, fully or with fewer dimensions, newest first, with the entry or list reason', () => {
    const notebook = notebookWithLists();
    expect(notebook.why({ instrument: 'LSSTCam', visit: 100, detector: 42 }).map(summary)).toEqual([
      { workflowId: 'CMP-1/2', kind: 'include', entry: { detector: 42, instrument: 'LSSTCam', visit: 100 }, reason: 'rerun these' },
      { workflowId: 'CMP-2/1', kind: 'exclude', entry: { detector: 42, visit: 100 }, reason: 'vignetted' },
      { workflowId: 'CMP-1/1', kind: 'exclude', entry: { visit: 100 }, reason: 'bad visits' },
    ]);
  });

  it('carries campaign, workflow, who and when', () => {
    const notebook = notebookWithLists();
    const [match] = notebook.why({ visit: 200, detector: 42 });
    const view = notebook.show('CMP-2/1');
    expect(match).toEqual({
      campaignId: 'CMP-2',
      campaignName: 'dp1',
      workflowId: 'CMP-2/1',
      workflowLabel: 'isr',
      kind: 'exclude',
      sha256: notebook.attachedLists('CMP-2/1')[0]!.sha256,
      entry: { detector: 42, visit: 200 },
      reason: 'bad CCDs',
      attachedBy: bob,
      attachedAt: view.type === 'workflow' ? view.workflow.startedAt : 'not a workflow',
    });
  });

  it('matches a question naming fewer dimensions than the entries (partial match)', () => {
    const notebook = notebookWithLists();
    expect(notebook.why({ visit: 100 }).map((m) => [m.workflowId, m.entry])).toEqual([
      ['CMP-1/2', { detector: 42, instrument: 'LSSTCam', visit: 100 }],
      ['CMP-2/1', { detector: 42, visit: 100 }],
      ['CMP-2/1', { detector: 43, visit: 100 }],
      ['CMP-1/1', { visit: 100 }],
    ]);
    // detector is not the lists' first key column: still found
    expect(notebook.why({ detector: 43 }).map((m) => m.entry)).toEqual([{ detector: 43, visit: 100 }]);
  });

  it('needs every shared dimension equal and at least one shared', () => {
    const notebook = notebookWithLists();
    expect(notebook.why({ visit: 100, detector: 44 }).map((m) => m.workflowId)).toEqual(['CMP-1/1']);
    expect(notebook.why({ instrument: 'LATISS', visit: 101 }).map((m) => m.workflowId)).toEqual(['CMP-1/1']);
    expect(notebook.why({ band: 'r' })).toEqual([]);
    expect(notebook.why({ visit: 999 })).toEqual([]);
  });

  it('takes integer values as text (from a command line) and compares them as integers', () => {
    const notebook = notebookWithLists();
    expect(notebook.why({ visit: '0101' }).map((m) => m.reason)).toEqual(['clouds']);
  });

  it('reports a non-integer value of an integer dimension and an empty question', () => {
    const notebook = notebookWithLists();
    expect(catchUserError(() => notebook.why({ visit: 'R10_S11' })).message).toBe(
      'visit=R10_S11: visit is an integer dimension; expected an integer such as 42',
    );
    expect(catchUserError(() => notebook.why({})).message).toBe(
      'Name at least one dimension, e.g. `why visit=2025111500226 detector=42`',
    );
  });

  it('sees a list attached after an earlier question', () => {
    const notebook = notebookWithLists();
    expect(notebook.why({ visit: 300 })).toEqual([]);
    notebook.startWorkflow('dp1', { label: 'late', wms: 'panda' }, [{ kind: 'exclude', reason: 'late', list: lines('visit=300') }], bob);
    expect(notebook.why({ visit: 300 }).map((m) => m.workflowId)).toEqual(['CMP-2/2']);
  });

  it('does not answer for lists stored but never attached', () => {
    const notebook = notebookWithLists();
    notebook.storeList(lines('visit=555'), {}, alice);
    expect(notebook.why({ visit: 555 })).toEqual([]);
  });

  it(`refuses a why question matching more than ${WHY_MATCH_LIMIT} entries, asking for more dimensions`, () => {
    const { notebook } = openTestNotebook();
    notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice);
    const list = lines(`visit=1 detector=0..${WHY_MATCH_LIMIT}`);
    notebook.startWorkflow('w07', { label: 's', wms: 'panda' }, [{ kind: 'exclude', reason: 'r', list }], alice);
    expect(notebook.why({ visit: 1, detector: 7 })).toHaveLength(1);
    expect(catchUserError(() => notebook.why({ visit: 1 })).message).toBe(
      `More than ${WHY_MATCH_LIMIT} list entries match visit=1: name more dimensions to narrow the question`,
    );
  });
});
