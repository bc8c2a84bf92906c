import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startApp, type RunningApp } from '../../src/main.js';

// Debian's chromium package (.ci/run installs it when missing).
const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'console');
export const hasChromium = existsSync(CHROMIUM);

export interface ConsoleInBrowser {
  readonly dir: string;
  readonly app: RunningApp;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Errors the page threw. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * The app in local mode (no Slack or Mattermost credentials: exactly what `npm start` does), on a
 * temp database and config, and a headless Chromium page (not yet at the console).
 */
export async function openConsoleInBrowser(options: { readonly prefix: string; readonly config: string; readonly height?: number }): Promise<ConsoleInBrowser> {
  const dir = mkdtempSync(join(tmpdir(), options.prefix));
  const configPath = join(dir, 'campaign-notebook.yaml');
  writeFileSync(configPath, options.config);
  const app = await startApp({ PORT: '0', CAMPAIGN_DB: join(dir, 'notebook.sqlite'), CAMPAIGN_CONFIG: configPath, LOG_LEVEL: 'error' });
  const context = await chromium.launchPersistentContext(join(dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: options.height ?? 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    dir,
    app,
    context,
    page,
    pageErrors,
    async close() {
      await context.close();
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A record's card in the console's channel, by the start of its header (`Campaign CMP-1`, `Workflow CMP-1/1`). */
export function cardOf(page: Page, title: string) {
  const header = page.locator('.block-header', { hasText: new RegExp(`^${title.replace('/', '\\/')}\\b`) });
  return page.locator('.messages > .message:not(.ephemeral)', { has: header });
}
