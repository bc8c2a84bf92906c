import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jiraMirrorConfig } from '../../src/jira/jira-mirror-config.js';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { openTestDb, pilot, recordCampaignWithWorkflow, startTestMirror, waitFor } from './jira-test-kit.js';
import { fileConfigSchema } from '../../src/config.js';

let fake: FakeJira | undefined;
let env: ReturnType<typeof openTestDb>;

beforeEach(() => {
  env = openTestDb();
});
afterEach(async () => {
  await fake?.close();
  env.cleanup();
});

describe('Jira settings and the answers they get', () => {
  it('authenticates with a Data Center personal access token as a bearer token', async () => {
    fake = await startFakeJira({ auth: { pat: 'pat-123' } });
    const { mirror } = startTestMirror(env.db, fake, { config: { auth: { pat: 'pat-123' } } });
    env.notebook.defineCampaign({ shortName: 'dc', description: 'on Data Center' }, pilot);
    await mirror.drained();
    await mirror.close();
    expect(fake.issues).toHaveLength(1);
  });

  it('falls back to /rest/api/2/search/jql where Jira Cloud removed /rest/api/2/search', async () => {
    fake = await startFakeJira({ cloudSearch: true });
    fake.fail({ method: 'POST', path: '/rest/api/2/issue' }, { kind: 'lose-response' });
    const { mirror } = startTestMirror(env.db, fake);
    env.notebook.defineCampaign({ shortName: 'cloud', description: 'on Cloud' }, pilot);
    await mirror.drained();
    await mirror.close();
    expect(fake.issues).toHaveLength(1);
    expect(fake.requests.map((request) => request.path)).toContain('/rest/api/2/search/jql');
  });

  it('parks on 403 with a message naming the permissions and the project', async () => {
    fake = await startFakeJira();
    fake.fail({ path: /.*/ }, { kind: 'status', status: 403, body: { errorMessages: ['You do not have permission to create issues in this project.'], errors: {} } });
    const { mirror, heard } = startTestMirror(env.db, fake);
    env.notebook.defineCampaign({ shortName: 'perm', description: 'no permission' }, pilot);
    await waitFor(() => heard.resumed === 1, 'a probe to let the queue resume');
    await mirror.drained();
    await mirror.close();
    expect(heard.parked).toEqual([expect.stringMatching(/^Jira refused access \(403\): .* in project DM\. Mirroring to Jira is paused/)]);
    expect(heard.resumed).toBe(1);
    expect(fake.issues).toHaveLength(1);
  });

  it('fails a status change whose configured transition Jira does not offer, saying which ones it does', async () => {
    fake = await startFakeJira();
    const { mirror, heard } = startTestMirror(env.db, fake, { config: { transitions: { running: 'Ship it' } } });
    // The workflow start moves the campaign to running: the transition Jira does not offer.
    recordCampaignWithWorkflow(env.notebook);
    await waitFor(() => heard.failed.length === 1, 'the refusal');
    await mirror.close();
    expect(heard.failed[0]).toMatchObject({
      recordId: 'CMP-1',
      message: 'Jira offers no transition "Ship it" from DM-1\'s status "To Do" (it offers: Start Progress, Done); check jira.transitions in the config',
    });
    // The comment went in before the transition was tried, and is not repeated.
    expect(fake.issues[0]!.comments).toHaveLength(1);
  });

  it('fails a campaign whose given jira_issue does not exist, with what Jira said', async () => {
    fake = await startFakeJira();
    const { mirror, heard } = startTestMirror(env.db, fake);
    env.notebook.defineCampaign({ shortName: 'ghost', description: 'x', jiraIssue: 'DM-999' }, pilot);
    await waitFor(() => heard.failed.length === 1, 'the refusal');
    await mirror.close();
    expect(heard.failed[0]).toEqual({
      recordId: 'CMP-1',
      message: 'Jira answered 404: Issue does not exist or you do not have permission to see it.',
      errors: {},
    });
  });

  it('reads the project from JIRA_PROJECT before the config file, and insists on one', () => {
    const file = fileConfigSchema.parse({ jira: { project: 'CFG', workflow_mode: 'comment' } });
    const auth = { pat: 'x' };
    expect(jiraMirrorConfig({ host: 'https://jira.example.org', auth, project: 'ENV' }, file)).toMatchObject({ project: 'ENV', workflowMode: 'comment' });
    expect(jiraMirrorConfig({ host: 'https://jira.example.org', auth }, file)).toMatchObject({ project: 'CFG' });
    expect(jiraMirrorConfig(undefined, file)).toBeUndefined();
    expect(() => jiraMirrorConfig({ host: 'https://jira.example.org', auth }, fileConfigSchema.parse({}))).toThrow(
      'JIRA_HOST is set but no Jira project is: set JIRA_PROJECT or `jira.project` in the config file',
    );
  });
});
