// 工作人员 at a desk and on a tablet: the 待办 queue with its due dates, asking why before an
// application opens, 受理 and 登记 (JavaScript off), 不予登记 with a 说明 the person reads
// (tablet, JavaScript on), 转办 to another county's office (its staff see it, ours no longer),
// the staff layout and the 状态 filter. Each application is submitted through /api/v1 by a
// worker of its own (support/application.mjs); the worker then reads the outcome in their pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESK, TABLET, baseURL, hydrated, launch, phonePage, staffPage } from '../support/browser.mjs';
import { APPLICANTS, E2E_STAFF, E2E_STAFF_2 } from '../support/personal-data.mjs';
import { submitApplication } from '../support/application.mjs';
import { seriousViolations } from '../support/axe.mjs';
import { asStaff, signInAsStaff } from '../support/staff.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// The demo offices (app/src/backend/institutions/demo.rs) the two staff accounts belong to.
const OFFICE_NAME = {
  [E2E_STAFF.institution]: '岳麓区公共就业和人才服务中心（示例）',
  [E2E_STAFF_2.institution]: '开福区公共就业和人才服务中心（示例）',
};
const MENU = [['待办', '/staff'], ['已登记人员', '/staff/people'], ['记录服务', '/staff/record'], ['大厅协助', '/staff/assist'], ['统计', '/staff/statistics']];

/** A name as staff lists show it (PersonName::masked): 赵晓梅 → 赵*梅. */
const maskedName = (name) => (name.length <= 2 ? `${name[0]}*` : `${name[0]}${'*'.repeat(name.length - 2)}${name.at(-1)}`);

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

/** axe-core runs in the page, so only where JavaScript is on. */
async function axe(page, violations) {
  for (const v of await seriousViolations(page)) violations.push(`${new URL(page.url()).pathname}: ${v}`);
}

/** The due date the queue must show: 5 working days after submission, on the server's calendar. */
async function dueAfter(submittedOn) {
  const res = await fetch(`${baseURL}/api/v1/calendar/deadline?from=${submittedOn}&working_days=5`);
  assert.equal(res.status, 200);
  return (await res.json()).due;
}

/** The queue's row of one application (rows are found by their 受理编号 link). */
const queueRow = (page, ref) => page.locator('table.queue tr', { has: page.getByRole('link', { name: ref, exact: true }) });
const queueRows = (page) => page.locator('table.queue tr:has(a[href^="/staff/applications/"])');

/** Asks why (as the page requires), then opens the application. */
async function openApplication(page, ref, { why = '审核申请', js = false } = {}) {
  await page.goto(`/staff/applications/${ref}`);
  await heading(page, `查看申请 ${ref}`);
  if (js) await hydrated(page);
  await page.getByRole('group', { name: '查看原因' }).getByLabel(why, { exact: true }).check();
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await heading(page, `申请 ${ref}`);
  if (js) await hydrated(page);
}

/** After a decision: back on the queue, with the banner saying what was done. */
async function decided(page, ref, done, text) {
  await page.waitForURL((u) => u.pathname === '/staff' && u.searchParams.get('done') === done && u.searchParams.get('ref') === ref);
  await page.getByRole('status').filter({ hasText: text }).waitFor();
}

/** What every staff page but sign-in has: the staff menu and who is signed in, no bottom-nav. */
async function staffLayout(page, who) {
  assert.equal(await page.locator('.bottom-nav').count(), 0, 'no citizen bottom-nav on staff pages');
  const menu = page.getByRole('navigation', { name: '工作人员菜单' });
  for (const [name, href] of MENU) assert.equal(await menu.getByRole('link', { name, exact: true }).getAttribute('href'), href);
  const member = (await page.locator('.staff-who').innerText()).replace(/\s+/g, ' ').trim();
  assert.equal(member, `${who.username} · ${OFFICE_NAME[who.institution]}`);
  await page.getByRole('button', { name: '退出登录' }).waitFor();
}

