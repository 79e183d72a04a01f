// The app shell on a phone: server-rendered without JavaScript, hydrated with it, the three
// sections, the 404 page, legibility at 320 px and no layout shift.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, hydrated } from '../support/browser.mjs';

const SECTIONS = [
  { name: '办理失业登记', path: '/register' },
  { name: '附近服务机构', path: '/institutions' },
  { name: '我的就业服务', path: '/services' },
];

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the home page is complete from the server with JavaScript off', async () => {
  const { context, page, errors } = await phonePage(browser, { javaScriptEnabled: false });
  const res = await page.goto('/');
  assert.equal(res.status(), 200);
  assert.equal(await page.title(), '湖南省失业登记服务');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.getAttribute('meta[name="viewport"]', 'content'), /width=device-width/);
  assert.match(await page.getAttribute('meta[name="format-detection"]', 'content'), /telephone=no/);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '湖南省失业登记服务');
  const nav = page.getByRole('navigation', { name: '主要栏目' });
  for (const s of SECTIONS) {
    assert.equal(await nav.getByRole('link', { name: s.name }).getAttribute('href'), s.path);
  }
  // The stylesheet applied: the bottom navigation is fixed to the bottom of the screen.
  assert.equal(await nav.evaluate((el) => getComputedStyle(el).position), 'fixed');
  assert.deepEqual(errors, []);
  await context.close();
});

test('with JavaScript on the page hydrates: 关怀模式 switches in place, without a reload', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto('/');
  await hydrated(page);
  await page.evaluate(() => { window.__sameDocument = true; });
  const toggle = page.getByRole('button', { name: '关怀模式' });
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  const before = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no navigation happened');
  const after = await page.locator('h1').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  assert.ok(after >= before * 1.2, `larger text in care mode (${before}px -> ${after}px)`);
  // The choice survives a reload, rendered by the server.
  await page.reload();
  await hydrated(page);
  assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('关怀模式 also works with JavaScript off (a plain form post)', async () => {
  const { context, page, errors } = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto('/institutions');
  await page.getByRole('button', { name: '关怀模式' }).click();
  await page.waitForURL('**/institutions');
  assert.equal(await page.getByRole('button', { name: '关怀模式' }).getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the bottom navigation reaches all three sections', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto('/');
  await hydrated(page);
  const nav = page.getByRole('navigation', { name: '主要栏目' });
  for (const s of SECTIONS) {
    await nav.getByRole('link', { name: s.name }).click();
    await page.waitForURL(`**${s.path}`);
    assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), s.name);
    assert.equal(await nav.getByRole('link', { name: s.name }).getAttribute('aria-current'), 'page');
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown address answers 404 with a Chinese page and a way home', async () => {
  const { context, page } = await phonePage(browser);
  const res = await page.goto('/no-such-page');
  assert.equal(res.status(), 404);
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), '页面不存在');
  await page.getByRole('link', { name: '返回首页' }).click();
  await page.waitForURL((url) => url.pathname === '/');
  await context.close();
});

test('legible at 320 px: no sideways scrolling, tap targets at least 44 px', async () => {
  const { context, page, errors } = await phonePage(browser, { viewport: { width: 320, height: 640 } });
  await page.goto('/');
  await hydrated(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
  const targets = await page.locator('.bottom-nav a, .care-toggle button, .site-title').evaluateAll((els) =>
    els.map((el) => { const r = el.getBoundingClientRect(); return { text: el.textContent.trim(), w: r.width, h: r.height }; }));
  assert.equal(targets.length, 5);
  for (const t of targets) assert.ok(t.w >= 44 && t.h >= 44, `tap target too small: ${JSON.stringify(t)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('no layout shift when the wasm arrives', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.addInitScript(() => {
    window.__shift = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__shift += e.value;
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto('/');
  const box = () => page.locator('main h1').boundingBox();
  const beforeHydration = await box();
  await hydrated(page);
  await page.waitForTimeout(300);
  assert.deepEqual(await box(), beforeHydration);
  assert.equal(await page.evaluate(() => window.__shift), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
