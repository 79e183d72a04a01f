// 失业登记 end to end on a phone: with and without JavaScript, the eligibility answers, the
// identity rules, resuming a draft, and axe-core on every page of the flow.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { hydrated, launch, phonePage } from '../support/browser.mjs';
import { PEOPLE } from '../support/personal-data.mjs';
import { signInHere } from '../support/sign-in.mjs';
import { seriousViolations } from '../support/axe.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const violations = [];
// axe runs inside the page, so only where JavaScript is on (the same pages are checked there).
let scriptsOn = true;
async function axe(page) {
  if (!scriptsOn) return;
  for (const v of await seriousViolations(page)) violations.push(`${new URL(page.url()).pathname}: ${v}`);
}

/** From /register: sign in, state the document, and arrive at the first question. */
async function startAs(page, person, { kind = '居民身份证' } = {}) {
  await page.goto('/register');
  await page.getByRole('link', { name: /^(开始|继续填写)$/ }).click();
  await signInHere(page, person.phone);
  await page.getByRole('heading', { name: '登记您的证件' }).waitFor();
  await page.getByLabel(kind, { exact: true }).check();
  await page.getByLabel('证件号码').fill(person.id);
  await page.getByRole('button', { name: '登记证件' }).click();
}

const group = (page, name) => page.getByRole('group', { name });
// Every page of the flow is checked by axe-core before going on (where scripts run).
const next = async (page) => {
  await axe(page);
  await page.getByRole('button', { name: '继续' }).click();
};
const heading = (page, name) => page.getByRole('heading', { level: 1, name }).waitFor();

async function eligibility(page, { pension = '否' } = {}) {
  await heading(page, '先确认您能否办理失业登记');
  await group(page, '您有劳动能力吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您想找工作吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您现在没有工作吗？').getByLabel('是', { exact: true }).check();
  await group(page, '您已经按月领取基本养老金了吗？').getByLabel(pension, { exact: true }).check();
  await next(page);
}

