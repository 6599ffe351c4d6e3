/// <reference lib="dom" />
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../../src/server/org/demo-data';
import { startTestApp, type TestApp } from './app';
import { TEST_WEB_ROOT } from './global-setup';

/** Debian's chromium (apt-get install chromium fonts-noto-cjk); CHROMIUM_PATH overrides. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(CHROMIUM);
/** CI sets REQUIRE_BROWSER=1 so that a missing browser fails instead of skipping. */
export const browserRequired = process.env.REQUIRE_BROWSER === '1';
/**
 * The time a browser test may take: one walks a document through eight people's browsers (≈ 30 s alone),
 * which on two cores shared with another test worker can take twice that.
 */
export const BROWSER_TEST = { timeout: 150_000 };
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

export interface BrowserRig {
  t: TestApp;
  base: string;
  browser: Browser;
  close(): Promise<void>;
}

/** The real server (PGlite, seeded demo; `env` for its configuration) listening on a free port, and a headless chromium. */
export async function startRig(env: Record<string, string> = {}): Promise<BrowserRig> {
  if (!haveChromium) throw new Error(`chromium not found at ${CHROMIUM}: apt-get install -y chromium fonts-noto-cjk`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const t = await startTestApp('pglite', env, TEST_WEB_ROOT);
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  return {
    t,
    base,
    browser,
    async close() {
      await browser.close();
      await t.close();
    },
  };
}

export interface OpenPage {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

/** A fresh browser profile at the given width, collecting page errors so a test can assert there were none. */
export async function openPage(rig: BrowserRig, width = 1280, height = 800): Promise<OpenPage> {
  // Reduced motion, as a user can ask their system for: dialogs open without the zoom that can carry a
  // button away between the moment a click is aimed and the moment it lands (a lost click on a busy machine).
  const context = await rig.browser.newContext({
    viewport: { width, height },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    baseURL: rig.base,
    reducedMotion: 'reduce',
  });
  // The page's today is the server's: the test server runs on a clock the tests set, and pages that judge dates
  // themselves (a delegation not yet begun, a deadline near) must see the same day, in Beijing time as users
  // do. Time still flows from there (Playwright's clock, which also stands in for the page's timers).
  await context.clock.setSystemTime(rig.t.clock.now());
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Fills and submits the sign-in form, without waiting for the outcome. */
export async function trySignIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.fill('#username', username);
  await page.fill('#password', password);
  await page.click('button[type=submit]');
}

/** Signs in and waits until the app has left the sign-in page. */
export async function signInAs(page: Page, username: string, password = DEMO_PASSWORD) {
  await trySignIn(page, username, password);
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Until nothing on the page is moving (antd fades and slides dropdowns, lists, dialogs, messages); spinners turn for ever. */
export const settled = (page: Page) =>
  page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );

/** Picks an option of an antd Select by typing part of its text. */
export async function choose(page: Page, select: Locator, typed: string, option: string) {
  await select.click();
  // Typing before the options have come would leave the text in a select that takes free text.
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().waitFor();
  await page.keyboard.type(typed);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: option }).first();
  await item.waitFor();
  // A click on a dropdown still sliding into place can miss it (and a busy machine makes that likely).
  await settled(page);
  await item.click();
  // A multiple select stays open over what is below it. Escape closes it; Tab would toggle the
  // highlighted option off again.
  await page.keyboard.press('Escape');
}

/** True when the page scrolls sideways, which on a phone hides actions off screen. */
export const hasHorizontalScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);

if (!haveChromium && !browserRequired) {
  console.warn(`[browser tests skipped] no chromium at ${CHROMIUM}; install it with: apt-get install -y chromium fonts-noto-cjk`);
}
