// 我的就业服务 on a phone, as the demo worker of `make run`: the 311 progress, a referral's
// card with its tel: link, declining with a reason (JavaScript off) and 已录用 leading to
// reporting the new job (JavaScript on), the inbox and the lists; between them, a staff
// member records a training offer for the worker and follows a referral up (staff pages).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, launch, phonePage } from '../support/browser.mjs';
import { DEMO_WORKER, E2E_STAFF } from '../support/personal-data.mjs';
import { codeFromLog, masked, signInHere } from '../support/sign-in.mjs';
import { seriousViolations } from '../support/axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Today in China as YYYY-MM-DD. */
const todayChina = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

// The worker signs in once (a second code within the resend wait would be refused); the
// later test reuses the session.
let workerSession;
let staffSession;

async function signedInAtServices(page) {
  await page.goto('/services');
  await page.getByRole('link', { name: '登录' }).click();
  await signInHere(page, DEMO_WORKER.phone);
  await page.getByRole('heading', { level: 1, name: '我的就业服务' }).waitFor();
}

test('declining a referral with a reason, without JavaScript', async () => {
  const { context, page, errors } = await phonePage(browser, { javaScriptEnabled: false });
  await signedInAtServices(page);
  workerSession = await context.storageState();
  const progress = page.locator('.progress');
  assert.match(await progress.innerText(), /岗位推荐\s*3\/3\s*已完成/);
  assert.match(await progress.innerText(), /培训信息\s*0\/1\s*还差1次/);
  await page.getByText('还应为您提供：培训信息1次。').waitFor();

  const card = page.locator('article', { hasText: '理货员' });
  assert.equal(await card.getByRole('link', { name: '0731-00000003' }).getAttribute('href'), 'tel:073100000003');
  assert.match(await card.getByRole('link', { name: '地图' }).getAttribute('href'), /^https:\/\/uri\.amap\.com\/search\?keyword=/);

  // 不考虑 without a reason: the summary names it, the choice is kept and the reasons show.
  const answer = card.getByRole('group', { name: '您的答复' });
  await answer.getByLabel('不考虑').check();
  const reasons = card.getByRole('group', { name: '不考虑的原因' });
  await reasons.waitFor();
  await card.getByRole('button', { name: '提交答复' }).click();
  const summary = page.locator('#error-summary');
  await summary.getByRole('link', { name: '原因：请选择不考虑（不参加）的原因' }).waitFor();
  const again = page.locator('article', { hasText: '理货员' });
  assert.equal(await again.getByRole('group', { name: '您的答复' }).getByLabel('不考虑').isChecked(), true);

  // Each reason says whether it is a good reason.
  const far = again.getByRole('group', { name: '不考虑的原因' }).getByLabel(/工作地点太远/);
  assert.match(await again.locator('label', { hasText: '工作地点太远' }).innerText(), /属于正当理由/);
  assert.match(await again.locator('label', { hasText: '不感兴趣' }).innerText(), /不属于正当理由/);
  await far.check();
  await again.getByRole('button', { name: '提交答复' }).click();
  await page.waitForURL(/\/services#service-/);
  const answered = page.locator('article', { hasText: '理货员' });
  await answered.getByText('您的答复：不考虑').waitFor();
  await answered.getByText(/属于正当理由，不计入拒绝次数/).waitFor();
  assert.equal(await answered.getByRole('button', { name: '提交答复' }).count(), 0, 'a decline stands');

  // The inbox kept the notices the services sent.
  await page.goto('/messages');
  assert.ok(await page.getByRole('link', { name: '您有新的就业服务：岗位推荐' }).count() >= 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('staff record a training offer and a 回访 on the staff pages, without JavaScript', async () => {
  const { context, page, errors } = await phonePage(browser, { javaScriptEnabled: false });
  await page.goto('/staff');
  await page.getByRole('link', { name: '登录' }).click();
  await page.getByLabel('用户名').fill(E2E_STAFF.username);
  await page.getByLabel('密码').fill(E2E_STAFF.password);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('请输入短信验证码').fill(await codeFromLog(masked(E2E_STAFF.phone)));
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('heading', { level: 1, name: '待办' }).waitFor();
  staffSession = await context.storageState();

  // The demo worker, masked, among the registered people of the office's area.
  await page.getByRole('navigation', { name: '工作人员菜单' }).getByRole('link', { name: '已登记人员' }).click();
  await page.getByRole('link', { name: /李\*例/ }).click();
  await page.getByRole('heading', { level: 1, name: /^服务记录/ }).waitFor();
  assert.match(await page.locator('.progress').innerText(), /培训信息\s*0\/1/);
  await page.getByRole('link', { name: '为此人记录服务' }).click();
  await page.getByRole('link', { name: /^培训信息/ }).click();
  await page.getByLabel('培训项目').fill('电工（示例）');
  await page.getByLabel('培训机构').fill('示例职业技能培训学校');
  // Only a free training counts toward 311: 是否免费 is a required choice.
  await page.getByRole('group', { name: '是否免费' }).getByLabel('是', { exact: true }).check();
  await page.getByRole('button', { name: '记录并通知本人' }).click();
  await page.locator('#error-summary').getByRole('link', { name: /^服务方式：/ }).waitFor();
  assert.equal(await page.getByLabel('培训项目').inputValue(), '电工（示例）', 'values kept');
  await page.getByRole('group', { name: '服务方式' }).getByLabel('电话').check();
  await page.getByRole('button', { name: '记录并通知本人' }).click();
  await page.getByText('服务已记录，并已通知本人。').waitFor();
  assert.match(await page.locator('.progress').innerText(), /培训信息\s*1\/1/);

  // 回访 of the first referral.
  const card = page.locator('article', { hasText: '仓库管理员' });
  await card.getByRole('group', { name: '回访：联系上本人了吗？' }).getByLabel('联系上了').check();
  await card.getByLabel('回访结果').fill('已参加面试，等待通知');
  await card.getByRole('button', { name: '保存回访' }).click();
  await page.locator('article', { hasText: '仓库管理员' }).getByText(/回访（.*）：已参加面试，等待通知/).waitFor();
  assert.deepEqual(errors, []);
  await context.close();
});

test('已录用 leads to reporting the new job, with JavaScript', async () => {
  const { context, page, errors } = await phonePage(browser, { storageState: workerSession });
  await page.goto('/services');
  await hydrated(page);
  await page.getByRole('link', { name: '我的消息' }).waitFor();
  assert.match(await page.locator('.link-list').innerText(), /条未读/, "the training offer's notice is unread");
  assert.match(await page.locator('.progress').innerText(), /培训信息\s*1\/1\s*已完成/, "the staff member's offer counts");
  const violations = await seriousViolations(page);
  const card = page.locator('article', { hasText: '分拣员' });
  // The decline reasons show only once 不考虑 is chosen.
  assert.equal(await card.getByRole('group', { name: '不考虑的原因' }).isVisible(), false);
  await card.getByRole('group', { name: '您的答复' }).getByLabel(/已录用/).check();
  await card.getByRole('button', { name: '提交答复' }).click();

  await page.waitForURL(/\/registration\?hired=1#work/);
  await page.getByText('恭喜您被录用！').waitFor();
  assert.equal(await page.getByLabel('被用人单位录用').isChecked(), true);
  await page.getByLabel('哪天开始工作').fill(todayChina());
  await page.getByRole('button', { name: '报告并结束失业登记' }).click();
  await page.getByText('已注销', { exact: true }).waitFor();
  await page.getByRole('definition').filter({ hasText: '被用人单位录用' }).waitFor();
  const reference = (await page.locator('dd.reference').innerText()).trim();

  await page.goto('/services/policies');
  await page.getByRole('heading', { level: 1, name: '政策清单' }).waitFor();
  assert.ok(await page.getByText('示例', { exact: true }).count() >= 1, 'demo entries are marked 示例');
  violations.push(...await seriousViolations(page));

  // The staff pages, for axe-core (they were used without JavaScript above).
  const staff = await phonePage(browser, { storageState: staffSession });
  await staff.page.goto('/staff');
  await hydrated(staff.page);
  violations.push(...await seriousViolations(staff.page));
  await staff.page.goto(`/staff/people/${reference}`);
  await staff.page.getByText('这份登记已不在有效期（已注销），不再记录服务。').waitFor();
  await hydrated(staff.page);
  violations.push(...await seriousViolations(staff.page));
  assert.deepEqual(staff.errors, []);
  await staff.context.close();
  assert.deepEqual(violations, []);
  assert.deepEqual(errors, []);
  await context.close();
});
