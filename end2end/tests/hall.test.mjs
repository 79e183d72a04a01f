// 大厅协助办理: a staff member at the hall sends a code to the phone of the person present, the
// person reads it out, and the registration pages open in the staff member's browser as the
// person's; the application is made there and the person's session ends with 办理完毕. On a
// tablet without JavaScript the whole flow through the pages, and staff see the 申请渠道; at a
// desk with JavaScript a wrong code first (no session opened), axe-core on the new pages, and
// the application made through /api/v1 in the person's hall session.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESK, TABLET, baseURL, hydrated, launch, phonePage } from '../support/browser.mjs';
import { E2E_STAFF_4, HALL_PEOPLE } from '../support/personal-data.mjs';
import { codeFromLog, masked, signInHere } from '../support/sign-in.mjs';
import { submitSignedIn } from '../support/application.mjs';
import { seriousViolations } from '../support/axe.mjs';
import { asStaff } from '../support/staff.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const STAFF = E2E_STAFF_4;
const PERSON_COOKIE = '__Host-portal_session';
const STAFF_COOKIE = '__Host-portal_staff';
const CHANNEL = `服务大厅协助办理（工作人员 ${STAFF.username}）`;
const DONE = '已退出本人账号，可以为下一位办理。';

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
const group = (page, name) => page.getByRole('group', { name });

/** axe-core runs in the page, so only where JavaScript is on. */
async function axe(page, violations) {
  for (const v of await seriousViolations(page)) violations.push(`${new URL(page.url()).pathname}${new URL(page.url()).search}: ${v}`);
}

