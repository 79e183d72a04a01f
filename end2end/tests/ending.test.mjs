// 注销 by staff: 原因5 announced to the person first (the worker's page and inbox say so) and
// then withdrawn, at a desk without JavaScript; 原因10 ending at once with nobody told, on a
// tablet with JavaScript; a decline the person gave by phone taken down by staff and counted
// toward 原因8, at a desk with JavaScript. axe-core checks the new pages with JavaScript on.
// Each worker applies through /api/v1 (support/application.mjs) and is registered through the
// staff API, as a client of the staff pages would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESK, TABLET, hydrated, launch, phonePage } from '../support/browser.mjs';
import { APPLICANTS, E2E_STAFF_3 } from '../support/personal-data.mjs';
import { submitApplication } from '../support/application.mjs';
import { seriousViolations } from '../support/axe.mjs';
import { asStaff } from '../support/staff.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const STAFF = E2E_STAFF_3;

/** Today in China shifted by `days`, as YYYY-MM-DD. */
const chinaDay = (days = 0) => new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

/** The reasons of the notice, in the order the page lists them, each with its rule's telling. */
const REASONS = [
  ['1. 被用人单位录用', '注销时告知本人'],
  ['2. 从事个体经营或创办企业、民办非企业单位', '注销时告知本人'],
  ['3. 从事有稳定收入的劳动，月收入不低于当地最低生活保障标准', '注销时告知本人'],
  ['4. 已依法享受基本养老保险待遇', '先告知本人，10天后注销'],
  ['5. 完全丧失劳动能力', '先告知本人，10天后注销'],
  ['6a. 入学或服兵役', '先告知本人，10天后注销'],
  ['6b. 移居境外', '按规定不告知本人'],
  ['7. 被判刑收监执行', '按规定不告知本人'],
  ['8. 无正当理由连续3次拒绝接受公共就业服务', '注销时告知本人'],
  ['9. 连续6个月无法取得联系', '按规定不告知本人'],
  ['10. 死亡', '按规定不告知本人'],
  ['11. 当地规定的其他情形', '注销时告知本人'],
];

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

/** axe-core runs in the page, so only where JavaScript is on. */
async function axe(page, violations) {
  for (const v of await seriousViolations(page)) violations.push(`${new URL(page.url()).pathname}${new URL(page.url()).search}: ${v}`);
}


/** Through the staff API with the staff page's session (JSON writes carry no form token). */
async function staffApi(context, path, data, what) {
  const res = await context.request.post(path, { data });
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return res;
}

/** 登记 straight from 已提交 (受理 and 登记 through the pages are tested in staff.test.mjs). */
const register = (context, ref) => staffApi(context, `/api/v1/staff/registrations/${ref}/decision`, { decision: 'register' }, 'register');

/** The person's page of services, for staff. */
async function personPage(page, ref, { js = false } = {}) {
  await page.goto(`/staff/people/${ref}`);
  await heading(page, `服务记录 ${ref}`);
  if (js) await hydrated(page);
}

/** The banner a post leaves on the person's page. */
const banner = (page, text) => page.getByRole('status').filter({ hasText: text }).waitFor();

/** The worker's inbox: waits for `newest`, then returns how many notices there are. */
async function notices(page, newest) {
  await page.goto('/messages');
  await page.getByRole('heading', { level: 1, name: '我的消息' }).waitFor();
  await page.getByRole('link', { name: newest, exact: true }).first().waitFor();
  return page.locator('ol.entry-list > li').count();
}