test('受理 then 登记 at a desk without JavaScript; the worker is told', async () => {
  const person = APPLICANTS.registered;
  const worker = await phonePage(browser, { javaScriptEnabled: false });
  const { reference: ref, submitted_on: submittedOn } = await submitApplication(worker.context, person);
  const due = await dueAfter(submittedOn);

  const { context, page, errors } = await staffPage(browser, DESK, { javaScriptEnabled: false });
  await signInAsStaff(page, E2E_STAFF);
  await staffLayout(page, E2E_STAFF);
  const submitted = page.locator('ul.queue-counts').getByRole('link', { name: /^已提交 \d+$/ });
  assert.ok(Number((await submitted.innerText()).match(/\d+/)[0]) >= 1, 'this application counts');
  await page.locator('ul.queue-counts').getByRole('link', { name: /^已受理 \d+$/ }).waitFor();

  // The new application: masked, 已提交, due 5 working days on, with all 5 left.
  const row = queueRow(page, ref);
  assert.equal(await row.getByRole('link', { name: ref, exact: true }).getAttribute('href'), `/staff/applications/${ref}`);
  const cells = await row.locator('td, th').allInnerTexts();
  for (const text of [maskedName(person.name), '已提交', submittedOn, due]) {
    assert.ok(cells.some((c) => c.includes(text)), `${text} in ${JSON.stringify(cells)}`);
  }
  assert.equal(cells.at(-1).trim(), '剩5个工作日');
  assert.ok(!(await row.getAttribute('class') ?? '').includes('queue__row--overdue'));
  assert.ok(!(await page.content()).includes(person.name), 'only the masked name in the queue');
  // Overdue rows come first.
  const overdue = await queueRows(page).evaluateAll((rows) => rows.map((r) => r.classList.contains('queue__row--overdue')));
  assert.deepEqual(overdue, [...overdue].sort((a, b) => b - a), 'overdue rows first');

  // Opening asks why first; no reason, no application.
  await row.getByRole('link', { name: ref, exact: true }).click();
  await heading(page, `查看申请 ${ref}`);
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: '查看原因：请选择查看原因' }).waitFor();
  await page.getByRole('group', { name: '查看原因' }).getByLabel('审核申请', { exact: true }).check();
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await heading(page, `申请 ${ref}`);
  await page.getByText('已提交', { exact: true }).first().waitFor();
  for (const h2 of ['申请人', '登记表', '承诺书', '办理记录']) {
    await page.getByRole('heading', { level: 2, name: h2, exact: true }).waitFor();
  }
  assert.ok(await page.locator('ol.history li').count() >= 1);
  assert.match(await page.locator('ol.history').innerText(), /\d{4}-\d{2}-\d{2}/, 'dated events');
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await decided(page, ref, 'accepted', `受理编号 ${ref} 已受理，已通知本人。`);
  assert.match(await queueRow(page, ref).innerText(), /已受理/);

  // Accepted: 受理 is done, 登记 remains.
  await openApplication(page, ref);
  assert.equal(await page.getByRole('button', { name: '受理', exact: true }).count(), 0);
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await decided(page, ref, 'registered', `受理编号 ${ref} 已登记，已通知本人。`);
  assert.equal(await queueRow(page, ref).count(), 0, 'registered: no longer 待办');

  // The worker's side: the status, the history and both notices.
  await worker.page.goto('/registration');
  await worker.page.locator('.status', { hasText: '已登记' }).waitFor();
  await worker.page.getByRole('listitem').filter({ hasText: '服务机构受理了申请' }).first().waitFor();
  await worker.page.getByRole('listitem').filter({ hasText: '失业登记完成' }).first().waitFor();
  await worker.page.goto('/messages');
  await worker.page.getByRole('link', { name: '您的失业登记申请已受理' }).waitFor();
  await worker.page.getByRole('link', { name: '您已完成失业登记' }).waitFor();
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
  assert.deepEqual(errors, []);
  await context.close();

  // The same pages with JavaScript on, for axe-core: the queue with its banner, the why
  // form and a registered application (nothing left to decide).
  const violations = [];
  const desk = await asStaff(browser, DESK, E2E_STAFF);
  await desk.page.goto(`/staff?done=registered&ref=${ref}`);
  await heading(desk.page, '待办');
  await hydrated(desk.page);
  await axe(desk.page, violations);
  await desk.page.goto(`/staff/applications/${ref}`);
  await heading(desk.page, `查看申请 ${ref}`);
  await hydrated(desk.page);
  await axe(desk.page, violations);
  await openApplication(desk.page, ref, { why: '核实信息', js: true });
  assert.equal(await desk.page.getByRole('button', { name: '登记', exact: true }).count(), 0);
  await axe(desk.page, violations);
  assert.deepEqual(desk.errors, []);
  await desk.context.close();
  assert.deepEqual(violations, []);
});

