import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeJira, type FakeJira } from '../fakes/fake-jira.js';
import { startFakeMattermost, type FakeMattermost } from '../fakes/fake-mattermost.js';
import { startFakeSlack, type FakeSlack } from '../fakes/fake-slack.js';
import { freePort, startAppProcess, type AppProcess } from '../ops/app-process.js';

// Known fake secrets: none may show up in any log line, chat message, dialog, file, export or Jira text.
const SECRETS = {
  slackBotToken: 'xoxb-1234567890-SECRETbotTOKEN-a1b2c3',
  slackSigningSecret: 'sigSECRET-8f3e2a9c1b7d6e5f',
  jiraPat: 'jiraPAT-SECRET-0c9d8e7f6a5b',
  mattermostBotToken: 'mmBOT-SECRET-5a4b3c2d1e0f',
  mattermostCommandToken: 'mmCMD-SECRET-9z8y7x6w5v4u',
};

let dir: string;
let slack: FakeSlack;
let jira: FakeJira;
let mm: FakeMattermost;
let app: AppProcess | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cn-secrets-'));
  slack = await startFakeSlack({ botToken: SECRETS.slackBotToken, signingSecret: SECRETS.slackSigningSecret });
  jira = await startFakeJira({ auth: { pat: SECRETS.jiraPat } });
  mm = await startFakeMattermost({ botToken: SECRETS.mattermostBotToken, commandToken: SECRETS.mattermostCommandToken });
});
afterEach(async () => {
  await app?.stop('SIGKILL');
  app = undefined;
  await slack.close();
  await jira.close();
  await mm.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every occurrence of a secret (as is, or base64 / URL-encoded) in `text`, named. */
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const [name, secret] of Object.entries(SECRETS)) {
    for (const form of [secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret), secret.slice(6, 22)]) {
      if (text.includes(form)) found.push(`${name} (${form === secret ? 'as is' : form})`);
    }
  }
  return found;
}

/** `/campaign <text>` that opens a form; resolves with the new view's id. */
async function openForm(text: string): Promise<string> {
  const before = slack.state.views.size;
  await slack.slashCommand({ text });
  await slack.waitFor(() => slack.state.views.size > before);
  return [...slack.state.views.keys()].at(-1)!;
}

describe('secrets', () => {
  it('never appear in the logs, messages, dialogs, files, exports or Jira of a full run with failures', async () => {
    const configPath = join(dir, 'campaign-notebook.yaml');
    writeFileSync(configPath, 'jira:\n  project: DM\nstatus_tools:\n  panda:\n    - label: PanDA\n      url: "https://panda.example.org/tasks/?name={run_name}*"\n');
    const port = await freePort();
    app = await startAppProcess({
      PORT: String(port),
      HOST: '127.0.0.1',
      CAMPAIGN_DB: join(dir, 'notebook.sqlite'),
      CAMPAIGN_CONFIG: configPath,
      SLACK_BOT_TOKEN: SECRETS.slackBotToken,
      SLACK_SIGNING_SECRET: SECRETS.slackSigningSecret,
      SLACK_API_URL: slack.apiUrl,
      SLACK_API_RETRIES: '0',
      JIRA_HOST: jira.url,
      JIRA_PAT: SECRETS.jiraPat,
      MATTERMOST_URL: mm.url,
      MATTERMOST_BOT_TOKEN: SECRETS.mattermostBotToken,
      MATTERMOST_COMMAND_TOKEN: SECRETS.mattermostCommandToken,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      // the most talkative level: debug lines must not leak either
      LOG_LEVEL: 'debug',
    });
    slack.setAppUrl(app.url);

    // Jira fails first: a 503, then a refused connection (errors that carry request configs).
    jira.fail({ method: 'POST', path: /\/rest\/api\/2\/issue$/ }, { kind: 'status', status: 503 }, 1);
    await slack.submitView(await openForm('new w07'), { description: 'secrets run', butler_repo: '/repo/main' });
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
    await jira.refuseConnections();
    slack.failNext('chat.postMessage', 'ratelimited', 1);
    const step1 = await openForm('start w07 step1');
    const file = slack.attachFile('exclusions.csv', 'visit,detector\n1,2\n1,3\n');
    await slack.submitView(step1, {
      wms: 'panda',
      exclude_file: [file],
      exclude_reason: 'hot pixels',
      include_list: 'visit=1 detector=9',
      include_reason: 'the good one',
    });
    await slack.waitFor(() => slack.state.messages.length + slack.state.ephemerals.length >= 2);
    await jira.acceptConnections();
    // A bad list (an inline error), a forged request, and an unknown verb.
    await slack.submitView(await openForm('start w07 step2'), { wms: 'panda', exclude_list: 'visit=x', exclude_reason: 'r' });
    await slack.sendRaw('command=%2Fcampaign&text=list', { signature: 'v0=00' });
    for (const text of ['run CMP-1/1 Run Id: 176261\nRun Name: u_jdoe_step1', 'status CMP-1/1 running', 'note CMP-1 a note', 'why visit=1 detector=2', 'history CMP-1', 'show CMP-1/1', 'export CMP-1', 'lists', 'sync', 'frobnicate']) {
      await slack.slashCommand({ text });
    }
    await slack.waitFor(() => slack.state.files.size >= 2, 20_000);

    // Mattermost: a command, a dialog, and a command with a wrong token.
    await mm.sendCommand(app.url, 'new mm-camp');
    const dialog = await mm.waitFor(() => mm.dialogs[0]);
    await mm.submitDialog(dialog, { description: 'from mattermost' });
    await mm.sendCommand(app.url, 'list', { token: 'wrong-token' });
    await mm.sendCommand(app.url, 'show mm-camp');

    await jira.waitFor(() => jira.issues.length >= 3 || undefined, 30_000);
    expect(await app.stop('SIGTERM')).toBe(0);

    const places: Record<string, string> = {
      log: app.output(),
      'Slack messages': JSON.stringify(slack.state.messages),
      'Slack ephemerals': JSON.stringify(slack.state.ephemerals),
      'Slack views': JSON.stringify([...slack.state.views.values()]),
      'Slack files (exports)': [...slack.state.files.values()].map((f) => `${f.name}\n${Buffer.from(f.bytes).toString('utf8')}`).join('\n'),
      'Mattermost posts': JSON.stringify([mm.posts, mm.ephemeral, mm.responses]),
      'Mattermost dialogs': JSON.stringify(mm.dialogs),
      'Mattermost files': JSON.stringify(mm.files),
      Jira: JSON.stringify(jira.issues),
    };
    if (process.env.SHOW_RUN_LOG) console.log(places.log, places.Jira!.slice(0, 3000));
    expect(places.log!.length).toBeGreaterThan(1000);
    expect(places['Slack files (exports)']!).toContain('w07');
    const found = Object.entries(places).flatMap(([place, text]) => leaks(text).map((leak) => `${leak} in ${place}`));
    expect(found).toEqual([]);
  }, 120_000);
});
