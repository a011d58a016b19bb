/**
 * The phone pages at 375×812, with and without 长辈模式: accessible (axe, serious/critical), no sideways
 * scrolling, and elder mode really makes the text bigger. Then the grid worker, on his phone, confirms a
 * resident's pending household link in the console.
 */
import { expect, type Page, test } from '@playwright/test';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

const phone = { width: 375, height: 812 };
test.use({ viewport: phone, locale: 'zh-CN' });

const fontSize = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));

/** Polled: the console's menu collapses to icons a moment after the first paint at phone width. */
async function expectNoSideways(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
}

/**
 * Checks the page as it is (elder mode off), switches 长辈模式 on through the header switch, and checks it
 * again: `ready` is something the page shows once loaded, `text` an element of ordinary body text.
 */
async function checkBothModes(page: Page, ready: string, text: string, elderShot?: string) {
  await expect(page.locator(ready).first()).toBeVisible();
  await expect(page.locator('html')).not.toHaveClass(/elder-mode/);
  const normal = { main: await fontSize(page, '#gr-main'), text: await fontSize(page, text) };
  await expectNoSideways(page);
  await expectNoSeriousA11yViolations(page);

  await page.getByTestId('elder-switch').click();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
  await expect.poll(() => fontSize(page, '#gr-main')).toBeGreaterThanOrEqual(normal.main + 3);
  expect(await fontSize(page, text)).toBeGreaterThan(normal.text);
  await expect(page.locator(ready).first()).toBeVisible();
  await expectNoSideways(page);
  await expectNoSeriousA11yViolations(page);
  if (elderShot) await shot(page, elderShot, true);
  // Remembered across a reload.
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/elder-mode/);
}

async function h5Login(page: Page, username: string) {
  await page.goto('/h5/login');
  await page.getByLabel('手机号').fill(username);
  await page.getByLabel('密码').fill('grassroots');
  await okButton(page, '登录').click();
  await expect(page).toHaveURL(/\/h5$/);
}

test('the public 亮身份 search page, with and without 长辈模式', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto('/p/duty');
  await page.getByLabel('小区 / 楼栋 / 地址').fill('新城');
  await page.getByLabel('小区 / 楼栋 / 地址').press('Enter');
  await expect(page).toHaveURL(/\?q=/);
  await checkBothModes(page, 'a.duty-result', '.duty-head p');
  expect(problems).toEqual([]);
});

test('the public 亮身份 page of a demo building, with and without 长辈模式', async ({ page }) => {
  const problems = watchPage(page);
  const hits = (await (await page.request.get('/api/public/duty/search?q=新城')).json()) as { code: string }[];
  expect(hits.length).toBeGreaterThan(0);
  await page.goto(`/p/duty/b/${hits[0]?.code}`);
  await expect(page.locator('a.duty-call').first()).toHaveAttribute('href', /^tel:/);
  await checkBothModes(page, '.duty-person', '.duty-head p', 'duty-public-elder');
  expect(problems).toEqual([]);
});

test('the H5 sign-in and sign-up pages, with and without 长辈模式', async ({ page }) => {
  const problems = watchPage(page);
  await page.goto('/h5/login');
  await checkBothModes(page, 'input#phone', 'label[for="phone"]');
  await page.getByTestId('elder-switch').click(); // back to normal for the next page
  await page.goto('/h5/signup');
  await checkBothModes(page, 'input#phone', 'label[for="phone"]');
  expect(problems).toEqual([]);
});

test('the resident signs in on /h5/login; home and the link page, with and without 长辈模式', async ({ page }) => {
  const problems = watchPage(page);
  await h5Login(page, 'resident');
  await checkBothModes(page, '.gr-phone-main .ant-card, .gr-phone-main h2', '.gr-phone-main');
  await page.getByTestId('elder-switch').click();
  await page.goto('/h5/link');
  await expect(page.getByText('第一步：找到您的楼栋')).toBeVisible();
  await shot(page, 'h5-link', true);
  await checkBothModes(page, 'input#link-code', 'label[for="link-code"]');
  expect(problems).toEqual([]);
});

test('the grid worker confirms a pending resident link on his phone', async ({ page }) => {
  const problems = watchPage(page);
  await loginAs(page, 'worker');
  await page.goto('/console/resident-links');
  await expect(page.getByRole('heading', { level: 1, name: '居民关联审核' })).toBeVisible();
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await expect(rows.first()).toBeVisible();
  const before = await rows.count();
  expect(before).toBeGreaterThanOrEqual(1); // the demo queues two requests in his grid
  await expectNoSideways(page);
  await expectNoSeriousA11yViolations(page);
  const row = rows.first();
  // At phone width each request is one card-like cell; the resident's name is its heading line.
  const resident = ((await row.locator('.gr-link-name').textContent()) ?? '').trim();
  expect(resident).not.toBe('');
  // A re-render of the table can close the Popconfirm under the click, so the step is retried until done.
  await expect(async () => {
    if ((await page.locator('.ant-popover:visible').count()) === 0) await okButton(row, '确认').click();
    await okButton(page.locator('.ant-popover:visible'), '确定').click({ timeout: 2_000 });
    await expect(rows.filter({ hasText: resident })).toHaveCount(0, { timeout: 3_000 });
  }).toPass({ timeout: 20_000 });
  await expect(rows).toHaveCount(before - 1);
  // It now shows among the confirmed ones.
  await page.getByText('已确认', { exact: true }).first().click();
  await expect(page.locator('.ant-table-tbody tr.ant-table-row', { hasText: resident }).first()).toBeVisible();
  expect(problems).toEqual([]);
});
