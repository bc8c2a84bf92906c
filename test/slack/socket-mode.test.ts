import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSocketMode } from '../fakes/fake-socket-mode.js';
import { openNotebook, startTestApp, type TestApp } from './start-test-app.js';

/**
 * The bot started through its real entry point with SLACK_APP_TOKEN: it asks the fake Web API for
 * a connection (apps.connections.open), connects to the ws:// URL it gets, and answers every
 * request Slack sends over it by an ack carrying the envelope's id. No HTTP endpoint is involved.
 */
describe('Slack Socket Mode', () => {
  let t: TestApp;
  let socket: FakeSocketMode;
  beforeEach(async () => {
    t = await startTestApp({}, {}, { socketMode: true });
    socket = t.slack.socketMode!;
    await socket.waitForConnections(1);
  });
  afterEach(async () => {
    await t.close();
  });

  it('runs a slash command, a form and a follow-up through envelopes, each acked by its envelope id', async () => {
    const { slack } = t;
    expect((await slack.slashCommand({ text: 'new w07-rc2' })).status).toBe(200);
    const form = await slack.waitFor(() => slack.lastOpenView());
    expect(form.view.callback_id).toBe('campaign_new');

    // A required field left empty: the inline error comes back in the ack's payload.
    const refused = await slack.submitView(form.id, { description: '' });
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { description: expect.any(String) } });
    const submitted = await slack.submitView(form.id, { description: 'RC2 weekly reprocessing' });
    expect(submitted.status).toBe(200);
    expect(submitted.json?.response_action).toBeUndefined();
    const posted = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1')));
    expect(slack.messageText(posted)).toContain('w07-rc2');

    await slack.slashCommand({ text: 'start w07-rc2 step1' });
    const start = await slack.waitFor(() => slack.lastOpenView());
    await slack.submitView(start.id, { wms: 'panda', exclude_list: 'instrument=LSSTCam visit=2025111500226 detector=42', exclude_reason: 'vignetted' });
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1/1')));

    const shown = await slack.slashCommand({ text: 'show CMP-1/1' });
    expect(shown.json).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(shown.json)).toContain('vignetted');

    expect(socket.envelopes.map((envelope) => envelope.type)).toEqual([
      'slash_commands',
      'interactive',
      'interactive',
      'slash_commands',
      'interactive',
      'slash_commands',
    ]);
    expect(socket.envelopes.every((envelope) => envelope.ack !== undefined)).toBe(true);
    expect(socket.connections).toBe(1);
    // Socket Mode serves no Slack endpoint over HTTP.
    expect((await fetch(`${t.app.url}/slack/events`, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('reconnects after the connection drops, while Slack fails to open a new one, and a submission delivered again is recorded once', async () => {
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    const form = await slack.waitFor(() => slack.lastOpenView());
    // The connection drops as the ack of the submission travels: Slack never got it. And Slack
    // answers the next two requests for a new connection with HTTP 500.
    socket.loseNextAck();
    socket.failConnectionOpens(2);
    const lost = await slack.submitView(form.id, { description: 'RC2 weekly reprocessing' });
    expect(lost.status).toBe(502);
    const submission = socket.envelopes.at(-1)!;
    expect(submission.ack).toBeUndefined();

    await socket.waitForConnections(2);
    // Slack delivers the envelope it has no ack for again, on the new connection.
    const again = await socket.redeliver(submission.envelopeId);
    expect(again.status).toBe(200);
    expect(again.json?.response_action).toBeUndefined();

    // Recorded and announced once.
    const records = openNotebook(t.databasePath);
    try {
      expect(records.notebook.listCampaigns({}).map((campaign) => campaign.id)).toEqual(['CMP-1']);
    } finally {
      records.close();
    }
    await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.includes('CMP-1')));
    expect(slack.channelMessages('C0GENERAL').filter((message) => message.text.includes('CMP-1'))).toHaveLength(1);

    // And the new connection carries new requests.
    const listed = await slack.slashCommand({ text: 'list' });
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.json)).toContain('w07-rc2');
    expect(socket.envelopes.at(-1)!.connection).toBe(2);
  }, 20_000);

  it('takes a click on a card through an envelope: acked by its id, then the status recorded and the card redrawn', async () => {
    const { slack } = t;
    await slack.slashCommand({ text: 'new w07-rc2' });
    await slack.submitView((await slack.waitFor(() => slack.lastOpenView())).id, { description: 'RC2 weekly reprocessing' });
    const card = await slack.waitFor(() => slack.channelMessages('C0GENERAL').find((message) => message.text.startsWith('Campaign CMP-1')));
    const actions = (card.blocks as { type: string; elements?: { action_id: string }[] }[]).find((block) => block.type === 'actions')!;
    const running = actions.elements!.find((element) => element.action_id === 'status_running')!;
    const clicked = await slack.clickButton({ userId: 'U0PILOT', action: running, blockId: 'record_actions', channelId: 'C0GENERAL', messageTs: card.ts });
    expect(clicked.status).toBe(200);
    expect(socket.envelopes.at(-1)).toMatchObject({ type: 'interactive', ack: expect.anything() });
    await slack.waitFor(() => slack.messageText(card).includes('*running*'));
    const { notebook, close } = openNotebook(t.databasePath);
    try {
      expect(notebook.findCampaign('CMP-1').status).toBe('running');
    } finally {
      close();
    }
  });
});