test('原因5 is announced to the person, then withdrawn, at a desk without JavaScript', async () => {
  const person = APPLICANTS.announced;
  const today = chinaDay();
  const endsOn = chinaDay(10);
  const worker = await phonePage(browser, { javaScriptEnabled: false });
  const { reference: ref } = await submitApplication(worker.context, person);

  const { context, page, errors } = await asStaff(browser, DESK, STAFF, { javaScriptEnabled: false });
  await register(context, ref);
  await personPage(page, ref);
  await page.getByRole('link', { name: '注销登记', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}/end` && u.search === '');
  await heading(page, `注销登记 ${ref}`);

  // The reasons, each with its rule in a line.
  const reasons = page.getByRole('group', { name: /^注销原因/ });
  assert.equal(await reasons.getByRole('radio').count(), REASONS.length);
  const labels = (await reasons.locator('label').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  assert.equal(labels.length, REASONS.length);
  REASONS.forEach(([name, told], i) => {
    assert.ok(labels[i].startsWith(name), `${labels[i]} starts with ${name}`);
    assert.ok(labels[i].includes(told), `${labels[i]} says ${told}`);
  });
  assert.ok(!labels.some((l) => l.includes('记录显示可能符合')), 'nothing in the records points at 8 or 9');
  const form = page.locator('form', { has: reasons });
  assert.equal((await form.getAttribute('method') ?? 'get').toLowerCase(), 'get', 'the reason is an address');
  await reasons.getByLabel(/^5\. 完全丧失劳动能力/).check();
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}/end` && u.searchParams.get('reason') === '5');
  await page.getByRole('heading', { level: 2, name: '原因5：完全丧失劳动能力', exact: true }).waitFor();
  await page.getByText('先告知本人，10天后注销').first().waitFor();

  // How it was verified must be written down.
  const confirmed = page.getByLabel('本人已确认符合注销条件，立即注销');
  assert.equal(await confirmed.isChecked(), false);
  await page.getByRole('button', { name: '提交（告知本人或立即注销）', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: '核实情况：请写明如何核实的，例如“电话核实，本人确认”', exact: true }).waitFor();
  await page.getByRole('heading', { level: 2, name: '原因5：完全丧失劳动能力', exact: true }).waitFor();
  await page.getByLabel('核实情况', { exact: true }).fill('医院出具的诊断证明，电话联系本人核实（测试）');
  await page.getByRole('button', { name: '提交（告知本人或立即注销）', exact: true }).click();

  // Announced, not ended: it ends in 10 days unless confirmed or withdrawn.
  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}` && u.searchParams.get('announced') === endsOn && u.hash === '#ending');
  await banner(page, `已告知本人符合注销条件；如未撤销，将于 ${endsOn} 注销。`);
  const ending = page.locator('#ending');
  await ending.getByRole('heading', { level: 2, name: '拟注销：原因5（完全丧失劳动能力）', exact: true }).waitFor();
  await ending.getByText(`${today} 已告知本人。如未撤销，将于 ${endsOn} 注销。`).waitFor();
  await ending.getByLabel('本人确认情况（本人确认后立即注销）').waitFor();
  await ending.getByRole('button', { name: '本人已确认，立即注销', exact: true }).waitFor();
  await ending.getByLabel('撤销原因（例如本人提出异议，经核实不符合）').waitFor();
  await ending.getByRole('button', { name: '撤销拟注销', exact: true }).waitFor();
  assert.equal(await page.getByRole('link', { name: '注销登记', exact: true }).count(), 0, 'announced: not twice');
  await page.getByRole('link', { name: '为此人记录服务' }).waitFor();

  // The worker reads it on their page and in their inbox; the conditions are always there.
  await worker.page.goto('/registration');
  await worker.page.locator('.status', { hasText: '已登记' }).waitFor();
  const told = worker.page.locator('#ending');
  await told.getByRole('heading', { level: 2, name: '您符合注销失业登记的条件', exact: true }).waitFor();
  const words = await told.innerText();
  assert.ok(words.includes(endsOn) && words.includes('完全丧失劳动能力'), words);
  const conditions = worker.page.locator('details', { has: worker.page.locator('summary', { hasText: '什么情况下失业登记会注销' }) });
  assert.equal(await conditions.locator('li').count(), REASONS.length);
  const listed = await conditions.textContent();
  for (const r of ['完全丧失劳动能力', '死亡', '入学或服兵役']) assert.ok(listed.includes(r), `${r} among the conditions`);
  await notices(worker.page, '您符合注销失业登记的条件');

  // With JavaScript, for axe-core: the person's page with the ending pending, the reasons, the
  // reason's form and its error summary; and the worker's page that tells them.
  const violations = [];
  const desk = await asStaff(browser, DESK, STAFF);
  await personPage(desk.page, ref, { js: true });
  await desk.page.locator('#ending').waitFor();
  await axe(desk.page, violations);
  await desk.page.goto(`/staff/people/${ref}/end`);
  await heading(desk.page, `注销登记 ${ref}`);
  await hydrated(desk.page);
  // Still possible for another reason (死亡), with a word about the pending one.
  await desk.page.getByText(`已告知本人拟注销（原因5：完全丧失劳动能力），将于 ${endsOn} 注销`).waitFor();
  await axe(desk.page, violations);
  await desk.page.goto(`/staff/people/${ref}/end?reason=5`);
  await desk.page.getByRole('heading', { level: 2, name: '原因5：完全丧失劳动能力', exact: true }).waitFor();
  await hydrated(desk.page);
  await axe(desk.page, violations);
  await desk.page.getByRole('button', { name: '提交（告知本人或立即注销）', exact: true }).click();
  await desk.page.locator('#error-summary').getByRole('link', { name: /^核实情况：/ }).waitFor();
  await hydrated(desk.page);
  await axe(desk.page, violations);
  assert.deepEqual(desk.errors, []);
  await desk.context.close();
  const phone = await phonePage(browser, { storageState: await worker.context.storageState() });
  await phone.page.goto('/registration');
  await phone.page.locator('#ending').waitFor();
  await hydrated(phone.page);
  await axe(phone.page, violations);
  assert.deepEqual(phone.errors, []);
  await phone.context.close();
  assert.deepEqual(violations, []);

  // Withdrawn: a reason is needed, then the person is told and the registration stays.
  await personPage(page, ref);
  await page.locator('#ending').getByRole('button', { name: '撤销拟注销', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: /^撤销原因：/ }).waitFor();
  await page.locator('#ending').getByLabel('撤销原因（例如本人提出异议，经核实不符合）').fill('本人提出异议，经复查可以从事轻体力工作（测试）');
  await page.locator('#ending').getByRole('button', { name: '撤销拟注销', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}` && u.searchParams.get('withdrawn') === '1');
  await banner(page, '已撤销拟注销，并已告知本人。');
  assert.equal(await page.locator('#ending').count(), 0, 'nothing pending');
  await page.getByRole('link', { name: '注销登记', exact: true }).waitFor();
  assert.deepEqual(errors, []);
  await context.close();

  await notices(worker.page, '拟注销已撤销');
  await worker.page.goto('/registration');
  await worker.page.locator('.status', { hasText: '已登记' }).waitFor();
  assert.equal(await worker.page.getByRole('heading', { name: '您符合注销失业登记的条件' }).count(), 0);
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
});

