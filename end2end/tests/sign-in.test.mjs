// Signing in with a phone and the code the development SMS sender writes to the server log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, phonePage } from '../support/browser.mjs';
import { TEST_IDS, TEST_PHONES } from '../support/personal-data.mjs';
import { codeFromLog } from '../support/sign-in.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const javaScriptEnabled of [true, false]) {
  test(`sign in, see the account, sign out (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, async () => {
    const phone = javaScriptEnabled ? TEST_PHONES[0] : TEST_PHONES[1];
    const idNumber = javaScriptEnabled ? TEST_IDS[0] : TEST_IDS[1];
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
    const { context, page, errors } = await phonePage(browser, { javaScriptEnabled });
    await page.goto('/');
    await page.getByRole('link', { name: '我的账户' }).click();
    await page.getByRole('link', { name: '登录' }).click();

    // A wrong number first: the error at the top and at the field, the value kept.
    const field = page.getByLabel('您的手机号码是多少？');
    await field.fill('139 1234');
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByRole('alert').getByRole('link', { name: /手机号码.*11位/ }).waitFor();
    assert.equal(await field.inputValue(), '139 1234');
    assert.match(await page.title(), /^错误：/);

    await field.fill(phone);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText(`验证码已发送至 ${masked}`).waitFor();
    assert.ok(!page.url().includes(phone), 'no phone number in the address');
    const code = await codeFromLog(masked);
    await page.getByLabel('请输入短信验证码').fill(code);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL('**/account');
    await page.getByText(`您已登录，手机号 ${masked}`).waitFor();
    assert.ok(!(await page.content()).includes(phone), 'the number is shown masked');

    // The document, stated once: a wrong check digit first (named at the top and the field).
    const number = page.getByLabel('证件号码');
    const wrong = idNumber.slice(0, 17) + (idNumber.endsWith('0') ? '1' : '0');
    await number.fill(wrong);
    await page.getByRole('button', { name: '登记证件' }).click();
    await page.getByRole('alert').getByRole('link', { name: /校验位不对/ }).waitFor();
    assert.equal(await page.getByLabel('证件号码').inputValue(), wrong, 'value kept');
    await page.getByLabel('证件号码').fill(idNumber.toLowerCase());
    await page.getByRole('button', { name: '登记证件' }).click();
    const maskedId = `${idNumber.slice(0, 4)}**********${idNumber.slice(14)}`;
    await page.getByText(`证件：居民身份证 ${maskedId}`).waitFor();
    assert.ok(!(await page.content()).includes(idNumber), 'the ID number is shown masked');

    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === '__Host-portal_session');
    assert.ok(session, 'the session cookie is set');
    assert.equal(session.httpOnly, true);
    assert.equal(session.secure, true);
    assert.equal(session.sameSite, 'Lax');

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.goto('/account');
    await page.getByText('您还没有登录').waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
}
