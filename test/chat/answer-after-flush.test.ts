import { describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { ChatDeps } from '../../src/chat/chat-deps.js';
import type { ChatRequest } from '../../src/chat/chat-request.js';
import { handleCommand } from '../../src/chat/handle-command.js';
import { submitForm } from '../../src/chat/submit-form.js';
import { parseDataIdList } from '../../src/lists/parse-data-id-list.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';

const request: ChatRequest = { platform: 'slack', userId: 'U1', userName: 'pilot', channelId: 'C1' };
const platform = { groupsOf: async () => [] };

/** Chat deps whose `flushed()` resolves only when the test says so, counting the calls. */
function setup() {
  const notebook = createNotebook({ store: createSqliteStore(openDatabase(':memory:')) });
  notebook.defineCampaign({ shortName: 'w07', description: 'x' }, { id: 'slack:U1', name: 'pilot' });
  let release: () => void = () => undefined;
  const gate = { calls: 0, flushedYet: false };
  const deps: ChatDeps = {
    notebook,
    parseList: (content, options) => parseDataIdList(content, options),
    statusLinks: () => [],
    access: { writers: [] },
    flushed: () => {
      gate.calls += 1;
      return new Promise<void>((resolve) => {
        release = () => {
          gate.flushedYet = true;
          resolve();
        };
      });
    },
  };
  return { deps, gate, release: () => release() };
}

describe('answers wait for the commit to be flushed', () => {
  it('a note is recorded at once but answered only once its commit is on disk', async () => {
    const { deps, gate, release } = setup();
    let answered = false;
    const answer = handleCommand('note w07 flat fields replaced', request, deps, platform).then((effects) => {
      answered = true;
      expect(gate.flushedYet).toBe(true);
      return effects;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(deps.notebook.history('w07').some((event) => event.kind === 'note_added')).toBe(true);
    expect(gate.calls).toBe(1);
    expect(answered).toBe(false);
    release();
    expect((await answer).length).toBeGreaterThan(0);
  });

  it('a submitted form is reported recorded only once its commit is on disk', async () => {
    const { deps, gate, release } = setup();
    const state = { formId: 'workflow_start' as const, channelId: 'C1', campaignId: 'CMP-1' };
    const submission = { values: { label: 'step1', wms: 'panda', exclude_list: 'visit=1 detector=2', exclude_reason: 'bad amp' } };
    let outcome: string | undefined;
    const submitted = submitForm(state, submission, request, deps, platform).then((result) => (outcome = result.kind));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(outcome).toBeUndefined();
    expect(gate.calls).toBe(1);
    release();
    await submitted;
    expect(outcome).toBe('recorded');
  });
});