test('原因10 ends the registration at once and tells nobody, on a tablet with JavaScript', async () => {
  const person = APPLICANTS.died;
  const worker = await phonePage(browser);
  const { reference: ref } = await submitApplication(worker.context, person);

  const violations = [];
  const { context, page, errors } = await asStaff(browser, TABLET, STAFF);
  await register(context, ref);
  const before = await notices(worker.page, '您已完成失业登记');
  await hydrated(worker.page);

  await personPage(page, ref, { js: true });
  await page.getByRole('link', { name: '注销登记', exact: true }).click();
  await heading(page, `注销登记 ${ref}`);
  await hydrated(page);
  const reasons = page.getByRole('group', { name: /^注销原因/ });
  assert.match(await reasons.locator('label', { hasText: '10. 死亡' }).innerText(), /按规定不告知本人/);
  await reasons.getByLabel(/^10\. 死亡/).check();
  await page.getByRole('button', { name: '下一步', exact: true }).click();
  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}/end` && u.searchParams.get('reason') === '10');
  await page.getByRole('heading', { level: 2, name: '原因10：死亡', exact: true }).waitFor();
  await hydrated(page);
  await page.getByText('核实情况后办理；按规定不告知本人。').waitFor();
  assert.equal(await page.getByLabel('本人已确认符合注销条件，立即注销').count(), 0, 'nobody to confirm');
  await axe(page, violations);
  await page.getByLabel('核实情况', { exact: true }).fill('民政部门死亡信息比对，家属电话确认（测试）');
  await page.getByRole('button', { name: '确认注销', exact: true }).click();

  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}` && u.searchParams.get('ended') === '1');
  await banner(page, '登记已注销。');
  await hydrated(page);
  await page.getByText('这份登记已不在有效期（已注销），不再记录服务。').waitFor();
  assert.equal(await page.getByRole('link', { name: '注销登记', exact: true }).count(), 0, 'ended: nothing more to end');
  assert.equal(await page.getByRole('link', { name: '为此人记录服务' }).count(), 0);
  await axe(page, violations);
  await page.goto(`/staff/people/${ref}/end?reason=10`);
  await page.getByText('这份登记不是“已登记”状态，不能注销。').waitFor();
  await hydrated(page);
  assert.equal(await page.getByRole('button', { name: '确认注销' }).count(), 0);
  assert.deepEqual(errors, []);
  await context.close();

  // The worker's page shows it ended and why; no notice was sent.
  await worker.page.goto('/registration');
  await worker.page.locator('.status', { hasText: '已注销' }).waitFor();
  await hydrated(worker.page);
  const why = worker.page.locator('.summary-list__row', { has: worker.page.locator('dt', { hasText: '注销原因' }) });
  assert.equal((await why.locator('dd').innerText()).trim(), '死亡');
  assert.equal(await worker.page.locator('summary', { hasText: '什么情况下失业登记会注销' }).count(), 0, 'only while the registration is open');
  assert.equal(await notices(worker.page, '您已完成失业登记'), before, 'no new notice');
  assert.equal(await worker.page.getByRole('link', { name: '您的失业登记已注销' }).count(), 0);
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
  assert.deepEqual(violations, []);
});

