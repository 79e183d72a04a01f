// Inside WeChat's browser (its user agent, a 360×640 phone) on a portal with an official
// account: a second server started here, whose WeChat API is a fake in this file, and
// WeChat's JS-SDK replaced by a fake `wx` that records what the page asks of it. The page signs
// itself in with the config the server signed, sets the share card, locates through WeChat,
// opens an office in WeChat's map, offers 微信一键登录 and says how to keep a page instead of
// 打印. Outside WeChat the same pages stay as they were. Without WebAssembly (older WeChat
// webviews) the server-drawn pages work without an error.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { launch, phonePage, hydrated } from '../support/browser.mjs';
import { startPortal } from '../support/server.mjs';
import { submitApplication } from '../support/application.mjs';
import { WECHAT_PERSON } from '../support/personal-data.mjs';

const WECHAT_UA = 'Mozilla/5.0 (Linux; Android 10; V2001A Build/QP1A.190711.020; wv) AppleWebKit/537.36 '
  + '(KHTML, like Gecko) Version/4.0 Chrome/86.0.4240.99 XWEB/4317 MMWEBSDK/20220903 Mobile Safari/537.36 '
  + 'MMWEBID/1234 MicroMessenger/8.0.28.2240(0x28001C35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64';
const CHROME_UA = 'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) '
  + 'Chrome/120.0.0.0 Mobile Safari/537.36';
const IN_WECHAT = { userAgent: WECHAT_UA, viewport: { width: 360, height: 640 } };
const OUTSIDE = { userAgent: CHROME_UA };

const APP_ID = 'wxe2e0000000000001';
const ACCESS_TOKEN = 'e2e-access-token';
const TICKET = 'e2e-jsapi-ticket';
const JS_SDK = 'https://res.wx.qq.com/open/js/jweixin-1.6.0.js';
// Where WeChat (GCJ-02, the datum of the office positions) puts a phone at 岳麓区's office.
const YUELU_GCJ02 = { latitude: 28.234538, longitude: 112.93132 };

/** WeChat's token and ticket endpoints, counting what they are asked. */
function startFakeWeChatApi() {
  const asked = { token: 0, ticket: 0 };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://wechat.invalid');
    let body;
    if (url.pathname === '/cgi-bin/token' && url.searchParams.get('appid') === APP_ID) {
      asked.token += 1;
      body = { access_token: ACCESS_TOKEN, expires_in: 7200 };
    } else if (url.pathname === '/cgi-bin/ticket/getticket' && url.searchParams.get('access_token') === ACCESS_TOKEN) {
      asked.ticket += 1;
      body = { errcode: 0, errmsg: 'ok', ticket: TICKET, expires_in: 7200 };
    } else {
      body = { errcode: 40001, errmsg: 'invalid credential' };
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ server, asked, base: `http://127.0.0.1:${server.address().port}` }));
  });
}

/** The JS-SDK's stand-in; `location` is how wx.getLocation answers (`ok` or `cancel`). */
function fakeSdk(location) {
  const answer = location === 'ok'
    ? `o.success({ latitude: ${YUELU_GCJ02.latitude}, longitude: ${YUELU_GCJ02.longitude}, speed: 0, accuracy: 65, errMsg: 'getLocation:ok' });`
    : "o.cancel({ errMsg: 'getLocation:cancel' });";
  return `
    window.__wxCalls = { config: [], ready: false, appMessage: [], timeline: [], getLocation: [], openLocation: [] };
    window.wx = {
      config: function (o) { __wxCalls.config.push(o); },
      ready: function (cb) { setTimeout(function () { cb(); __wxCalls.ready = true; }, 0); },
      error: function () {},
      updateAppMessageShareData: function (o) { __wxCalls.appMessage.push(o); },
      updateTimelineShareData: function (o) { __wxCalls.timeline.push(o); },
      getLocation: function (o) { __wxCalls.getLocation.push(o.type); ${answer} },
      openLocation: function (o) { __wxCalls.openLocation.push(o); },
    };`;
}