test('不予登记 with 其他 needs a 说明, which the worker reads, on a tablet with JavaScript', async () => {
  const person = APPLICANTS.refused;
  const note = '您填写的失业日期与原单位解除劳动合同的日期不符，请核实后重新申请。';
  const worker = await phonePage(browser);
  const { reference: ref } = await submitApplication(worker.context, person);

  const violations = [];
  const { context, page, errors } = await asStaff(browser, TABLET, E2E_STAFF);
  await page.goto('/staff');
  await heading(page, '待办');
  await hydrated(page);
  await axe(page, violations);
  await queueRow(page, ref).getByRole('link', { name: ref, exact: true }).click();
  await heading(page, `查看申请 ${ref}`);
  await hydrated(page);
  await axe(page, violations);
  // Why is asked with scripts too.
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: '查看原因：请选择查看原因' }).waitFor();
  await hydrated(page);
  await axe(page, violations);
  await page.getByRole('group', { name: '查看原因' }).getByLabel('审核申请', { exact: true }).check();
  await page.getByRole('button', { name: '查看申请', exact: true }).click();
  await heading(page, `申请 ${ref}`);
  await hydrated(page);
  await axe(page, violations);

  // 其他 says nothing by itself: the person must be told why.
  await page.getByRole('group', { name: '不予登记原因' }).getByLabel('其他', { exact: true }).check();
  await page.getByRole('button', { name: '不予登记', exact: true }).click();
  await page.locator('#error-summary').getByRole('link', { name: /^说明：/ }).waitFor();
  await hydrated(page);
  assert.equal(await page.getByRole('group', { name: '不予登记原因' }).getByLabel('其他', { exact: true }).isChecked(), true, 'the choice is kept');
  await axe(page, violations);
  await page.getByLabel('说明（申请人会看到）').fill(note);
  await page.getByRole('button', { name: '不予登记', exact: true }).click();
  await decided(page, ref, 'refused', `受理编号 ${ref} 不予登记，已通知本人。`);
  await hydrated(page);
  await axe(page, violations);
  assert.equal(await queueRow(page, ref).count(), 0, 'refused: no longer 待办');
  assert.deepEqual(errors, []);
  await context.close();

  await worker.page.goto('/registration');
  await worker.page.locator('.status', { hasText: '不予登记' }).waitFor();
  await hydrated(worker.page);
  await worker.page.getByText(note).first().waitFor();
  await worker.page.goto('/messages');
  await worker.page.getByRole('link', { name: '您的失业登记申请未予登记' }).waitFor();
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
  assert.deepEqual(violations, []);
});

