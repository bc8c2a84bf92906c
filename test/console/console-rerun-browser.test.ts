import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../src/main.js';
import { cardOf, hasChromium, openConsoleInBrowser, SCREENSHOTS, type ConsoleInBrowser } from './open-console-in-browser.js';

if (!hasChromium) console.warn('test/console/console-rerun-browser.test.ts: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium)('rerun, clone and diff in the local console, in a real browser', () => {
  let browser: ConsoleInBrowser;
  let app: RunningApp;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await openConsoleInBrowser({ prefix: 'campaign-console-rerun-', config: '# local mode\n', height: 1400 });
    ({ app, page, pageErrors } = browser);
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

  it('shows clone and rerun on the welcome, opens both forms prefilled, asks for the changes, and diffs the two workflows', async () => {
    await page.goto(`${app.url}/`);
    const welcome = page.locator('.welcome');
    await welcome.waitFor();
    expect(await welcome.innerText()).toContain('/campaign rerun CMP-1/1 step1-again');
    expect(await welcome.innerText()).toContain('/campaign clone w07-rc2 w09-rc2');
    await page.locator('.connection.online').waitFor();

    await command('/campaign new w07-rc2');
    await modal().waitFor();
    await page.fill('#field-description', 'RC2 weekly reprocessing');
    await page.fill('#field-stack_version', 'w_2025_47');
    await page.locator('.field[data-block-id="operators"] label', { hasText: '@jdoe' }).click();
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    await cardOf(page, 'Campaign CMP-1').waitFor();

    await command('/campaign start w07-rc2 step1');
    await modal().waitFor();
    await page.selectOption('#field-wms', 'panda');
    await page.fill('#field-config_overrides', 'isr:doDark=False');
    await page.fill('#field-exclude_list', 'instrument=LSSTCam visit=2025111500226 detector=42\ninstrument=LSSTCam visit=2025111500226 detector=43');
    await page.fill('#field-exclude_reason', 'vignetted');
    await page.fill('#field-exclude_provenance', 'bin/find_bad_ccds.py in lsst-dm/ccd-triage@3f2a9c1d');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    await cardOf(page, 'Workflow CMP-1/1').waitFor();

    // The rerun form, prefilled; submitted without changes: an inline error (the client's own, as in Slack, for a required field).
    await command('/campaign rerun CMP-1/1 step1-again');
    await modal().waitFor();
    expect(await page.locator('.modal-title').textContent()).toBe('Rerun a workflow');
    expect(await page.inputValue('#field-label')).toBe('step1-again');
    expect(await page.inputValue('#field-config_overrides')).toBe('isr:doDark=False');
    expect(await page.inputValue('#field-exclude_list')).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(await page.inputValue('#field-exclude_provenance')).toContain('lsst-dm/ccd-triage@3f2a9c1d');
    await page.click('.modal-submit');
    const changesError = field('changes').locator('.field-error');
    await changesError.waitFor();
    expect(await changesError.textContent()).toContain('required');
    await page.screenshot({ path: join(SCREENSHOTS, 'rerun-form.png'), fullPage: true });
    await page.fill('#field-changes', 'one more vignetted CCD');
    await page.fill('#field-exclude_list', 'instrument=LSSTCam visit=2025111500226 detector=42\ninstrument=LSSTCam visit=2025111500226 detector=43\ninstrument=LSSTCam visit=2025111500226 detector=44');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const rerun = cardOf(page, 'Workflow CMP-1/2');
    await rerun.waitFor();
    expect(await rerun.innerText()).toContain('Rerun of CMP-1/1: one more vignetted CCD');
    // the provenance's git reference is a link to its commit
    expect(await cardOf(page, 'Workflow CMP-1/1').locator('a[href="https://github.com/lsst-dm/ccd-triage/commit/3f2a9c1d"]').count()).toBe(1);

    await command('/campaign diff CMP-1/1 CMP-1/2');
    const diff = page.locator('.message.ephemeral', { hasText: 'CMP-1/1 and CMP-1/2' });
    await diff.waitFor();
    expect(await diff.innerText()).toContain('added detector=44 instrument=LSSTCam visit=2025111500226');
    await page.screenshot({ path: join(SCREENSHOTS, 'diff-answer.png') });

    await command('/campaign clone w07-rc2 w09-rc2');
    await modal().waitFor();
    expect(await page.locator('.modal-title').textContent()).toBe('Clone a campaign');
    expect(await page.inputValue('#field-short_name')).toBe('w09-rc2');
    expect(await page.inputValue('#field-description')).toBe('RC2 weekly reprocessing');
    expect(await page.inputValue('#field-stack_version')).toBe('w_2025_47');
    expect(await field('operators').locator('input[type="checkbox"]:checked').count()).toBe(1);
    await page.screenshot({ path: join(SCREENSHOTS, 'clone-form.png'), fullPage: true });
    await page.fill('#field-changes', 'the next weekly');
    await page.fill('#field-stack_version', 'w_2025_49');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    expect(await cardOf(page, 'Campaign CMP-2').innerText()).toContain('Clone of CMP-1: the next weekly');
    expect(pageErrors).toEqual([]);
  });
});