test('a decline given by phone, taken down by staff, counts toward 原因8, at a desk with JavaScript', async () => {
  const person = APPLICANTS.declinedByPhone;
  const worker = await phonePage(browser, { javaScriptEnabled: false });
  const { reference: ref } = await submitApplication(worker.context, person);

  const violations = [];
  const { context, page, errors } = await asStaff(browser, DESK, STAFF);
  await register(context, ref);
  await staffApi(context, '/api/v1/staff/services', {
    references: [ref], kind: 'job_referral', given_on: chinaDay(), channel: 'phone',
    content: { employer: '某某物流（示例）', position: '仓库管理员' },
  }, 'record a referral');

  await personPage(page, ref, { js: true });
  const refusals = async () => (await page.locator('p', { hasText: '连续无正当理由拒绝' }).innerText()).match(/连续无正当理由拒绝：\s*(\d+)\s*次/)?.[1];
  assert.equal(await refusals(), '0');
  const card = () => page.locator('article', { hasText: '仓库管理员' });
  const taking = (c) => c.locator('details', { has: page.locator('summary', { hasText: '记录本人的答复（电话、现场或上门时给出的）' }) });
  await taking(card()).locator('summary').click();
  await axe(page, violations);

  // How the person answered must be said.
  let form = taking(card());
  await form.getByRole('group', { name: '本人的答复', exact: true }).getByLabel('不考虑', { exact: true }).check();
  await form.getByRole('group', { name: '不考虑的原因' }).getByLabel(/^不感兴趣/).check();
  await form.getByRole('button', { name: '记录答复', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: '答复方式：请选择本人是通过电话还是走访时答复的', exact: true }).waitFor();
  await hydrated(page);
  await axe(page, violations);

  form = taking(card());
  await form.locator('summary').click();
  const via = form.getByRole('group', { name: '本人通过什么方式答复', exact: true });
  for (const name of ['电话', '现场', '上门']) await via.getByLabel(name, { exact: true }).waitFor();
  await via.getByLabel('电话', { exact: true }).check();
  await form.getByRole('group', { name: '本人的答复', exact: true }).getByLabel('不考虑', { exact: true }).check();
  await form.getByRole('group', { name: '不考虑的原因' }).getByLabel(/^不感兴趣/).check();
  await form.getByRole('button', { name: '记录答复', exact: true }).click();

  await page.waitForURL((u) => u.pathname === `/staff/people/${ref}` && u.hash.startsWith('#service-'));
  await card().getByText('（电话答复，工作人员记录）').waitFor();
  await hydrated(page);
  assert.match(await card().locator('.service__answer').innerText(), /本人的答复：\s*不考虑/);
  await card().getByText(/不属于正当理由，计入连续拒绝次数/).waitFor();
  assert.equal(await taking(card()).count(), 0, 'a decline stands');
  assert.equal(await refusals(), '1');
  await axe(page, violations);
  assert.deepEqual(errors, []);
  await context.close();

  // The person sees the answer staff took down.
  await worker.page.goto('/services');
  const theirs = worker.page.locator('article', { hasText: '仓库管理员' });
  await theirs.getByText('（电话答复，工作人员记录）').waitFor();
  assert.match(await theirs.locator('.service__answer').innerText(), /您的答复：\s*不考虑/);
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
  assert.deepEqual(violations, []);
});
