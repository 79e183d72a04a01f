// 附近服务机构 on a phone: nearest first from a (fake) position, the region picker when the
// position is refused or JavaScript is off, an institution's page, its QR landing and poster.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, hydrated, baseURL } from '../support/browser.mjs';

// What a phone's GPS (WGS-84) reports at the seats of 岳麓区 and 吉首市, whose coordinates in
// the division list are GCJ-02: about 500 m apart on the ground.
const YUELU_WGS84 = { latitude: 28.238063, longitude: 112.925893 };
const JISHOU_WGS84 = { latitude: 28.265446, longitude: 109.693334 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function locateFrom(position) {
  const session = await phonePage(browser, { geolocation: position, permissions: ['geolocation'] });
  const { page } = session;
  await page.goto('/institutions');
  await hydrated(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  const list = page.getByRole('list', { name: '离您最近的服务机构' });
  await list.waitFor();
  return { ...session, list };
}

test('nearest first from 岳麓区: its own office, at the spot, converted from WGS-84', async () => {
  const { context, list, errors } = await locateFrom(YUELU_WGS84);
  const first = list.getByRole('listitem').first();
  assert.match(await first.getByRole('heading').textContent(), /^岳麓区公共就业和人才服务中心（示例）/);
  // Standing on the seat: without the datum conversion this would read about 500 m.
  const distance = await first.locator('.inst-card__distance').textContent();
  const metres = Number(distance.match(/约 (\d+) 米/)?.[1]);
  assert.ok(metres < 50, distance);
  assert.equal(await first.getByText('示例', { exact: true }).count(), 1, 'demo data is labelled');
  const tel = await first.getByRole('link', { name: /^0731-/ }).getAttribute('href');
  assert.match(tel, /^tel:07310000\d{4}$/);
  const amap = await first.getByRole('link', { name: '在高德地图中查看' }).getAttribute('href');
  assert.ok(amap.includes('position=112.931320,28.234538'), amap);
  assert.deepEqual(errors, []);
  await context.close();
});

test('nearest first from 吉首市', async () => {
  const { context, list, errors } = await locateFrom(JISHOU_WGS84);
  const names = await list.getByRole('heading').allTextContents();
  assert.match(names[0], /^吉首市/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a position outside China is refused in the browser, by the check the server runs', async () => {
  const { context, page, errors } = await phonePage(browser, {
    geolocation: { latitude: 48.8566, longitude: 2.3522 },
    permissions: ['geolocation'],
  });
  const asked = [];
  page.on('request', (r) => { if (r.url().includes('/api/v1/institutions/nearest')) asked.push(r.url()); });
  await page.goto('/institutions');
  await hydrated(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  await page.getByRole('alert').filter({ hasText: '位置不在中国境内' }).waitFor();
  assert.deepEqual(asked, [], 'no request for a position the browser already refused');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a refused position says why and the region picker takes over', async () => {
  const { context, page, errors } = await phonePage(browser, { permissions: [] });
  await page.goto('/institutions');
  await hydrated(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  await page.getByRole('alert').filter({ hasText: '您没有允许本页面获取位置' }).waitFor();
  await page.getByRole('link', { name: '湘西土家族苗族自治州' }).click();
  await page.getByRole('link', { name: '吉首市' }).click();
  const list = page.getByRole('list', { name: '吉首市的服务机构' });
  assert.match(await list.getByRole('heading').first().textContent(), /^吉首市公共就业和人才服务中心/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('with JavaScript off: the picker, the service filter and the locate button all answer', async () => {
  const { context, page, errors } = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto('/institutions');
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  await page.getByText('定位需要浏览器运行网页脚本').waitFor();
  await page.getByRole('link', { name: '长沙市' }).click();
  await page.getByRole('link', { name: '岳麓区' }).click();
  const all = await page.getByRole('list', { name: '岳麓区的服务机构' }).getByRole('listitem').count();
  assert.equal(all, 4, 'the county office and its three township platforms');
  await page.getByLabel('只看经办').selectOption({ label: '职业培训' });
  await page.getByRole('button', { name: '筛选' }).click();
  await page.waitForURL(/service=training/);
  const training = await page.getByRole('list', { name: '岳麓区的服务机构' }).getByRole('heading').allTextContents();
  assert.deepEqual(training.map((t) => t.replace(/\s*示例$/, '')), ['岳麓区公共就业和人才服务中心（示例）']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an institution page: facts, QR code, poster, and 在此办理失业登记 carries the office on', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto('/institutions/DEMO-430104');
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /^岳麓区公共就业和人才服务中心（示例）/);
  const qr = page.getByRole('img', { name: /本机构二维码/ });
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR image loads');
  assert.match(await page.locator('.qr__url').textContent(), /\/i\/DEMO-430104$/);
  await page.getByRole('link', { name: '在此办理失业登记' }).click();
  await page.waitForURL(/\/register\?org=DEMO-430104$/);
  assert.match(await page.locator('.chosen-office').textContent(), /岳麓区公共就业和人才服务中心/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a hall QR code opens that institution; the poster prints without the page chrome', async () => {
  const { context, page, errors } = await phonePage(browser);
  await page.goto('/i/DEMO-433101');
  await page.getByText('您扫描的是这个服务机构的二维码').waitFor();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), /^吉首市/);
  await page.goto('/institutions/DEMO-433101/poster');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.bottom-nav').isVisible(), false);
  assert.equal(await page.getByText('湖南省失业登记入口').isVisible(), true);
  assert.equal(await page.getByRole('img', { name: '本机构失业登记二维码' }).isVisible(), true);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown institution is a 404', async () => {
  const res = await fetch(`${baseURL}/institutions/NO-SUCH-CODE`);
  assert.equal(res.status, 404);
  assert.match(await res.text(), /页面不存在/);
  assert.equal((await fetch(`${baseURL}/i/NO-SUCH-CODE/qr.svg`)).status, 404);
});
