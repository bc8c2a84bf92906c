import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './start-test-app.js';

const STATUS_TOOLS = {
  status_tools: {
    panda: [{ label: 'PanDA tasks', url: 'https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name={run_name}*' }],
    any: [{ label: 'Status', command: 'bps report --id {run_id}' }],
  },
};

describe('Slack: a campaign from definition to export', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(STATUS_TOOLS);
  });
  afterEach(async () => {
    await t.close();
  });

  it('records a campaign and a workflow start with an exclusion list, a run, a status change, why and export', async () => {
    const { slack } = t;
    const newResponse = await slack.slashCommand({ text: 'new w07-rc2' });
    expect(newResponse.status).toBe(200);
    const campaignForm = await slack.waitFor(() => slack.lastOpenView());
    expect(campaignForm.view.callback_id).toBe('campaign_new');

    const submitted = await slack.submitView(campaignForm.id, {
      description: 'Weekly RC2 reprocessing <!channel> & friends',
      butler_repo: '/repo/main',
      input_collections: 'LSSTCam/defaults',
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json?.response_action).toBeUndefined();
    const defined = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1')));
    const definedText = slack.messageText(defined);
    expect(definedText).toContain('w07-rc2');
    expect(definedText).toContain('&lt;!channel&gt; &amp; friends');
    expect(definedText).not.toContain('<!channel>');

    await slack.slashCommand({ text: 'start w07-rc2 step1' });
    const startForm = await slack.waitFor(() => slack.lastOpenView());
    expect(startForm.view.callback_id).toBe('workflow_start');
    const started = await slack.submitView(startForm.id, {
      wms: 'panda',
      data_query: "instrument='LSSTCam' AND day_obs=20251115",
      exclude_list: 'instrument=LSSTCam visit=2025111500226 detector=42 # vignetted\ninstrument=LSSTCam visit=2025111500227 detector=42',
      exclude_reason: 'bad amplifier on R10_S11',
    });
    expect(started.status).toBe(200);
    expect(started.json?.response_action).toBeUndefined();
    const startMessage = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.text.includes('CMP-1/1')));
    const startText = slack.messageText(startMessage);
    expect(startText).toContain('step1');
    expect(startText).toContain('panda');
    expect(startText).toMatch(/Exclusion list.*2 data IDs/);
    expect(startText).toContain('bad amplifier on R10_S11');
    expect(startText).toMatch(/sha256:[0-9a-f]{12}/);

    await slack.slashCommand({
      text: 'run CMP-1/1 Submit dir: /sdf/submit/u/jdoe\nRun Id: 176261\nRun Name: u_jdoe_step1_20251115T120000Z',
    });
    const runReply = await slack.waitFor(() => slack.threadReplies('C0GENERAL', startMessage.ts).find((m) => m.text.includes('Run recorded')));
    const runText = slack.messageText(runReply);
    expect(runText).toContain('176261');
    expect(runText).toContain('https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name=u_jdoe_step1_20251115T120000Z*');
    expect(runText).toContain('bps report --id 176261');

    await slack.slashCommand({ text: 'status CMP-1/1 running jobs are flowing' });
    const statusReply = await slack.waitFor(() => slack.threadReplies('C0GENERAL', startMessage.ts).find((m) => m.text.includes('running')));
    expect(slack.messageText(statusReply)).toContain('jobs are flowing');

    await slack.slashCommand({ text: 'why visit=2025111500226 detector=42' });
    const why = await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('Why')));
    const whyText = slack.messageText(why);
    expect(whyText).toContain('Excluded');
    expect(whyText).toContain('CMP-1/1');
    expect(whyText).toContain('vignetted');

    await slack.slashCommand({ text: 'show CMP-1/1' });
    const shown = await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('Workflow CMP-1/1')));
    expect(slack.messageText(shown)).toContain('running');

    // A read answer that is ready at once rides on the acknowledgement itself.
    const listed = await slack.slashCommand({ text: 'list' });
    expect(listed.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('Campaigns (1)') });

    await slack.slashCommand({ text: 'lists' });
    await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('Stored lists')));

    await slack.slashCommand({ text: 'history w07-rc2' });
    const history = await slack.waitFor(() => slack.state.ephemerals.find((e) => e.text.includes('History of')));
    expect(slack.messageText(history)).toMatch(/status submitted → running/);

    await slack.slashCommand({ text: 'export CMP-1' });
    const exportMessage = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((m) => m.fileIds.length > 0));
    const files = exportMessage.fileIds.map((id) => slack.state.files.get(id)!);
    expect(files.some((file) => file.name.endsWith('.yaml'))).toBe(true);
    expect(files.some((file) => file.name.endsWith('.json'))).toBe(true);
    expect(files.find((file) => file.name.endsWith('.where.txt'))?.bytes.toString('utf8')).toMatch(/visit IN|visit =/);
    const yaml = files.find((file) => file.name.endsWith('.yaml'))!.bytes.toString('utf8');
    expect(yaml).toContain('w07-rc2');
    expect(yaml).toContain('176261');
  });
});
