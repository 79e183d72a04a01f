// Signing in through the pages, with the code the development SMS sender writes to the log.
import { readFileSync } from 'node:fs';

const LOG = process.env.PORTAL_E2E_LOG;

export const masked = (phone) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/** The newest code the log sender wrote for this masked number. */
export async function codeFromLog(maskedPhone) {
  for (let i = 0; i < 50; i++) {
    const lines = readFileSync(LOG, 'utf8').split('\n').filter((l) => l.includes(maskedPhone) && l.includes('验证码是'));
    const m = lines.at(-1)?.match(/验证码是(\d{6})/);
    if (m) return m[1];
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${maskedPhone} in the server log`);
}

/** From the 登录 page: the phone, then the code; the page then goes on to its `next`. */
export async function signInHere(page, phone) {
  await page.getByLabel('您的手机号码是多少？').fill(phone);
  await page.getByRole('button', { name: '获取验证码' }).click();
  await page.getByText(`验证码已发送至 ${masked(phone)}`).waitFor();
  await page.getByLabel('请输入短信验证码').fill(await codeFromLog(masked(phone)));
  await page.getByRole('button', { name: '登录' }).click();
}
