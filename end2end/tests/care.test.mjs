// 关怀模式 (适老化) on a small phone, 360 × 640, JavaScript on: every main control at least
// 60 × 60 px, no text under 18 px, no sideways scrolling, and axe-core clean in both modes, on
// the public pages, the nearest-institution list, signing in and the first pages of the form.
// Also: telephone numbers are links that dial them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage, hydrated, baseURL } from '../support/browser.mjs';
import { seriousViolations } from '../support/axe.mjs';
import { CARE_PERSON } from '../support/personal-data.mjs';
import { codeFromLog, masked } from '../support/sign-in.mjs';

const SMALL = { width: 360, height: 640 };
const YUELU_WGS84 = { latitude: 28.238063, longitude: 112.925893 };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A 360 × 640 phone whose 关怀模式 cookie is set, as the switch leaves it. */
async function carePhone(options = {}) {
  const session = await phonePage(browser, { viewport: SMALL, ...options });
  await session.context.addCookies([{ name: 'care', value: '1', url: baseURL }]);
  return session;
}

/**
 * What is too small on the page as it is now, in words. Main controls: every visible link,
 * button, field (input, select, textarea) and details summary, at least 60 × 60 px, and so each
 * radio or checkbox label (the row the choice is tapped on); the round or square box itself at
 * least 40 px.
 * Exempt: a link inside a paragraph with words of its own (running text, as the 12333 of
 * “如需帮助，请拨打人社服务热线 12333。”) and the skip link, shown only when focused. Text:
 * every visible element with words of its own at 18 px or more. And no sideways scrolling.
 */
function tooSmall() {
  const visible = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
  const words = /[\p{L}\p{N}]/u;
  const inRunningText = (a) => {
    const p = a.parentElement;
    if (p?.tagName !== 'P') return false;
    return words.test([...p.childNodes].filter((n) => n.nodeName !== 'A').map((n) => n.textContent).join(''));
  };
  const name = (el) => {
    const label = (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().slice(0, 16);
    return `<${el.tagName.toLowerCase()}${el.className ? ` class="${el.className}"` : ''}> “${label}”`;
  };
  const problems = [];
  const controls = 'a[href], button, select, textarea, input:not([type="hidden"]), summary, .radio label, .checkbox label';
  for (const el of document.querySelectorAll(controls)) {
    if (!visible(el) || el.matches('.skip-link') || (el.tagName === 'A' && inRunningText(el))) continue;
    const min = el.matches('input[type="radio"], input[type="checkbox"]') ? 40 : 60;
    const { width, height } = el.getBoundingClientRect();
    if (width < min || height < min) problems.push(`${name(el)} is ${Math.round(width)} × ${Math.round(height)} px`);
  }
  for (const el of document.querySelectorAll('.app *')) {
    if (!visible(el) || el.closest('svg')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && words.test(n.textContent))) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 18) problems.push(`${name(el)} text is ${size} px`);
  }
  const overflow = document.documentElement.scrollWidth - window.innerWidth;
  if (overflow > 0) problems.push(`the page is ${overflow} px wider than the screen`);
  return problems;
}

/** The page in care mode, checked: its problems and axe-core's (both modes), each named by the address. */
async function check(page, found) {
  await hydrated(page);
  const where = `${new URL(page.url()).pathname}${new URL(page.url()).search}`;
  assert.equal(await page.locator('.app.care').count(), 1, `${where} is in 关怀模式`);
  for (const p of await page.evaluate(tooSmall)) found.push(`${where}: ${p}`);
  for (const v of await seriousViolations(page)) found.push(`${where}: ${v}`);
}

const PUBLIC_PAGES = [
  '/',
  '/institutions',
  '/institutions?division=430100',
  '/institutions?division=430104',
  '/institutions?division=430104&service=training',
  '/institutions/DEMO-430104',
  '/i/DEMO-433101',
  '/institutions/DEMO-433101/poster',
  '/register',
  '/register?org=DEMO-430104',
  '/services',
  '/services/policies',
  '/services/catalogue',
  '/services/end-rules',
  '/account',
  '/signin',
  '/staff/signin',
];

