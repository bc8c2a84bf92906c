import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './start-test-app.js';

// What bps prints (test/fixtures/bps/README.md says where each file comes from).
const bps = (name: string) => readFileSync(new URL(`../fixtures/bps/${name}`, import.meta.url), 'utf8');

describe('Slack: pasted bps output', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(async () => {
    await t.close();
  });

  it('records the run of a fenced, quoted paste, then takes the status from pasted bps report output', async () => {
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const campaignForm = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(campaignForm.id, { description: 'Weekly RC2 reprocessing' });
    await slack.slashCommand({ text: 'start w07-rc2 step1' });
    const startForm = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(startForm.id, { wms: 'htcondor' });
    const start = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    const thread = () => slack.threadReplies('C0GENERAL', start.ts).map((m) => slack.messageText(m));
    const ephemeral = (part: string) => slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes(part)));

    // Run Id: None records nothing, and says why
    await slack.slashCommand({ text: `run CMP-1/1 ${bps('submit-run-id-none.txt')}` });
    expect(slack.messageText(await ephemeral('Run Id: None'))).toContain('the workflow system gave the submission no run id');

    // as Slack sends it: > escaped as &gt;, a code fence, CRLF, the prompt and log lines around it
    await slack.slashCommand({ text: `run CMP-1/1 ${bps('submit-pasted-in-slack.txt').replace(/^>/gm, '&gt;')}` });
    await slack.waitFor(() => thread().find((text) => text.includes('Run recorded')));
    await slack.slashCommand({ text: 'show CMP-1/1' });
    const shown = slack.messageText(await ephemeral('Workflow CMP-1/1'));
    expect(shown).toContain('u_jdoe_pipelines_check_20211117T155008Z');
    expect(shown).not.toContain('```');

    await slack.slashCommand({ text: `status CMP-1/1 \`\`\`${bps('report-summary.txt')}\`\`\`` });
    expect(await slack.waitFor(() => thread().find((text) => text.includes('submitted → running')))).toContain('bps report: RUNNING (flag F), 42% of jobs succeeded');

    await slack.slashCommand({ text: `status CMP-1/1 ${bps('report-docs-2021.txt')}` });
    expect(slack.messageText(await ephemeral('is about run 369'))).toContain(
      'The pasted bps report is about run 369, but CMP-1/1 is run 176261; paste the report of run 176261 (bps report --id 176261)',
    );

    await slack.slashCommand({ text: `run CMP-1/1 ${bps('report-id.txt')}` });
    expect(await slack.waitFor(() => thread().find((text) => text.includes('running → failed')))).toContain('bps report: FAILED, 40% of jobs succeeded');

    await slack.slashCommand({ text: 'history w07-rc2' });
    const history = slack.messageText(await ephemeral('History of'));
    expect(history).toContain('status submitted → running: bps report: RUNNING (flag F), 42% of jobs succeeded');
    expect(history).toContain('status running → failed: bps report: FAILED, 40% of jobs succeeded');
  });
});
