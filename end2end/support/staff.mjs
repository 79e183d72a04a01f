// Staff in the browser tests: each account signs in through the staff pages once per run (a
// new code within the resend wait would be refused); later tests reuse its session at
// whatever size they need.
import { staffPage } from './browser.mjs';
import { codeFromLog, masked } from './sign-in.mjs';

const sessions = new Map();

/** Through the staff sign-in pages; `onEachPage(page)` also runs on the password and code pages. */
export async function signInAsStaff(page, who, onEachPage) {
  await page.goto('/staff');
  await page.getByRole('link', { name: '登录', exact: true }).click();
  await page.getByLabel('用户名').waitFor();
  if (onEachPage) await onEachPage(page);
  await page.getByLabel('用户名').fill(who.username);
  await page.getByLabel('密码').fill(who.password);
  await page.getByRole('button', { name: '下一步' }).click();
  await page.getByLabel('请输入短信验证码').waitFor();
  if (onEachPage) await onEachPage(page);
  await page.getByLabel('请输入短信验证码').fill(await codeFromLog(masked(who.phone)));
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: '待办', exact: true }).waitFor();
  sessions.set(who.username, await page.context().storageState());
}

/** A staff page at `size` signed in as `who`: with this run's session, or signed in here. */
export async function asStaff(browser, size, who, options = {}) {
  const saved = sessions.get(who.username);
  const session = await staffPage(browser, size, saved ? { ...options, storageState: saved } : options);
  if (!saved) await signInAsStaff(session.page, who);
  return session;
}