test('关怀模式 at 360 px: the public pages — 60 px controls, 18 px text, no sideways scrolling, axe-core clean in both modes', async () => {
  const { context, page, errors } = await carePhone();
  const found = [];
  for (const path of PUBLIC_PAGES) {
    await page.goto(path);
    await check(page, found);
  }
  assert.deepEqual(errors, []);
  // Last, as the browser reports the 404 itself as a console error.
  await page.goto('/no-such-page');
  await check(page, found);
  assert.deepEqual(found, []);
  await context.close();
});

test('关怀模式 at 360 px: the nearest institutions from the phone’s position', async () => {
  const { context, page, errors } = await carePhone({ geolocation: YUELU_WGS84, permissions: ['geolocation'] });
  await page.goto('/institutions');
  await hydrated(page);
  await page.getByRole('button', { name: '使用我的位置查找' }).click();
  await page.getByRole('list', { name: '离您最近的服务机构' }).waitFor();
  const found = [];
  await check(page, found);
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('关怀模式 at 360 px: signing in, the document and the first pages of the form; a choice is its whole row', async () => {
  const { context, page, errors } = await carePhone();
  const found = [];
  await page.goto('/register');
  await page.getByRole('link', { name: '开始', exact: true }).click();

  await page.getByLabel('您的手机号码是多少？').waitFor();
  await check(page, found);
  await page.getByLabel('您的手机号码是多少？').fill(CARE_PERSON.phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(`验证码已发送至 ${masked(CARE_PERSON.phone)}`).waitFor();
  await check(page, found);
  await page.getByLabel('请输入短信验证码').fill(await codeFromLog(masked(CARE_PERSON.phone)));
  await page.getByRole('button', { name: '登录' }).click();

  await page.getByRole('heading', { name: '登记您的证件' }).waitFor();
  await check(page, found);
  await page.getByLabel('居民身份证', { exact: true }).check();
  await page.getByLabel('证件号码').fill(CARE_PERSON.id);
  await page.getByRole('button', { name: '登记证件' }).click();

  await page.getByRole('heading', { level: 1, name: '先确认您能否办理失业登记' }).waitFor();
  await check(page, found);
  // Tapped at the far end of its row, away from the box, the choice is made.
  const able = page.getByRole('group', { name: '您有劳动能力吗？' });
  const row = able.locator('.radio').filter({ has: page.getByLabel('是', { exact: true }) });
  const box = await row.boundingBox();
  await row.click({ position: { x: box.width - 4, y: box.height / 2 } });
  assert.equal(await able.getByLabel('是', { exact: true }).isChecked(), true, 'the end of the row chooses');
  await page.getByRole('group', { name: '您想找工作吗？' }).getByLabel('是', { exact: true }).check();
  await page.getByRole('group', { name: '您现在没有工作吗？' }).getByLabel('是', { exact: true }).check();
  await page.getByRole('group', { name: '您已经按月领取基本养老金了吗？' }).getByLabel('否', { exact: true }).check();
  await page.getByRole('button', { name: '继续' }).click();

  await page.getByRole('heading', { level: 1, name: '您的姓名' }).waitFor();
  await check(page, found);
  assert.deepEqual(found, []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('telephone numbers dial: the 12333 hotline in sentences, and an office’s numbers', async () => {
  const { context, page, errors } = await phonePage(browser);
  for (const path of ['/', '/register', '/services/policies']) {
    await page.goto(path);
    assert.equal(await page.getByRole('link', { name: '12333', exact: true }).getAttribute('href'), 'tel:12333', path);
  }
  await page.goto('/institutions/DEMO-430104');
  const phones = page.locator('.inst-card__facts').getByRole('link', { name: /^0731-/ });
  assert.ok(await phones.count() > 0, 'the office has numbers');
  for (const href of await phones.evaluateAll((links) => links.map((a) => a.getAttribute('href')))) {
    assert.match(href, /^tel:\d+$/);
  }
  assert.deepEqual(errors, []);
  await context.close();
});
