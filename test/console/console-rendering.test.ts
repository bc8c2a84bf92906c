import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalConsole, type LocalConsole } from '../../src/console/create-local-console.js';
import { startHttpServer, type HttpServer } from '../../src/http-server.js';

const CHROMIUM = '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`test/console/console-rendering.test.ts: SKIPPED, no Chromium at ${CHROMIUM} (apt-get install chromium)`);

// The console page alone (no bot): messages are posted as the bot would, through the stand-in's Web API.
describe.skipIf(!hasChromium)('the console page renders Block Kit', () => {
  let dir: string;
  let server: HttpServer;
  let local: LocalConsole;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  async function botCall(method: string, params: Record<string, unknown>): Promise<Record<string, unknown>> {
    const response = await fetch(`${server.url}/api/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', Authorization: `Bearer ${local.slack.botToken}` },
      body: JSON.stringify(params),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'campaign-console-render-'));
    server = await startHttpServer({ port: 0 });
    local = createLocalConsole({ baseUrl: server.url });
    for (const route of local.routes) server.addRoute(route);
    context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => pageErrors.push(`dialog opened: ${dialog.message()}`));
  });

  afterAll(async () => {
    await context?.close();
    local?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows mrkdwn as formatting and user text as text, never as HTML', async () => {
    await page.goto(`${server.url}/`);
    await page.locator('.connection.online').waitFor();
    const posted = await botCall('chat.postMessage', {
      channel: 'C0GENERAL',
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Header with <b>tags</b>' } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              '*bold* _italic_ ~struck~ `a &lt;code&gt;` <https://example.org/a?b=1&amp;c=2|a link> <@U0JDOE> ' +
              '&lt;img src=x onerror=alert(1)&gt; &amp; <javascript:alert(1)|bad link> :warning: 2*3*4\n' +
              '```line &lt;one&gt;\n*not bold*```',
          },
        },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Run id*\n176261' }, { type: 'mrkdwn', text: '*WMS*\npanda' }] },
        { type: 'divider' },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'context &amp; more' }] },
        {
          type: 'actions',
          elements: [
            { type: 'button', text: { type: 'plain_text', text: 'Open monitor' }, url: 'https://example.org/monitor' },
            { type: 'button', text: { type: 'plain_text', text: 'Acknowledge' }, action_id: 'ack', style: 'primary' },
          ],
        },
      ],
    });
    expect(posted.ok).toBe(true);
    await botCall('chat.postMessage', { channel: 'C0GENERAL', thread_ts: posted.ts, text: 'a reply in the thread' });

    const message = page.locator('.messages > .message', { hasText: 'Header with' });
    await message.waitFor();
    expect(await message.locator('.block-header').textContent()).toBe('Header with <b>tags</b>');
    const section = message.locator('.block-section').first();
    expect(await section.locator('strong').first().textContent()).toBe('bold');
    expect(await section.locator('em').textContent()).toBe('italic');
    expect(await section.locator('s').textContent()).toBe('struck');
    expect(await section.locator('code.inline-code').textContent()).toBe('a <code>');
    const link = section.locator('a', { hasText: 'a link' });
    expect(await link.getAttribute('href')).toBe('https://example.org/a?b=1&c=2');
    expect(await section.locator('.mention').textContent()).toBe('@jdoe');
    const text = await section.innerText();
    expect(text).toContain('<img src=x onerror=alert(1)> &');
    expect(text).toContain('⚠');
    expect(text).toContain('2*3*4');
    expect(await section.locator('img').count()).toBe(0);
    expect(await section.locator('a', { hasText: 'bad link' }).count()).toBe(0);
    expect(await section.locator('pre.code-block').textContent()).toBe('line <one>\n*not bold*');
    expect(await section.locator('pre strong').count()).toBe(0);
    expect(await message.locator('.section-field').allInnerTexts()).toEqual(['Run id\n176261', 'WMS\npanda']);
    expect(await message.locator('hr.block-divider').count()).toBe(1);
    expect(await message.locator('.block-context').textContent()).toBe('context & more');
    expect(await message.locator('.block-actions a', { hasText: 'Open monitor' }).getAttribute('href')).toBe('https://example.org/monitor');
    expect(await message.locator('.block-actions button', { hasText: 'Acknowledge' }).getAttribute('class')).toContain('primary');

    // Replies stay folded under their parent until opened.
    const toggle = message.locator('.thread-toggle');
    expect(await toggle.textContent()).toContain('1 reply');
    expect(await message.locator('.thread-replies').count()).toBe(0);
    await toggle.click();
    await message.locator('.thread-replies', { hasText: 'a reply in the thread' }).waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('says so, as Slack does, when the app does not answer a command', async () => {
    const failed = await local.standIn.slashCommand({ text: 'help', userId: 'U0PILOT', channelId: 'C0GENERAL' });
    expect(failed.status).toBe(404);
    await page.locator('.message.ephemeral', { hasText: '/campaign failed with the error "dispatch_failed"' }).waitFor();
    expect(await page.locator('.message.ephemeral .author').last().textContent()).toBe('Slackbot');
  });

  it('renders the views an app opens, sends what was filled in, shows inline errors and later updates', async () => {
    // A tiny app on /slack/events: opens a form on any command, refuses the first submission, then updates.
    const submissions: Record<string, Record<string, Record<string, unknown>>>[] = [];
    const form = {
      type: 'modal',
      callback_id: 'try',
      title: { type: 'plain_text', text: 'Try a form' },
      submit: { type: 'plain_text', text: 'Send' },
      close: { type: 'plain_text', text: 'Cancel' },
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: 'Fill *everything*.' } },
        { type: 'input', block_id: 'title', label: { type: 'plain_text', text: 'Title' }, element: { type: 'plain_text_input', action_id: 'title', initial_value: 'w07' } },
        { type: 'input', block_id: 'notes', optional: true, label: { type: 'plain_text', text: 'Notes' }, element: { type: 'plain_text_input', action_id: 'notes', multiline: true } },
        {
          type: 'input',
          block_id: 'wms',
          label: { type: 'plain_text', text: 'WMS' },
          element: { type: 'static_select', action_id: 'wms', options: ['panda', 'htcondor'].map((value) => ({ text: { type: 'plain_text', text: value }, value })) },
        },
        { type: 'input', block_id: 'owner', label: { type: 'plain_text', text: 'Owner' }, element: { type: 'users_select', action_id: 'owner' } },
        { type: 'input', block_id: 'team', optional: true, label: { type: 'plain_text', text: 'Team' }, element: { type: 'multi_users_select', action_id: 'team' } },
        { type: 'input', block_id: 'list', optional: true, label: { type: 'plain_text', text: 'List' }, element: { type: 'file_input', action_id: 'list', max_files: 1 } },
      ],
    };
    server.addRoute({
      method: 'POST',
      path: '/slack/events',
      async handle(req, res) {
        const chunks: Buffer[] = [];
        for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
        const body = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
        const payload = body.get('payload');
        if (!payload) {
          res.writeHead(200).end();
          await botCall('views.open', { trigger_id: body.get('trigger_id'), view: form });
          return;
        }
        const submission = JSON.parse(payload) as { view: { id: string; state: { values: Record<string, Record<string, Record<string, unknown>>> } } };
        submissions.push(submission.view.state.values);
        const answer =
          submissions.length === 1
            ? { response_action: 'errors', errors: { title: 'Too short: at least 5 characters.' } }
            : { response_action: 'update', view: { type: 'modal', title: { type: 'plain_text', text: 'Checking' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Checking…' } }] } };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer));
        if (submissions.length === 2) {
          const done = { type: 'modal', title: { type: 'plain_text', text: 'Done' }, close: { type: 'plain_text', text: 'Close' }, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'All *done*.' } }] };
          setTimeout(() => void botCall('views.update', { view_id: submission.view.id, view: done }), 50);
        }
      },
    });
    await page.fill('#composer-input', '/campaign try');
    await page.press('#composer-input', 'Enter');
    await page.locator('.modal-title', { hasText: 'Try a form' }).waitFor();
    expect(await page.inputValue('#field-title')).toBe('w07');
    expect(await page.locator('.modal-body strong').textContent()).toBe('everything');

    // Required fields left empty are refused by the page itself, as Slack does, without a request.
    await page.click('.modal-submit');
    await page.locator('.field[data-block-id="wms"] .field-error', { hasText: 'required' }).waitFor();
    expect(submissions).toEqual([]);

    await page.selectOption('#field-wms', 'htcondor');
    await page.selectOption('#field-owner', 'U0OPS');
    await page.locator('.field[data-block-id="team"] label', { hasText: '@jdoe' }).click();
    await page.fill('#field-notes', 'two\nlines');
    await page.setInputFiles('#field-list', { name: 'visits.txt', mimeType: 'text/plain', buffer: Buffer.from('visit=1\n') });
    await page.locator('.field[data-block-id="list"] .file-row.uploaded').waitFor();
    await page.click('.modal-submit');
    await page.locator('.field[data-block-id="title"] .field-error', { hasText: 'Too short' }).waitFor();
    expect(await page.inputValue('#field-notes')).toBe('two\nlines');
    const [first] = submissions;
    expect(first).toMatchObject({
      title: { title: { type: 'plain_text_input', value: 'w07' } },
      notes: { notes: { type: 'plain_text_input', value: 'two\nlines' } },
      wms: { wms: { type: 'static_select', selected_option: { value: 'htcondor' } } },
      owner: { owner: { type: 'users_select', selected_user: 'U0OPS' } },
      team: { team: { type: 'multi_users_select', selected_users: ['U0JDOE'] } },
    });
    const files = first!.list!.list!.files as { name: string; url_private_download: string }[];
    expect(files.map((file) => file.name)).toEqual(['visits.txt']);
    // The file is served to the bearer of the bot token, and to nobody else, as Slack does.
    const withToken = await fetch(files[0]!.url_private_download, { headers: { Authorization: `Bearer ${local.slack.botToken}` } });
    expect(await withToken.text()).toBe('visit=1\n');
    expect(await (await fetch(files[0]!.url_private_download)).text()).toContain('Sign in to Slack');

    await page.fill('#field-title', 'w07-rc2');
    await page.click('.modal-submit');
    await page.locator('.modal-title', { hasText: 'Done' }).waitFor();
    expect(submissions[1]!.title!.title!.value).toBe('w07-rc2');
    expect(await page.locator('.modal-submit').count()).toBe(0);
    await page.click('.modal-footer .button');
    await page.locator('.modal').waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });
});