test('转办 to another county: it leaves our queue and reaches theirs, at a desk with JavaScript', async () => {
  const person = APPLICANTS.transferred;
  const theirs = OFFICE_NAME[E2E_STAFF_2.institution];
  const worker = await phonePage(browser);
  const { reference: ref } = await submitApplication(worker.context, person);

  const violations = [];
  const ours = await asStaff(browser, DESK, E2E_STAFF);
  await openApplication(ours.page, ref, { why: '办理转办', js: true });
  // The option is found by the office's name, whatever its value and however it is labelled.
  const to = ours.page.getByLabel('转至经办机构');
  const option = to.locator('option', { hasText: theirs });
  await to.selectOption((await option.getAttribute('value')) ?? (await option.textContent()));
  await ours.page.getByLabel('转办说明（选填）').fill('本人已搬到开福区居住，请在常住地办理。');
  await axe(ours.page, violations);
  await ours.page.getByRole('button', { name: '转办', exact: true }).click();
  await decided(ours.page, ref, 'transferred', `受理编号 ${ref} 已转至${theirs}，已通知本人。`);
  await hydrated(ours.page);
  assert.equal(await queueRow(ours.page, ref).count(), 0, 'no longer in our queue');
  assert.deepEqual(ours.errors, []);
  await ours.context.close();

  // The other office's staff, signing in for the first time (axe-core on the sign-in pages).
  const other = await staffPage(browser, DESK);
  await signInAsStaff(other.page, E2E_STAFF_2, async (p) => { await hydrated(p); await axe(p, violations); });
  await hydrated(other.page);
  await staffLayout(other.page, E2E_STAFF_2);
  await axe(other.page, violations);
  const row = queueRow(other.page, ref);
  assert.ok((await row.innerText()).includes(maskedName(person.name)));
  await row.getByRole('link', { name: ref, exact: true }).click();
  await heading(other.page, `查看申请 ${ref}`);
  await hydrated(other.page);
  await other.page.getByRole('group', { name: '查看原因' }).getByLabel('审核申请', { exact: true }).check();
  await other.page.getByRole('button', { name: '查看申请', exact: true }).click();
  await heading(other.page, `申请 ${ref}`);
  await hydrated(other.page);
  await other.page.getByRole('button', { name: '受理', exact: true }).waitFor();
  assert.match(await other.page.locator('ol.history').innerText(), /转/, 'the transfer is in the history');
  assert.deepEqual(other.errors, []);
  await other.context.close();

  await worker.page.goto('/registration');
  await worker.page.getByText(theirs).first().waitFor();
  await hydrated(worker.page);
  await worker.page.goto('/messages');
  await worker.page.getByRole('link', { name: '您的失业登记申请已转办' }).waitFor();
  assert.deepEqual(worker.errors, []);
  await worker.context.close();
  assert.deepEqual(violations, []);
});

