import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import type { RunningApp } from '../../src/main.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { cardOf as cardOfPage, hasChromium, openConsoleInBrowser, SCREENSHOTS, type ConsoleInBrowser } from './open-console-in-browser.js';

const RUN_NAME = 'u_jdoe_step1_20251115T120000Z';
if (!hasChromium) console.warn('test/console/console-browser.test.ts: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium)('the local console in a real browser', () => {
  let browser: ConsoleInBrowser;
  let dir: string;
  let app: RunningApp;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await openConsoleInBrowser({ prefix: 'campaign-console-', config: '# no status_tools: local mode shows its example links\n' });
    ({ dir, app, page, pageErrors } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function command(text: string): Promise<void> {
    await page.fill('#composer-input', text);
    await page.press('#composer-input', 'Enter');
  }

  const modal = () => page.locator('.modal');
  const field = (blockId: string) => page.locator(`.field[data-block-id="${blockId}"]`);
  // A record's card, by the start of its header (`Campaign CMP-1`, `Workflow CMP-1/1`).
  const cardOf = (title: string) => cardOfPage(page, title);

  it('defines a campaign, starts workflows with a pasted and an uploaded list, records a run and answers why', async () => {
    expect(app.consoleUrl).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(new URL(app.consoleUrl!).port).toBe(new URL(app.url).port);
    await page.goto(`${app.url}/`);
    await page.locator('.welcome').waitFor();
    await page.locator('.connection.online').waitFor();

    // 1. Define a campaign through its form; user text with HTML and mrkdwn specials.
    await command('/campaign new w07-rc2');
    await modal().waitFor();
    expect(await page.locator('.modal-title').textContent()).toBe('New campaign');
    expect(await page.inputValue('#field-short_name')).toBe('w07-rc2');
    await page.fill('#field-description', 'Weekly RC2 <b>reprocessing</b> & <!channel> checks');
    await page.fill('#field-butler_repo', '/repo/main');
    await page.locator('.field[data-block-id="operators"] label', { hasText: '@jdoe' }).click();
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const defined = cardOf('Campaign CMP-1');
    await defined.waitFor();
    const definedText = await defined.innerText();
    expect(definedText).toContain('w07-rc2');
    // Escaped by the bot (&lt;b&gt;), shown as the characters typed, never as markup.
    expect(definedText).toContain('Weekly RC2 <b>reprocessing</b> & <!channel> checks');
    expect(await defined.locator('b').count()).toBe(0);

    // 2. Start a workflow with a pasted exclusion list but no reason: an inline error, then fixed.
    await command('/campaign start w07-rc2 step1');
    await modal().waitFor();
    expect(await page.inputValue('#field-label')).toBe('step1');
    expect(await page.inputValue('#field-butler_repo')).toBe('/repo/main');
    await page.selectOption('#field-wms', 'panda');
    await page.fill('#field-data_query', "instrument='LSSTCam' AND day_obs=20251115");
    await page.fill(
      '#field-exclude_list',
      'instrument=LSSTCam visit=2025111500226 detector=42 # vignetted\ninstrument=LSSTCam visit=2025111500227 detector=42',
    );
    await page.click('.modal-submit');
    const reasonError = field('exclude_reason').locator('.field-error');
    await reasonError.waitFor();
    expect(await reasonError.textContent()).toContain('Say why this exclusion list (2 data IDs)');
    expect(await field('exclude_reason').getAttribute('class')).toContain('has-error');
    // What was typed stays in the form, as in Slack.
    expect(await page.inputValue('#field-exclude_list')).toContain('2025111500227');
    await page.screenshot({ path: join(SCREENSHOTS, 'form-with-inline-error.png') });
    await page.fill('#field-exclude_reason', 'bad amplifier on R10_S11');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const started = cardOf('Workflow CMP-1/1');
    await started.waitFor();
    const startedText = await started.innerText();
    expect(startedText).toContain('step1');
    expect(startedText).toMatch(/Exclusion list[\s\S]*2 data IDs/);
    expect(startedText).toContain('bad amplifier on R10_S11');

    // 3. Start another workflow with an inclusion list uploaded as a file.
    const listPath = join(dir, 'good-visits.csv');
    writeFileSync(listPath, '# visits that passed QA\ninstrument,visit,detector\nLSSTCam,2025111500301,10\nLSSTCam,2025111500302,10\nLSSTCam,2025111500303,11\n');
    await command('/campaign start w07-rc2 step2');
    await modal().waitFor();
    await page.selectOption('#field-wms', 'htcondor');
    await page.setInputFiles('#field-include_file', listPath);
    await field('include_file').locator('.file-row.uploaded').waitFor();
    await page.fill('#field-include_reason', 'only visits that passed QA');
    await page.click('.modal-submit');
    // The bot checks files after the ack, then replaces the view with its result.
    await page.locator('.modal-title', { hasText: 'Recorded' }).waitFor();
    await page.locator('.modal-footer .button', { hasText: 'Close' }).click();
    await modal().waitFor({ state: 'detached' });
    const uploaded = cardOf('Workflow CMP-1/2');
    await uploaded.waitFor();
    expect(await uploaded.innerText()).toMatch(/Inclusion list[\s\S]*3 data IDs/);

    // 4. Record the run with pasted `bps submit` output: status links in the workflow's thread.
    await command(`/campaign run CMP-1/1 Submit dir: /sdf/submit/u/jdoe\nRun Id: 176261\nRun Name: ${RUN_NAME}`);
    const toggle = started.locator('.thread-toggle');
    await toggle.waitFor();
    await toggle.click();
    const reply = started.locator('.thread-replies .message', { hasText: 'Run recorded' });
    await reply.waitFor();
    const link = reply.locator('a.link', { hasText: 'PanDA tasks' });
    expect(await link.getAttribute('href')).toBe(`https://usdf-panda-bigmon.slac.stanford.edu:8443/tasks/?name=${RUN_NAME}*`);
    expect(await link.getAttribute('rel')).toContain('noopener');
    expect(await reply.innerText()).toContain('176261');

    // 5. Ask why: an answer only visible to the asker.
    await command('/campaign why visit=2025111500226 detector=42');
    const why = page.locator('.message.ephemeral', { hasText: 'Why' });
    await why.waitFor();
    const whyText = await why.innerText();
    expect(whyText).toContain('Only visible to you');
    expect(whyText).toContain('CMP-1/1');
    expect(whyText).toMatch(/excluded/i);
    expect(whyText).toContain('vignetted');
    await reply.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'channel-thread.png') });

    // 6. Export: the files the bot uploads are downloadable from the page.
    await command('/campaign export CMP-1');
    const exported = page.locator('.messages > .message', { has: page.locator('.file-card') });
    await exported.waitFor();
    const yamlCard = exported.locator('.file-card', { hasText: '.yaml' }).first();
    const [download] = await Promise.all([page.waitForEvent('download'), yamlCard.locator('a', { hasText: 'Download' }).click()]);
    const downloadPath = join(dir, 'export.yaml');
    await download.saveAs(downloadPath);
    expect(readFileSync(downloadPath, 'utf8')).toContain(RUN_NAME);

    // Another user does not see pilot's private answers.
    await page.selectOption('#user-select', 'U0JDOE');
    await page.locator('body[data-viewer="U0JDOE"]').waitFor();
    await cardOf('Workflow CMP-1/2').waitFor();
    expect(await page.locator('.message.ephemeral', { hasText: 'Why' }).count()).toBe(0);
    await page.selectOption('#user-select', 'U0PILOT');
    await why.waitFor();

    await page.screenshot({ path: join(SCREENSHOTS, 'channel-export.png') });
    expect(pageErrors).toEqual([]);

    // The records, read back from the SQLite file the app wrote.
    const db = openDatabase(join(dir, 'notebook.sqlite'));
    try {
      const notebook = createNotebook({ store: createSqliteStore(db) });
      const [campaign] = notebook.listCampaigns();
      expect(campaign).toMatchObject({ id: 'CMP-1', shortName: 'w07-rc2', description: 'Weekly RC2 <b>reprocessing</b> & <!channel> checks' });
      expect(campaign!.definedBy.id).toContain('U0PILOT');
      expect(campaign!.operators).toEqual(['slack:U0JDOE']);
      const excluded = notebook.attachedLists('CMP-1/1');
      expect(excluded).toEqual([expect.objectContaining({ kind: 'exclude', reason: 'bad amplifier on R10_S11', count: 2 })]);
      const included = notebook.attachedLists('CMP-1/2');
      expect(included).toEqual([expect.objectContaining({ kind: 'include', reason: 'only visits that passed QA', count: 3 })]);
      const shown = notebook.show('CMP-1/1');
      expect(JSON.stringify(shown)).toContain(RUN_NAME);
    } finally {
      db.close();
    }
  }, 120_000);

  it('follows a workflow through its life on its card: buttons, forms, the campaign paused and continued', async () => {
    await page.goto(`${app.url}/`);
    await page.locator('.connection.online').waitFor();
    await command('/campaign new w08-life');
    await modal().waitFor();
    await page.fill('#field-description', 'A campaign followed on its card');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const campaignCard = cardOf('Campaign CMP-2');
    await campaignCard.waitFor();
    // The card's own body, not the replies in its thread.
    const body = (card: ReturnType<typeof cardOf>) => card.locator(':scope > .message-content > .message-body');
    const cardButton = (card: ReturnType<typeof cardOf>, actionId: string) => body(card).locator(`.block-actions button[data-action-id="${actionId}"]`);
    const waiting = () => body(campaignCard).locator('strong', { hasText: 'Waiting for a decision:' });

    // Start workflow, from the card: the workflow_start form opens from the click.
    await cardButton(campaignCard, 'start').click();
    await modal().waitFor();
    expect(await page.locator('.modal-title').textContent()).toBe('Start a workflow');
    await page.fill('#field-label', 'life');
    await page.selectOption('#field-wms', 'panda');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const workflowCard = cardOf('Workflow CMP-2/1');
    await workflowCard.waitFor();
    await body(campaignCard).locator('text=1 workflow: 1 recorded').waitFor();
    expect(await campaignCard.locator(':scope > .message-content .edited').count()).toBe(1);

    // Record run: its small form.
    await cardButton(workflowCard, 'run').click();
    await modal().waitFor();
    await page.fill('#field-run_id', `Run Id: 176300\nRun Name: ${RUN_NAME}`);
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    // The card re-renders in place: the same message, now submitted, with the buttons of its next steps.
    await cardButton(workflowCard, 'status_running').waitFor();
    expect(await body(workflowCard).innerText()).toContain('176300');
    await cardButton(workflowCard, 'status_running').click();
    await cardButton(workflowCard, 'status_succeeded').waitFor();
    expect(await body(workflowCard).innerText()).toMatch(/Status\s+running/);
    await workflowCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'workflow-card-running.png') });

    // Stopped cannot be undone: Slack's confirm dialog first; cancelled, nothing happens.
    await cardButton(workflowCard, 'status_stopped').click();
    const confirm = page.locator('.confirm-dialog');
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain('This cannot be undone');
    await page.screenshot({ path: join(SCREENSHOTS, 'confirm-dialog.png') });
    await confirm.locator('.confirm-deny').click();
    await confirm.waitFor({ state: 'detached' });
    expect(await modal().count()).toBe(0);

    await cardButton(workflowCard, 'status_succeeded').click();
    // The last open workflow ended: the campaign waits for a decision, asked in its card's thread.
    await waiting().waitFor();
    await campaignCard.locator('.thread-toggle').click();
    const question = campaignCard.locator('.thread-replies .message', { hasText: 'waiting for a decision' });
    await question.waitFor();
    expect(await question.innerText()).toContain('@pilot');
    await campaignCard.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'campaign-card-paused.png') });

    await question.locator('button[data-action-id="status_running"]', { hasText: 'Continue' }).click();
    await cardButton(campaignCard, 'status_paused').waitFor();
    expect(await waiting().count()).toBe(0);
    expect(await body(campaignCard).innerText()).toMatch(/Status\s+running/);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
