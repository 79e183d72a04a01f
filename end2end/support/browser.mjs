// One way to get a phone-sized page in Debian's Chromium (never a downloaded browser).
import { chromium } from 'playwright-core';

export const baseURL = process.env.PORTAL_E2E_URL;
if (!baseURL) throw new Error('PORTAL_E2E_URL is not set: run the tests through end2end/run.mjs');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage',
];

export const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };
// Staff work at a desk or on a tablet in the hall.
export const DESK = { viewport: { width: 1280, height: 800 }, locale: 'zh-CN' };
export const TABLET = { viewport: { width: 820, height: 1180 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' };

export async function launch() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
}

/**
 * A fresh phone context and page; `errors` collects console errors and uncaught exceptions,
 * which every test expects to stay empty.
 */
export async function phonePage(browser, options = {}) {
  return pageIn(await browser.newContext({ ...PHONE, baseURL, ...options }));
}

/** A fresh staff context and page at `size` (DESK or TABLET); `errors` as for phonePage. */
export async function staffPage(browser, size, options = {}) {
  return pageIn(await browser.newContext({ ...size, baseURL, ...options }));
}

async function pageIn(context) {
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  return { context, page, errors };
}

/** Waits until the wasm has hydrated the page (the entry point marks <html data-hydrated>). */
export async function hydrated(page) {
  await page.waitForSelector('html[data-hydrated]', { timeout: 20_000 });
}