test('the staff layout on a tablet, and the 状态 filter as a plain GET form', async () => {
  const person = APPLICANTS.filtered;
  const worker = await phonePage(browser);
  const { reference: ref } = await submitApplication(worker.context, person);
  await worker.context.close();

  const { context, page, errors } = await asStaff(browser, TABLET, E2E_STAFF, { javaScriptEnabled: false });
  await page.goto('/staff');
  await heading(page, '待办');
  await staffLayout(page, E2E_STAFF);
  const status = page.getByLabel('状态', { exact: true });
  assert.deepEqual((await status.locator('option').allInnerTexts()).map((t) => t.trim()), ['全部待办', '已提交', '已受理']);
  await page.getByLabel('地区', { exact: true }).waitFor();
  await page.getByLabel('经办机构', { exact: true }).waitFor();
  const form = page.locator('form', { has: status });
  assert.equal((await form.getAttribute('method') ?? 'get').toLowerCase(), 'get', 'a filter is an address, not a post');

  await openApplication(page, ref);
  await page.getByRole('button', { name: '受理', exact: true }).click();
  await decided(page, ref, 'accepted', `受理编号 ${ref} 已受理，已通知本人。`);

  /** Chooses a 状态, submits, and returns each remaining row's text. */
  async function filterBy(label) {
    const before = page.url();
    await page.getByLabel('状态', { exact: true }).selectOption({ label });
    await page.getByRole('button', { name: '筛选', exact: true }).click();
    await page.waitForURL((u) => u.href !== before && u.pathname === '/staff');
    assert.notEqual(new URL(page.url()).search, '', 'the choice is in the address');
    assert.equal((await page.getByLabel('状态', { exact: true }).locator('option:checked').innerText()).trim(), label, 'the choice is kept');
    return queueRows(page).allInnerTexts();
  }
  const accepted = await filterBy('已受理');
  assert.ok(accepted.some((r) => r.includes(ref)), 'the accepted application is listed');
  assert.ok(accepted.every((r) => r.includes('已受理') && !r.includes('已提交')), JSON.stringify(accepted));
  const acceptedAddress = page.url();
  const submitted = await filterBy('已提交');
  assert.ok(!submitted.some((r) => r.includes(ref)), 'not among 已提交');
  assert.ok(submitted.every((r) => r.includes('已提交') && !r.includes('已受理')), JSON.stringify(submitted));
  if (submitted.length === 0) await page.getByText('没有符合筛选条件的待办。').waitFor();
  const all = await filterBy('全部待办');
  assert.ok(all.some((r) => r.includes(ref)));

  // Registered, the person is listed under 已登记人员 and has a page of services.
  await openApplication(page, ref);
  await page.getByRole('button', { name: '登记', exact: true }).click();
  await decided(page, ref, 'registered', `受理编号 ${ref} 已登记，已通知本人。`);
  await page.getByRole('navigation', { name: '工作人员菜单' }).getByRole('link', { name: '已登记人员', exact: true }).click();
  await page.waitForURL((u) => u.pathname === '/staff/people');
  await staffLayout(page, E2E_STAFF);
  const link = page.locator(`a[href="/staff/people/${ref}"]`);
  assert.ok((await link.innerText()).includes(maskedName(person.name)));
  await link.click();
  await heading(page, /^服务记录/);
  await staffLayout(page, E2E_STAFF);

  // This month's 就业失业动态确认, recorded after a call: without a result it is named.
  const check = page.locator('#check');
  await check.getByText('本月尚未确认', { exact: false }).waitFor();
  await check.getByRole('group', { name: '确认方式' }).getByLabel('电话', { exact: true }).check();
  await check.getByRole('button', { name: '记录确认' }).click();
  await page.locator('#error-summary').getByRole('link', { name: '确认结果：请选择一项' }).waitFor();
  assert.equal(await page.locator('#check').getByRole('group', { name: '确认方式' }).getByLabel('电话', { exact: true }).isChecked(), true, 'the choice is kept');
  await page.locator('#check').getByRole('group', { name: '确认结果' }).getByLabel('仍在找工作', { exact: true }).check();
  await page.locator('#check').getByRole('button', { name: '记录确认' }).click();
  await page.locator('#check').getByText('本月已确认：仍在找工作（电话）', { exact: false }).waitFor();

  await page.getByRole('navigation', { name: '工作人员菜单' }).getByRole('link', { name: '记录服务', exact: true }).click();
  await heading(page, '记录哪一项服务？');
  await staffLayout(page, E2E_STAFF);
  assert.deepEqual(errors, []);
  await context.close();

  // The same pages with JavaScript on, for axe-core: the filtered queue, people, one person,
  // recording a service.
  const violations = [];
  const tablet = await asStaff(browser, TABLET, E2E_STAFF);
  for (const [address, ready] of [
    [acceptedAddress, () => heading(tablet.page, '待办')],
    ['/staff/people', () => tablet.page.locator(`a[href="/staff/people/${ref}"]`).waitFor()],
    [`/staff/people/${ref}`, () => heading(tablet.page, /^服务记录/)],
    ['/staff/record', () => heading(tablet.page, '记录哪一项服务？')],
  ]) {
    await tablet.page.goto(address);
    await ready();
    await hydrated(tablet.page);
    await staffLayout(tablet.page, E2E_STAFF);
    await axe(tablet.page, violations);
  }
  assert.deepEqual(tablet.errors, []);
  await tablet.context.close();
  assert.deepEqual(violations, []);
});