let browser;
let wechatApi;
let portal;
before(async () => {
  wechatApi = await startFakeWeChatApi();
  portal = await startPortal({
    PORTAL_WECHAT_APPID: APP_ID,
    PORTAL_WECHAT_SECRET: 'e2e-wechat-secret',
    PORTAL_WECHAT_API_BASE: wechatApi.base,
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  if (portal) {
    await portal.stop();
    rmSync(portal.work, { recursive: true, force: true });
  }
  wechatApi?.server.close();
});

/**
 * A phone on the portal with the official account, inside WeChat unless `outside`; requests
 * for the JS-SDK get the fake (`sdk.requests` counts them).
 */
async function onWeChatPortal({ outside = false, location = 'ok' } = {}) {
  const session = await phonePage(browser, { ...(outside ? OUTSIDE : IN_WECHAT), baseURL: portal.baseURL });
  const sdk = { requests: 0 };
  await session.context.route('https://res.wx.qq.com/**', (route) => {
    sdk.requests += 1;
    return route.fulfill({ contentType: 'application/javascript', body: fakeSdk(location) });
  });
  return { ...session, sdk };
}

/** Until the page has signed in with WeChat (wx.ready has run its callback). */
const wxReady = (page) => page.waitForFunction(() => window.__wxCalls?.ready === true, null, { timeout: 20_000 });
const wxCalls = (page) => page.evaluate(() => window.__wxCalls);
const bodyText = (page) => page.locator('body').innerText();
const scriptSrcOf = (csp) => csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';

test('inside WeChat the page loads the JS-SDK and signs in with the config the server signed', async () => {
  const { context, page, errors, sdk } = await onWeChatPortal();
  // As a shared link comes back: WeChat's parameters, and a fragment.
  const res = await page.goto('/?from=singlemessage&isappinstalled=0#top');
  const csp = res.headers()['content-security-policy'];
  assert.ok(scriptSrcOf(csp).includes('https://res.wx.qq.com'), csp);
  assert.equal(csp.match(/res\.wx\.qq\.com/g).length, 1, `in script-src only: ${csp}`);
  // The page's HTML (the browser hides a nonce once the element is in the document).
  const nonce = csp.match(/'nonce-([^']+)'/)[1];
  const tag = (await res.text()).match(/<script[^>]*res\.wx\.qq\.com[^>]*>/)?.[0] ?? '';
  assert.ok(tag.includes(`src="${JS_SDK}"`) && tag.includes(`nonce="${nonce}"`), tag);
  await hydrated(page);
  await wxReady(page);
  assert.equal(sdk.requests, 1);
  const { config } = await wxCalls(page);
  assert.equal(config.length, 1);
  const c = config[0];
  assert.equal(c.appId, APP_ID);
  assert.equal(c.debug, false);
  assert.deepEqual(c.jsApiList, ['updateAppMessageShareData', 'updateTimelineShareData', 'getLocation', 'openLocation']);
  // Signed over the address as WeChat sees it: its parameters kept, the fragment left out.
  const signed = page.url().split('#')[0];
  assert.ok(signed.endsWith('/?from=singlemessage&isappinstalled=0'), signed);
  const expected = createHash('sha1')
    .update(`jsapi_ticket=${TICKET}&noncestr=${c.nonceStr}&timestamp=${c.timestamp}&url=${signed}`)
    .digest('hex');
  assert.equal(c.signature, expected);
  assert.ok(wechatApi.asked.token >= 1 && wechatApi.asked.ticket >= 1, JSON.stringify(wechatApi.asked));
  assert.deepEqual(errors, []);
  await context.close();
});

test('the share card: the home page, and a hall QR landing naming its office', async () => {
  const { context, page, errors } = await onWeChatPortal();
  await page.goto('/?from=timeline&isappinstalled=0');
  await wxReady(page);
  let calls = await wxCalls(page);
  const home = calls.appMessage[0];
  assert.equal(home.title, '湖南省失业登记服务');
  assert.ok(home.desc.length > 0);
  // The page's own address, without what WeChat added to it.
  assert.equal(home.link, `${portal.baseURL}/`);
  assert.equal(home.imgUrl, `${portal.baseURL}/share-icon.png`);
  const icon = await fetch(home.imgUrl);
  assert.equal(icon.status, 200);
  assert.equal(icon.headers.get('content-type'), 'image/png');
  assert.deepEqual(calls.timeline, [{ title: home.title, link: home.link, imgUrl: home.imgUrl }]);

  await page.goto('/i/DEMO-433101');
  await wxReady(page);
  calls = await wxCalls(page);
  const landing = calls.appMessage[0];
  assert.match(landing.title, /^吉首市.*服务中心/);
  assert.match(landing.desc, /^地址：/);
  assert.equal(landing.link, `${portal.baseURL}/i/DEMO-433101`);
  assert.equal(calls.timeline[0].title, landing.title);
  assert.deepEqual(errors, []);
  await context.close();
});

test('附近服务机构 inside WeChat: located through WeChat in GCJ-02, nearest first', async () => {
  // No browser geolocation is granted: only WeChat's position can find the office.
  const { context, page, errors } = await onWeChatPortal();
  await page.goto('/institutions');
  await hydrated(page);
  await wxReady(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  const list = page.getByRole('list', { name: '离您最近的服务机构' });
  await list.waitFor();
  const first = list.getByRole('listitem').first();
  assert.match(await first.getByRole('heading').textContent(), /^岳麓区公共就业和人才服务中心（示例）/);
  // At the office itself: converted once more as if WGS-84, it would read about 500 m.
  const distance = await first.locator('.inst-card__distance').textContent();
  assert.ok(Number(distance.match(/约 (\d+) 米/)?.[1]) < 50, distance);
  assert.deepEqual((await wxCalls(page)).getLocation, ['gcj02']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('declined in WeChat, the position is not used and the region picker takes over', async () => {
  const { context, page, errors } = await onWeChatPortal({ location: 'cancel' });
  await page.goto('/institutions');
  await hydrated(page);
  await wxReady(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  await page.getByRole('alert').filter({ hasText: '您没有允许本页面获取位置' }).waitFor();
  await page.getByRole('link', { name: '长沙市' }).click();
  await page.getByRole('link', { name: '岳麓区' }).click();
  await page.getByRole('list', { name: '岳麓区的服务机构' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('an office’s map link opens WeChat’s own map there', async () => {
  const { context, page, errors } = await onWeChatPortal();
  await page.goto('/institutions/DEMO-430104');
  await hydrated(page);
  await wxReady(page);
  await page.getByRole('link', { name: '在高德地图中查看' }).click();
  await page.waitForFunction(() => window.__wxCalls.openLocation.length === 1);
  const [place] = (await wxCalls(page)).openLocation;
  assert.match(place.name, /^岳麓区公共就业和人才服务中心/);
  assert.ok(place.address.length > 0);
  assert.ok(Math.abs(place.latitude - YUELU_GCJ02.latitude) < 1e-5, String(place.latitude));
  assert.ok(Math.abs(place.longitude - YUELU_GCJ02.longitude) < 1e-5, String(place.longitude));
  assert.equal(place.scale, 16);
  // Instead of the link: no new page, this one stays.
  await page.waitForTimeout(300);
  assert.equal(context.pages().length, 1);
  assert.ok(page.url().endsWith('/institutions/DEMO-430104'), page.url());
  assert.deepEqual(errors, []);
  await context.close();
});

test('inside WeChat the office page and the poster say to keep the QR code by a long press, no 打印', async () => {
  const { context, page, errors } = await onWeChatPortal();
  await page.goto('/institutions/DEMO-430104');
  let text = await bodyText(page);
  assert.ok(text.includes('长按上面的二维码图片'), text);
  assert.ok(!text.includes('打印'), text);
  // WeChat saves and reads codes from raster pictures: a PNG, which loads.
  const qr = page.getByRole('img', { name: /本机构二维码/ });
  assert.match(await qr.getAttribute('src'), /^\/i\/DEMO-430104\/qr\.png$/);
  assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the PNG loads');
  await page.goto('/institutions/DEMO-433101/poster');
  text = await bodyText(page);
  assert.ok(text.includes('长按二维码图片'), text);
  assert.ok(!text.includes('打印'), text);
  const poster = page.getByRole('img', { name: '本机构失业登记二维码' });
  assert.match(await poster.getAttribute('src'), /\/qr\.png$/);
  assert.ok(await poster.evaluate((img) => img.complete && img.naturalWidth > 0), 'the PNG loads');
  assert.deepEqual(errors, []);
  await context.close();
});

test('微信一键登录 inside WeChat, above the phone sign-in; not offered again to bind a new WeChat', async () => {
  const { context, page, errors } = await onWeChatPortal();
  await page.goto('/signin');
  const oneTap = page.getByRole('link', { name: '微信一键登录' });
  assert.equal(await oneTap.getAttribute('href'), '/signin/wechat');
  const [button, phone] = [await oneTap.boundingBox(), await page.getByLabel('您的手机号码是多少？').boundingBox()];
  assert.ok(button.y < phone.y, 'above the phone field');
  // Back from WeChat not yet bound: one phone sign-in binds it, so no button leading round.
  await page.goto('/signin?next=/signin/wechat');
  await page.getByText('第一次用微信登录').waitFor();
  assert.equal(await page.getByRole('link', { name: '微信一键登录' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('outside WeChat the same pages load no JS-SDK, keep 打印 and offer no WeChat sign-in', async () => {
  // The same address inside WeChat loads the SDK (the page cache keeps the two renderings apart).
  const inside = await (await fetch(`${portal.baseURL}/`, { headers: { 'user-agent': WECHAT_UA } })).text();
  assert.ok(inside.includes(`src="${JS_SDK}"`), 'inside WeChat the page loads the SDK');
  const { context, page, errors, sdk } = await onWeChatPortal({ outside: true });
  const res = await page.goto('/');
  assert.ok(!res.headers()['content-security-policy'].includes('res.wx.qq.com'), res.headers()['content-security-policy']);
  assert.equal(await page.locator('script[src*="res.wx.qq.com"]').count(), 0);
  await hydrated(page);
  await page.goto('/institutions/DEMO-430104');
  assert.equal(await page.getByRole('link', { name: '打印二维码海报（A4）' }).count(), 1);
  assert.match(await page.getByRole('img', { name: /本机构二维码/ }).getAttribute('src'), /\/qr\.svg$/);
  await page.goto('/institutions/DEMO-433101/poster');
  await page.getByText('请使用浏览器的“打印”功能，选择 A4 纵向打印本页。').waitFor();
  await page.goto('/signin');
  await page.getByLabel('您的手机号码是多少？').waitFor();
  assert.equal(await page.getByRole('link', { name: '微信一键登录' }).count(), 0);
  assert.equal(sdk.requests, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the confirmation page: 截屏 inside WeChat, 打印 elsewhere; no JS-SDK without an official account', async () => {
  // The suite's own server, which has no official account.
  const { context, page, errors } = await phonePage(browser, IN_WECHAT);
  await submitApplication(context, WECHAT_PERSON);
  await page.goto('/registration?submitted=1');
  await page.getByRole('heading', { name: '申请已提交' }).waitFor();
  const text = await bodyText(page);
  assert.ok(text.includes('可以截屏保存本页'), text);
  assert.ok(!text.includes('打印'), text);
  assert.equal(await page.locator('script[src*="res.wx.qq.com"]').count(), 0);
  const outside = await phonePage(browser, { ...OUTSIDE, storageState: await context.storageState() });
  await outside.page.goto('/registration?submitted=1');
  await outside.page.getByText('可以用浏览器的“打印”保存本页。').waitFor();
  assert.deepEqual([...errors, ...outside.errors], []);
  await outside.context.close();
  await context.close();
});

test('without WebAssembly (older WeChat webviews) the server-drawn pages work, without an error', async () => {
  const { context, page, errors } = await phonePage(browser, IN_WECHAT);
  await context.addInitScript(() => { delete window.WebAssembly; });
  await page.goto('/');
  await page.getByRole('navigation', { name: '主要栏目' }).getByRole('link', { name: '附近服务机构' }).click();
  await page.waitForURL('**/institutions');
  await page.getByRole('link', { name: '长沙市' }).click();
  await page.getByRole('link', { name: '岳麓区' }).click();
  await page.getByRole('list', { name: '岳麓区的服务机构' }).waitFor();
  await page.goto('/register');
  await page.getByRole('link', { name: '开始' }).waitFor();
  // A form post answered by the server: 关怀模式 without its island.
  await page.getByRole('button', { name: '关怀模式' }).click();
  await page.locator('.care-toggle__button[aria-pressed="true"]').waitFor();
  // The loader has had its time to fail, quietly.
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('html[data-hydrated]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a WeChat webview whose CSP does not allow compiling the wasm: the page works, without an error', async () => {
  const { context, page, errors } = await phonePage(browser, IN_WECHAT);
  // As a Chromium older than 'wasm-unsafe-eval' reads the policy: compiling is refused.
  await page.route((url) => url.pathname === '/institutions', async (route) => {
    const res = await route.fetch();
    const headers = res.headers();
    headers['content-security-policy'] = headers['content-security-policy'].replace(" 'wasm-unsafe-eval'", '');
    // The body comes decoded.
    delete headers['content-encoding'];
    delete headers['content-length'];
    await route.fulfill({ response: res, headers });
  });
  await page.goto('/institutions');
  await page.getByRole('link', { name: '长沙市' }).click();
  await page.getByRole('link', { name: '岳麓区' }).waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await page.locator('html[data-hydrated]').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
