import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningApp } from '../../src/main.js';
import { createNotebook } from '../../src/campaign/create-notebook.js';
import { createSqliteStore } from '../../src/store/create-sqlite-store.js';
import { openDatabase } from '../../src/store/open-database.js';
import { cardOf, hasChromium, openConsoleInBrowser, SCREENSHOTS, type ConsoleInBrowser } from './open-console-in-browser.js';

if (!hasChromium) console.warn('test/console/console-speaks-up-browser.test.ts: SKIPPED, no Chromium at /usr/bin/chromium (apt-get install chromium)');

describe.skipIf(!hasChromium)('the local console: reminders, digest, App Home and "Add to campaign notebook"', () => {
  let browser: ConsoleInBrowser;
  let dir: string;
  let app: RunningApp;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    // Durations from 1 s up: what a person trying the console would write. The digest's time has passed today.
    browser = await openConsoleInBrowser({ prefix: 'campaign-console-reminders-', config: 'reminders:\n  paused: 3s\n  digest: "00:00"\n' });
    ({ dir, app, page, pageErrors } = browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function type(text: string): Promise<void> {
    await page.fill('#composer-input', text);
    await page.press('#composer-input', 'Enter');
  }

  async function asUser(userId: string): Promise<void> {
    await page.selectOption('#user-select', userId);
    await page.locator(`body[data-viewer="${userId}"]`).waitFor();
  }

  const modal = () => page.locator('.modal');
  const campaignCard = () => cardOf(page, 'Campaign CMP-1');

  it('posts reminders and the digest into the channel, files a message into the notebook from its ⋯ menu, and shows the Home tab', async () => {
    const card = campaignCard();
    await page.goto(`${app.url}/`);
    await page.locator('.connection.online').waitFor();

    await type('/campaign new w07-rc2');
    await modal().waitFor();
    await page.fill('#field-description', 'Weekly RC2 reprocessing');
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    await card.waitFor();
    await type('/campaign status CMP-1 running');
    await type('/campaign status CMP-1 paused');

    // The daily digest (its time has passed) and, 3 s after the pause, a reminder in the card's thread.
    const digest = page.locator('.messages > .message:not(.ephemeral)', { hasText: 'Campaign digest' });
    await digest.waitFor({ timeout: 15_000 });
    // Posted at the first look after the campaign was defined: before or after the pause.
    expect(await digest.innerText()).toMatch(/Campaign digest: 1 open campaign in this channel[\s\S]*By status: running \d · paused \d · defined \d[\s\S]*CMP-1 w07-rc2/);
    await card.locator('.thread-toggle').click();
    const reminder = card.locator('.thread-replies .message', { hasText: 'Waiting for a decision' }).first();
    await reminder.waitFor({ timeout: 15_000 });
    expect(await reminder.innerText()).toContain('Continue, complete or fail it?');
    await reminder.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SCREENSHOTS, 'reminder-and-digest.png') });

    // jdoe says something in the channel; pilot files it into the notebook from the message's ⋯ menu.
    await asUser('U0JDOE');
    await type('PanDA queue drained at 14:00 UTC, jobs restart tonight');
    const said = page.locator('.messages > .message', { hasText: 'PanDA queue drained' });
    await said.waitFor();
    await asUser('U0PILOT');
    await said.hover();
    await said.locator('.message-menu-toggle').click();
    await said.locator('.menu-item', { hasText: 'Add to campaign notebook' }).click();
    await modal().waitFor();
    expect(await page.locator('.modal-title').textContent()).toBe('Add to notebook');
    expect(await page.inputValue('#field-text')).toBe('PanDA queue drained at 14:00 UTC, jobs restart tonight');
    await page.selectOption('#field-record', 'CMP-1');
    await page.screenshot({ path: join(SCREENSHOTS, 'add-to-notebook-form.png') });
    await page.click('.modal-submit');
    await modal().waitFor({ state: 'detached' });
    const note = card.locator('.thread-replies .message', { hasText: 'Note on CMP-1' });
    await note.waitFor();
    const noteText = await note.innerText();
    expect(noteText).toContain('PanDA queue drained at 14:00 UTC, jobs restart tonight');
    expect(noteText).toMatch(/from a message by slack:U0JDOE: http:\/\/\S+\/archives\/C0GENERAL\/p\d+/);

    // The Home tab: the bot publishes it when pilot opens it.
    await page.locator('.nav-item', { hasText: 'campaign-notebook · Home' }).click();
    const home = page.locator('.home');
    await home.locator('.block-header', { hasText: 'Your campaign notebook' }).waitFor();
    const homeText = await home.innerText();
    expect(homeText).toMatch(/Decisions waiting for you \(1\)\s*CMP-1 w07-rc2 · paused since/);
    expect(homeText).toMatch(/Your campaigns \(1\)\s*CMP-1 w07-rc2 · paused/);
    expect(homeText).toMatch(/Your latest notebook entries \(4\)[\s\S]*note: PanDA queue drained/);
    await page.screenshot({ path: join(SCREENSHOTS, 'app-home.png') });

    // Another person's home is their own.
    await asUser('U0OPS');
    await home.locator('.block-header', { hasText: 'Your campaign notebook' }).waitFor();
    await page.locator('.home', { hasText: 'Your campaigns (0)' }).waitFor();
    expect(pageErrors).toEqual([]);

    const db = openDatabase(join(dir, 'notebook.sqlite'));
    try {
      const events = createNotebook({ store: createSqliteStore(db) }).history('CMP-1');
      expect(events.find((event) => event.kind === 'note_added')?.payload.source).toMatchObject({ author: 'slack:U0JDOE' });
      expect(events.filter((event) => event.kind === 'reminder_sent').length).toBeGreaterThanOrEqual(1);
    } finally {
      db.close();
    }
  }, 120_000);
});