for (const javaScriptEnabled of [true, false]) {
  test(`register end to end on a phone (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const person = javaScriptEnabled ? PEOPLE.withJs : PEOPLE.withoutJs;
    scriptsOn = javaScriptEnabled;
    const { context, page, errors } = await phonePage(browser, { javaScriptEnabled });
    await startAs(page, person);
    await heading(page, '先确认您能否办理失业登记');
    await axe(page);

    // 继续 with nothing chosen: the summary names each question and links to it.
    if (javaScriptEnabled) await hydrated(page);
    await next(page);
    const summary = page.getByRole('alert');
    await summary.getByRole('link', { name: '您有劳动能力吗：请选择一项' }).waitFor();
    assert.equal(await summary.getByRole('link').count(), 4);
    if (javaScriptEnabled) {
      assert.ok(page.url().endsWith('/register/eligibility'), 'checked in the browser, no post');
      await page.waitForFunction(() => document.activeElement?.id === 'error-summary');
    } else {
      assert.match(await page.title(), /^错误：/);
    }
    await axe(page);
    await eligibility(page);

    await heading(page, '您的姓名');
    await page.getByText(`${person.id.slice(0, 4)}**********${person.id.slice(14)}`).waitFor();
    await page.getByLabel('姓名', { exact: true }).fill('张3');
    await next(page);
    await page.getByRole('alert').getByRole('link', { name: /姓名：只能包含文字/ }).waitFor();
    assert.equal(await page.getByLabel('姓名', { exact: true }).inputValue(), '张3', 'value kept');
    await page.getByLabel('姓名', { exact: true }).fill('张三');
    await next(page);

    await heading(page, '怎样联系您');
    assert.equal(await page.getByLabel('手机号码').inputValue(), person.phone, 'the sign-in phone to start with');
    assert.equal(await page.getByLabel('手机号码').getAttribute('inputmode'), 'tel');
    await next(page);

    await heading(page, '您的户口在哪里');
    await page.getByLabel('户籍所在县市区').selectOption('430182');
    await next(page);
    await heading(page, '您的户籍地址');
    await page.getByLabel('户籍详细地址').fill('宁乡市某某镇某某村三组');
    await next(page);
    await heading(page, '您的户口性质');
    await page.getByLabel('农村户口（农业）').check();
    await next(page);
    await heading(page, '您现在住在哪里');
    await page.getByLabel('现住所在县市区').selectOption('430104');
    await next(page);
    // The county's townships are known (from the institution list): picked, not typed.
    await heading(page, '您现在的住址');
    await page.getByLabel('现住所在乡镇（街道）（选填）').selectOption({ label: '岳麓区第2街道（示例）' });
    await page.getByLabel('现住详细地址').fill('岳麓区某某小区5栋2单元301');
    await next(page);
    await heading(page, '您的民族');
    await page.getByLabel('民族').selectOption({ label: '土家族' });
    await next(page);
    await heading(page, '您的文化程度');
    await page.getByLabel('高中', { exact: true }).check();
    await next(page);
    await heading(page, '您的身体状况');
    await page.getByLabel('健康', { exact: true }).check();
    await next(page);
    await heading(page, '您为什么没有工作了');
    await page.getByLabel(/与单位解除或终止了劳动合同/).check();
    await page.getByLabel('原工作单位').fill('某某物流有限公司');
    await next(page);

    await heading(page, '您从哪天开始没有工作');
    await page.getByLabel('年', { exact: true }).fill('2026');
    await page.getByLabel('月', { exact: true }).fill('2');
    await page.getByLabel('日', { exact: true }).fill('30');
    await next(page);
    await page.getByRole('alert').getByRole('link', { name: /失业日期：请填写真实的日期/ }).waitFor();
    await axe(page);
    await page.getByLabel('日', { exact: true }).fill('28');
    await next(page);

    await heading(page, '您有哪些技能（选填）');
    await next(page);
    await heading(page, '您想找什么样的工作');
    await page.getByLabel('想做的工作', { exact: true }).fill('仓库管理员');
    await next(page);
    await heading(page, '您想参加培训或者自己创业吗');
    await group(page, '想参加职业技能培训吗？').getByLabel('是', { exact: true }).check();
    await group(page, '想自己创业吗？').getByLabel('否', { exact: true }).check();
    await next(page);
    await heading(page, '您还要申领失业保险金吗');
    await page.getByLabel('是', { exact: true }).check();
    await next(page);
    await heading(page, '您是否属于以下人员（选填）');
    await next(page);
    await heading(page, '您想在哪里办理失业登记');
    await page.getByLabel(/^常住地/).check();
    await next(page);
    await heading(page, '选择为您办理的服务机构');
    assert.equal(await page.getByRole('radio', { checked: true }).count(), 1, 'one office is chosen already');
    assert.match(await page.getByRole('radio', { checked: true }).getAttribute('value'), /^DEMO-430104902/, 'in the person’s own township');
    await next(page);

    // 核对信息: change one answer and come back.
    await heading(page, '核对您的信息');
    await axe(page);
    await page.getByRole('link', { name: /^修改\s*民族$/ }).click();
    await heading(page, '您的民族');
    await page.getByLabel('民族').selectOption({ label: '苗族' });
    await next(page);
    await heading(page, '核对您的信息');
    await page.getByText('苗族', { exact: true }).waitFor();
    await page.getByRole('link', { name: '信息无误，继续' }).click();

    await heading(page, '本人承诺');
    await axe(page);
    await page.getByRole('button', { name: '提交申请' }).click();
    await page.getByRole('alert').getByRole('link', { name: /勾选/ }).waitFor();
    await page.getByLabel('我已阅读并承诺以上内容真实').check();
    await page.getByLabel('请输入您的姓名作为签名').fill('张三');
    await page.getByRole('button', { name: '提交申请' }).click();

    await heading(page, '申请已提交');
    const reference = (await page.locator('.reference--large').textContent()).trim();
    assert.match(reference, /^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    await page.getByText('已提交', { exact: true }).waitFor();
    await page.getByText('失业保险金需要另外申请').waitFor();
    await axe(page);
    assert.ok(!(await page.content()).includes(person.id), 'no whole ID number on any page');

    // A second application is refused while this one is open.
    await page.goto('/register');
    await page.getByText(`受理编号 ${reference}`).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('a draft survives closing the page and resumes after signing in again', async () => {
  scriptsOn = true;
  const person = PEOPLE.hongKong;
  let { context, page } = await phonePage(browser);
  await page.goto('/register');
  await page.getByRole('link', { name: '开始' }).click();
  await signInHere(page, person.phone);
  // A 港澳台居民居住证 number typed as a 居民身份证: told which kind to choose.
  await page.getByLabel('证件号码').fill(person.id);
  await page.getByRole('button', { name: '登记证件' }).click();
  await page.getByRole('alert').getByRole('link', { name: /请把证件类型改选为“港澳台居民居住证”/ }).waitFor();
  await page.getByLabel('港澳台居民居住证').check();
  await page.getByRole('button', { name: '登记证件' }).click();
  await eligibility(page);
  await heading(page, '您的姓名');
  await page.getByLabel('姓名', { exact: true }).fill('陈大文');
  await next(page);
  await heading(page, '怎样联系您');
  // Typed but not yet sent with 继续: saved as the field is left, then the page is closed.
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/registration/draft') && r.request().method() === 'PUT');
  await page.getByLabel('邮政编码（选填）').fill('410006');
  await page.getByLabel('邮政编码（选填）').blur();
  assert.equal((await saved).status(), 200);
  await context.close();

  await new Promise((r) => setTimeout(r, 10_500)); // the resend limit (10 s in these tests)
  ({ context, page } = await phonePage(browser));
  await page.goto('/register');
  await page.getByRole('link', { name: '开始' }).click();
  await signInHere(page, person.phone);
  // The contact page was whole when the page closed (the phone was there already): on to the next.
  await heading(page, '您的户口在哪里');
  await page.getByRole('link', { name: '返回' }).click();
  await heading(page, '怎样联系您');
  assert.equal(await page.getByLabel('邮政编码（选填）').inputValue(), '410006');
  await page.getByRole('link', { name: '返回' }).click();
  await heading(page, '您的姓名');
  assert.equal(await page.getByLabel('姓名', { exact: true }).inputValue(), '陈大文');
  await context.close();
});

test('a 15-year-old and a pensioner are told why and what to do instead', async () => {
  for (const [person, why] of [[PEOPLE.fifteen, /年满16周岁/], [PEOPLE.pensioner, /养老金/]]) {
    const { context, page, errors } = await phonePage(browser);
    await startAs(page, person);
    await eligibility(page, { pension: person === PEOPLE.pensioner ? '是' : '否' });
    await heading(page, '您暂时不能办理失业登记');
    await page.getByText(why).first().waitFor();
    await page.getByRole('link', { name: '查找附近的服务机构' }).waitFor();
    await axe(page);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('axe-core finds no serious or critical violation on the pages of the flow', () => {
  assert.deepEqual(violations, []);
});
