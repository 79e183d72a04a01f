// 统计 at a desk: the county's figures of this month on the server-drawn page without
// JavaScript (pickers as a plain GET form, tables, SVG charts, a drill-down to a township),
// the same numbers as the JSON API and the CSV download (UTF-8 with BOM), another county's
// figures refused, and the page with JavaScript on: no console errors, axe-core clean.
// The registrations counted are those the earlier test files made in this run.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { DESK, hydrated, launch } from '../support/browser.mjs';
import { E2E_STAFF } from '../support/personal-data.mjs';
import { seriousViolations } from '../support/axe.mjs';
import { asStaff } from '../support/staff.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** This month in China, as YYYY-MM. */
const thisMonth = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

/** The number in the row `item` of the table under the heading `section`. */
async function figure(page, section, item) {
  const table = page.locator('section', { has: page.getByRole('heading', { level: 2, name: section, exact: true }) });
  const row = table.getByRole('row').filter({ has: page.getByRole('rowheader', { name: item, exact: true }) });
  return Number(await row.getByRole('cell').innerText());
}

test('a county reads its figures at a desk without JavaScript, as the API and the CSV give them', async () => {
  const { context, page } = await asStaff(browser, DESK, E2E_STAFF, { javaScriptEnabled: false });
  try {
    await page.goto('/staff');
    await page.getByRole('navigation', { name: '工作人员菜单' }).getByRole('link', { name: '统计' }).click();
    await page.getByRole('heading', { level: 1, name: '失业登记统计：岳麓区' }).waitFor();
    assert.match(await page.locator('#statistics-status').innerText(), /实时计算/);

    const api = await context.request.get(`/api/v1/staff/statistics?month=${thisMonth()}`);
    assert.equal(api.status(), 200);
    const figures = (await api.json()).figures;
    assert.ok(figures.registered.total >= 1, 'the demo worker at least, and those earlier test files registered');
    assert.equal(await figure(page, '月末登记失业人员', '合计'), figures.registered.total);
    assert.equal(await figure(page, '本月新增', '新登记'), figures.inflow.registered);
    assert.equal(await figure(page, '就业失业动态确认', '本月已确认'), figures.confirmation.confirmed);
    assert.equal(await figure(page, '本月注销（按注销原因）', '合计'), figures.outflow.total);

    // The charts are drawn on the server: an image with every value in its label.
    const trend = page.getByRole('img', { name: /^近12个月每月末的登记失业人员数/ });
    await trend.waitFor();
    assert.match(await trend.getAttribute('aria-label'), new RegExp(`${thisMonth().slice(2)} ${figures.registered.total}人`));
    assert.ok(await page.getByRole('img', { name: /^下一级各地区月末登记失业人员数/ }).isVisible());

    // The CSV the page links to: UTF-8 with a BOM, the columns named, the same total.
    const downloads = (what) => page.getByRole('listitem').filter({ hasText: what });
    const href = await downloads('本页数字').getByRole('link', { name: 'CSV' }).getAttribute('href');
    const csv = await context.request.get(href);
    assert.equal(csv.headers()['content-type'], 'text/csv; charset=utf-8');
    const bytes = await csv.body();
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split(/\r?\n/);
    assert.equal(lines[0], '统计月份,地区代码,地区名称,数据状态,类别,项目,数值');
    assert.equal(lines[1], `${thisMonth()},430104,岳麓区,实时,登记失业人员,合计,${figures.registered.total}`);
    // The month's registrations, one anonymised row each: as many in force as the figures say.
    const rowsHref = await downloads('每人一行').getByRole('link', { name: 'CSV' }).getAttribute('href');
    const rows = (await (await context.request.get(rowsHref)).text()).trim().split(/\r?\n/).slice(1);
    assert.equal(rows.filter((r) => r.includes(',登记在册,')).length, figures.registered.total);
    const workbook = await context.request.get(await downloads('本页数字').getByRole('link', { name: 'Excel' }).getAttribute('href'));
    assert.equal((await workbook.body()).subarray(0, 2).toString(), 'PK');

    // An earlier month through the GET form, then a township from the comparison table.
    const earlier = await page.getByLabel('统计月份', { exact: true }).locator('option').nth(1).getAttribute('value');
    await page.getByLabel('统计月份', { exact: true }).selectOption(earlier);
    await page.getByRole('button', { name: '查看' }).click();
    await page.waitForURL((url) => url.searchParams.get('month') === earlier);
    await page.getByRole('heading', { level: 1, name: '失业登记统计：岳麓区' }).waitFor();
    const township = page.getByRole('row').getByRole('link').first();
    const name = await township.innerText();
    await township.click();
    await page.getByRole('heading', { level: 1, name: `失业登记统计：${name}` }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('month'), earlier);

    // Another county is not this account's to read.
    await page.goto('/staff/statistics?division=430102');
    await page.getByRole('alert').filter({ hasText: '不在您账号的辖区' }).waitFor();
    assert.equal((await context.request.get('/api/v1/staff/statistics?division=430102')).status(), 404);
  } finally {
    await context.close();
  }
});

test('the 统计 page with JavaScript on: hydrated without errors and axe-core clean', async () => {
  const { context, page, errors } = await asStaff(browser, DESK, E2E_STAFF);
  try {
    await page.goto('/staff/statistics');
    await page.getByRole('heading', { level: 1, name: '失业登记统计：岳麓区' }).waitFor();
    await hydrated(page);
    const violations = await seriousViolations(page);
    assert.deepEqual(violations, []);
    await page.getByText('城镇、农村怎么划分').click();
    assert.ok(await page.getByText(/城镇、农村按常住地划分/).isVisible());
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
