// What every browser test file needs: the whole local shop and the storefront, one headless Debian
// Chromium (playwright-core; scripts/install-browser.sh), a page per user that records uncaught
// errors and console errors, screenshots, and a deadline after which everything is stopped.
import assert from 'node:assert/strict';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type LocalShop, startLocalShop } from '@shop/local-platform';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningWeb, startWeb } from '../local.ts';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const screenshots = fileURLToPath(new URL('./screenshots/', import.meta.url));
export const adminEmail = 'admin@example.com';
export const adminPassword = process.env.LOCAL_ADMIN_PASSWORD ?? 'Admin-pass-1';

export interface E2eRun {
  /** The storefront's URL. */
  url: string;
  /** Uncaught errors and console errors of every page so far (the test asserts there are none). */
  problems: string[];
  newUserPage(name: string): Promise<{ context: BrowserContext; page: Page }>;
  shot(page: Page, name: string, fullPage?: boolean): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * Starts the shop, the storefront and the browser. `name` names the shop's log
 * (screenshots/<name>.log); past `E2E_TIMEOUT_MS` (default 300 s) from here everything is stopped
 * and the process exits non-zero.
 */
export async function startE2e(name: string): Promise<E2eRun> {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: run scripts/install-browser.sh`);
  const deadlineMs = Number(process.env.E2E_TIMEOUT_MS ?? 300_000);
  mkdirSync(screenshots, { recursive: true });
  const shopLog = createWriteStream(join(screenshots, `${name}.log`));
  let shop: LocalShop | undefined;
  let web: RunningWeb | undefined;
  let browser: Browser | undefined;
  const problems: string[] = [];

  async function stop() {
    clearTimeout(watchdog);
    await browser?.close().catch(() => undefined);
    await web?.stop().catch(() => undefined);
    await shop?.stop().catch(() => undefined);
    browser = undefined;
    web = undefined;
    shop = undefined;
    shopLog.end();
  }

  const watchdog = setTimeout(() => {
    console.error(`e2e: over ${deadlineMs / 1000} s; stopping everything`);
    void stop().finally(() => process.exit(1));
  }, deadlineMs);
  watchdog.unref();

  try {
    shop = await startLocalShop({ port: await freePort(), log: (line) => shopLog.write(`${line}\n`) });
    web = await startWeb({ apiBaseUrl: shop.baseUrl, log: (line) => shopLog.write(`${line}\n`) });
    // Playwright gives every launch a fresh, empty --user-data-dir of its own.
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await stop();
    throw error;
  }
  const running = browser;

  return {
    url: web.url,
    problems,
    async newUserPage(user) {
      const context = await running.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => problems.push(`${user}: uncaught ${error.message}`));
      page.on('console', (message) => {
        // Chrome logs every 4xx answer; those the test provokes (a 404 for the order right after
        // checkout, a refused form) are checked on the page itself. A CSP violation, a 5xx or a crash
        // is a failure.
        if (
          message.type() === 'error' &&
          !/Failed to load resource: .*status of 4\d\d/.test(message.text())
        ) {
          problems.push(`${user}: console error ${message.text()}`);
        }
      });
      return { context, page };
    },
    shot: (page, shotName, fullPage = true) =>
      page.screenshot({ path: join(screenshots, `${shotName}.png`), fullPage }),
    stop,
  };
}

/** Signs in on the sign-in page (`next`: where to land after it). */
export async function signIn(page: Page, url: string, email: string, password: string, next?: string) {
  await page.goto(`${url}/signin${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}
