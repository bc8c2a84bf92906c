import { describe, expect, it } from 'vitest';
import { announcementOf } from '../../src/chat/announcements.js';
import { messagePlainText } from '../../src/chat/chat-message.js';
import { createChannelOutboxStore } from '../../src/store/channel-outbox-store.js';
import { alice, lines, openTestNotebook } from '../campaign/open-test-notebook.js';

/** How each event of the notebook, oldest first, is told in the channel: `card`, the reply's text, or `-`. */
function told(): string[] {
  const { notebook, db } = openTestNotebook();
  notebook.defineCampaign({ shortName: 'w07', description: 'x' }, alice, { platform: 'slack', id: 'C1' });
  notebook.startWorkflow('w07', { label: 'step1', wms: 'htcondor', runId: '21054.0' }, [{ kind: 'exclude', reason: 'bad', list: lines('visit=1 detector=2') }], alice);
  notebook.startWorkflow('w07', { label: 'step2', wms: 'htcondor' }, [], alice);
  notebook.recordRun('CMP-1/2', '21055.0', undefined, alice);
  notebook.recordBpsReport('CMP-1/2', ' X STATE %S ID OPERATOR PROJECT CAMPAIGN PAYLOAD RUN\n   SUCCEEDED 100 21055.0 jdoe dev quick pcheck u_jdoe_x', alice);
  notebook.addNote('CMP-1/2', 'all good', alice);
  notebook.setOperators('CMP-1/2', ['slack:U0BOB'], alice);
  // The last open workflow ends: the notebook pauses the campaign (the paused gate).
  notebook.changeStatus('CMP-1/1', 'failed', 'bad input', alice);
  const store = createChannelOutboxStore(db, 'slack');
  const deps = { notebook, statusLinks: () => [] };
  const count = (db.prepare('SELECT max(seq) AS n FROM events').get() as { n: number }).n;
  return Array.from({ length: count }, (_, i) => {
    const around = store.eventsAround(i + 1);
    const what = announcementOf(around.event, around, deps);
    return `${around.event.kind} ${around.event.recordId}: ${what === undefined ? '-' : what.kind === 'card' ? 'card' : messagePlainText(what.message).split('\n')[0]}`;
  });
}

describe('announcementOf: how each event is told in its campaign channel', () => {
  it('tells each write once: a card per record, one reply per run, status change (however many steps) and note', () => {
    expect(told()).toEqual([
      'campaign_defined CMP-1: card',
      'workflow_started CMP-1/1: card',
      // The list and the run given at the start are on the workflow's card.
      'list_attached CMP-1/1: -',
      'run_recorded CMP-1/1: -',
      'status_changed CMP-1/1: -',
      // The start opened its campaign (defined → running): its card shows it.
      'status_changed CMP-1: -',
      'workflow_started CMP-1/2: card',
      'run_recorded CMP-1/2: Run recorded for CMP-1/2',
      // recorded → submitted comes with the run.
      'status_changed CMP-1/2: -',
      // A pasted bps report: submitted → running → succeeded, told by its last step.
      'status_changed CMP-1/2: -',
      'status_changed CMP-1/2: CMP-1/2: running → succeeded',
      'note_added CMP-1/2: Note on CMP-1/2 by alice',
      'operators_changed CMP-1/2: CMP-1/2: operators handed over',
      'status_changed CMP-1/1: CMP-1/1: submitted → failed',
      // The paused gate's question, in the campaign card's thread.
      'status_changed CMP-1: CMP-1 w07 is paused: waiting for a decision',
    ]);
  });
});