/** Today in China shifted by `days`, as year, month and day. */
function chinaDay(days) {
  const d = new Date(Date.now() + 8 * 3600_000 + days * 86_400_000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}


/** The person's session cookie in this browser, if any. */
const personCookie = async (context) => (await context.cookies()).find((c) => c.name === PERSON_COOKIE);

/** From /staff/assist: the person's phone; on the code page, the challenge (`c`) in its address. */
async function sendCode(page, person) {
  await page.getByLabel('本人的手机号码').fill(person.phone);
  await page.getByRole('button', { name: '发送验证码到本人手机', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/staff/assist/code' && u.searchParams.get('c'));
  await heading(page, '请本人读出短信验证码');
  assert.ok(!page.url().includes(person.phone), 'no phone number in the address');
  await page.getByText(`验证码已发送至本人手机 ${masked(person.phone)}`).waitFor();
  assert.ok(!(await page.content()).includes(person.phone), 'the number is shown masked');
  return new URL(page.url()).searchParams.get('c');
}

/** The code the person reads out; the person's 我的登记 address comes next. */
async function readOut(page, code) {
  await page.getByLabel('请本人读出短信验证码').fill(code);
  await page.getByRole('button', { name: '开始为本人办理', exact: true }).click();
}

/** A code of six digits that is not `code`. */
const wrongCode = (code) => code.slice(0, 5) + String((Number(code[5]) + 1) % 10);

// The registration pages as a citizen fills them in (as in register.test.mjs), without JavaScript.
const next = (page) => page.getByRole('button', { name: '继续' }).click();

async function fillRegistration(page, person) {
  await page.getByRole('heading', { level: 2, name: '登记您的证件', exact: true }).waitFor();
  await page.getByLabel('居民身份证', { exact: true }).check();
  await page.getByLabel('证件号码').fill(person.id);
  await page.getByRole('button', { name: '登记证件' }).click();

  await heading(page, '先确认您能否办理失业登记');
  await group(page, '您有劳动能力吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您想找工作吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您现在没有工作吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您已经按月领取基本养老金了吗？').getByLabel('否', { exact: true }).check();
  await next(page);
  await heading(page, '您的姓名');
  await page.getByLabel('姓名', { exact: true }).fill(person.name);
  await next(page);
  await heading(page, '怎样联系您');
  assert.equal(await page.getByLabel('手机号码').inputValue(), person.phone, 'the phone the code went to, to start with');
  await next(page);
  await heading(page, '您的户口在哪里');
  await page.getByLabel('户籍所在县市区').selectOption('430182');
  await next(page);
  await heading(page, '您的户籍地址');
  await page.getByLabel('户籍详细地址').fill('宁乡市某某镇某某村五组（测试地址）');
  await next(page);
  await heading(page, '您的户口性质');
  await page.getByLabel('农村户口（农业）').check();
  await next(page);
  await heading(page, '您现在住在哪里');
  await page.getByLabel('现住所在县市区').selectOption('430104');
  await next(page);
  await heading(page, '您现在的住址');
  await page.getByLabel('现住详细地址').fill('岳麓区某某小区3栋1单元502（测试地址）');
  await next(page);
  await heading(page, '您的民族');
  await page.getByLabel('民族').selectOption({ label: '汉族' });
  await next(page);
  await heading(page, '您的文化程度');
  await page.getByLabel('高中', { exact: true }).check();
  await next(page);
  await heading(page, '您的身体状况');
  await page.getByLabel('健康', { exact: true }).check();
  await next(page);
  await heading(page, '您为什么没有工作了');
  await page.getByLabel(/与单位解除或终止了劳动合同/).check();
  await page.getByLabel('原工作单位').fill('某某商贸有限公司');
  await next(page);
  await heading(page, '您从哪天开始没有工作');
  const ended = chinaDay(-40);
  await page.getByLabel('年', { exact: true }).fill(String(ended.year));
  await page.getByLabel('月', { exact: true }).fill(String(ended.month));
  await page.getByLabel('日', { exact: true }).fill(String(ended.day));
  await next(page);
  await heading(page, '您有哪些技能（选填）');
  await next(page);
  await heading(page, '您想找什么样的工作');
  await page.getByLabel('想做的工作', { exact: true }).fill('收银员');
  await next(page);
  await heading(page, '您想参加培训或者自己创业吗');
  await group(page, '想参加职业技能培训吗？').getByLabel('否', { exact: true }).check();
  await group(page, '想自己创业吗？').getByLabel('否', { exact: true }).check();
  await next(page);
  await heading(page, '您还要申领失业保险金吗');
  await page.getByLabel('否', { exact: true }).check();
  await next(page);
  await heading(page, '您是否属于以下人员（选填）');
  await next(page);
  await heading(page, '您想在哪里办理失业登记');
  await page.getByLabel(/^常住地/).check();
  await next(page);
  await heading(page, '选择为您办理的服务机构');
  assert.equal(await page.getByRole('radio', { checked: true }).count(), 1, 'one office is chosen already');
  await next(page);

  await heading(page, '核对您的信息');
  await page.getByText(person.name, { exact: true }).first().waitFor();
  await page.getByRole('link', { name: '信息无误，继续' }).click();
  await heading(page, '本人承诺');
  await page.getByLabel('我已阅读并承诺以上内容真实').check();
  await page.getByLabel('请输入您的姓名作为签名').fill(person.name);
  await page.getByRole('button', { name: '提交申请' }).click();
}

/** The confirmation page of an application made at the hall; returns its reference. */
async function confirmation(page) {
  await page.waitForURL((u) => u.pathname === '/registration' && u.searchParams.get('submitted') === '1');
  await heading(page, '申请已提交');
  const reference = (await page.locator('.reference--large').textContent()).trim();
  assert.match(reference, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
  await page.getByText('已提交', { exact: true }).first().waitFor();
  // The person's history says it was made at the hall with staff's help.
  await page.locator('ol.timeline li', { hasText: '您在服务大厅由工作人员协助提交了失业登记申请' }).waitFor();
  const end = page.locator('form[action="/staff/assist/end"]');
  assert.equal((await end.getAttribute('method')).toLowerCase(), 'post');
  await end.getByRole('button', { name: '办理完毕，退出本人账号', exact: true }).waitFor();
  return reference;
}

/** 办理完毕: back on /staff/assist, the person's session gone, the staff member's kept. */
async function endAssistance(page) {
  const before = await personCookie(page.context());
  assert.ok(before, 'the person is signed in in this browser');
  await page.getByRole('button', { name: '办理完毕，退出本人账号', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/staff/assist' && u.searchParams.get('done') === '1');
  await page.getByRole('status').filter({ hasText: DONE }).waitFor();
  await heading(page, '大厅协助办理失业登记');
  await page.getByLabel('本人的手机号码').waitFor(); // still signed in as staff
  assert.equal(await personCookie(page.context()), undefined, 'the person’s cookie is cleared');
  assert.ok((await page.context().cookies()).some((c) => c.name === STAFF_COOKIE), 'the staff cookie stays');
  // The person's session has ended on the server too, not only in this browser.
  const res = await fetch(`${baseURL}/api/v1/me/registration`, { headers: { cookie: `${PERSON_COOKIE}=${before.value}` } });
  assert.equal(res.status, 401, 'the ended session is refused');
}

test('大厅协助办理 on a tablet without JavaScript: code read out, pages filled, 办理完毕, 申请渠道', async () => {
  const person = HALL_PEOPLE.tablet;
  const { context, page, errors } = await asStaff(browser, TABLET, STAFF, { javaScriptEnabled: false });

  // From the staff menu.
  const menu = page.getByRole('navigation', { name: '工作人员菜单' });
  assert.equal(await menu.getByRole('link', { name: '大厅协助', exact: true }).getAttribute('href'), '/staff/assist');
  await menu.getByRole('link', { name: '大厅协助', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/staff/assist');
  await heading(page, '大厅协助办理失业登记');
  await page.getByText('验证码会发到本人的手机，请本人读出验证码').waitFor();
  assert.equal(await page.getByRole('status').filter({ hasText: DONE }).count(), 0, 'nothing done yet');

  // A number too short: named at the top, the value kept, no code sent.
  await page.getByLabel('本人的手机号码').fill('1381234');
  await page.getByRole('button', { name: '发送验证码到本人手机', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: /^手机号码：/ }).waitFor();
  assert.equal(await page.getByLabel('本人的手机号码').inputValue(), '1381234', 'value kept');

  // The code goes to the person's phone; the person reads it out.
  await sendCode(page, person);
  const sentAt = Date.now();
  assert.equal(await personCookie(context), undefined, 'no session before the code');
  await readOut(page, await codeFromLog(masked(person.phone)));
  await page.waitForURL((u) => u.pathname === '/register');
  assert.ok(await personCookie(context), 'the person is signed in in this browser');
  await page.getByRole('link', { name: '开始', exact: true }).click();
  await fillRegistration(page, person);

  const ref = await confirmation(page);
  assert.ok(!(await page.content()).includes(person.id), 'no whole ID number on the page');
  await endAssistance(page);
  await page.goto('/registration');
  await page.getByText('登录后可以查看失业登记的办理进度。').waitFor();
  assert.equal(await page.getByText(ref).count(), 0, 'the person’s application is no longer shown here');

  // Staff see where it was made; the history says so too.
  await page.goto(`/staff/applications/${ref}`);
  await heading(page, `查看申请 ${ref}`);
  await group(page, '查看原因').getByLabel('审核申请', { exact: true }).check();
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await heading(page, `申请 ${ref}`);
  const channel = page.locator('.summary-list__row', { has: page.locator('dt', { hasText: '申请渠道' }) });
  assert.equal((await channel.locator('dd').innerText()).trim(), CHANNEL);
  await page.locator('ol.history li', { hasText: '申请人在服务大厅由工作人员协助提交了失业登记申请' }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();

  // Later, on their own phone, the person reads the same in their history (after the resend
  // wait, 10 s in these tests, which filling in the pages has most likely taken already).
  await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 10_500 - Date.now())));
  const own = await phonePage(browser, { javaScriptEnabled: false });
  await own.page.goto('/registration');
  await own.page.getByRole('link', { name: '登录' }).click();
  await signInHere(own.page, person.phone);
  await own.page.waitForURL((u) => u.pathname === '/registration');
  await own.page.locator('.status', { hasText: '已提交' }).waitFor();
  await own.page.getByText(ref).first().waitFor();
  await own.page.locator('ol.timeline li', { hasText: '您在服务大厅由工作人员协助提交了失业登记申请' }).waitFor();
  assert.equal(await own.page.getByRole('button', { name: '办理完毕，退出本人账号' }).count(), 0, 'only on the confirmation page');
  assert.deepEqual(own.errors, []);
  await own.context.close();
});

test('at a desk with JavaScript: a wrong code opens no session; axe-core on the hall pages', async () => {
  const person = HALL_PEOPLE.desk;
  const violations = [];
  const { context, page, errors } = await asStaff(browser, DESK, STAFF);
  await page.goto('/staff/assist');
  await heading(page, '大厅协助办理失业登记');
  await hydrated(page);
  await axe(page, violations);

  const challenge = await sendCode(page, person);
  await hydrated(page);
  await axe(page, violations);
  const code = await codeFromLog(masked(person.phone));

  // A wrong code: named at the top, and no session.
  await readOut(page, wrongCode(code));
  await page.locator('#error-summary').getByRole('link', { name: /^验证码不正确，还可以再试\d次$/ }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/staff/assist/code');
  await heading(page, '请本人读出短信验证码');
  assert.equal(await page.getByLabel('请本人读出短信验证码').inputValue(), '', 'a wrong code is typed anew');
  await hydrated(page);
  await axe(page, violations);
  assert.equal(await personCookie(context), undefined, 'no session after a wrong code');
  assert.equal((await context.request.get('/api/v1/me/registration')).status(), 401, 'nobody signed in as a citizen');

  // The right code: the person's session in this browser, the same challenge.
  assert.equal(new URL(page.url()).searchParams.get('c') ?? challenge, challenge);
  await readOut(page, code);
  await page.waitForURL((u) => u.pathname === '/register');
  await hydrated(page);
  assert.ok(await personCookie(context), 'the person is signed in in this browser');

  // The application, through /api/v1 in the person's hall session (the pages are above).
  const made = await submitSignedIn(context, person);
  assert.equal(made.made_at_hall, true, 'recorded as made at the hall');
  await page.goto('/registration?submitted=1');
  const ref = await confirmation(page);
  assert.equal(ref, made.reference);
  await hydrated(page);
  await axe(page, violations);
  await endAssistance(page);
  await hydrated(page);
  await axe(page, violations);
  assert.deepEqual(errors, []);
  await context.close();
  assert.deepEqual(violations, []);
});
