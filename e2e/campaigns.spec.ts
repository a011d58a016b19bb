/**
 * 地毯式摸排 end to end: the community secretary builds a campaign for 高家沟社区 over its 独居老人 households
 * with two questions and starts it; the demo grid worker opens it on a phone (375×812), goes OFFLINE, records two
 * visits (the phone shows 待上传 2 条), comes back online and the queue drains by itself. The server holds each
 * visit exactly once (coverage moved by 2; resending a stored clientRef answers 200 and adds nothing), and the
 * console coverage page shows the moved numbers and exports the results.
 */
import { type Browser, expect, type Page, type Request, test } from '@playwright/test';
import { apiOf } from './cases-support.js';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

test.describe.configure({ mode: 'serial' });

const phone = { width: 375, height: 812 };
const run = Date.now().toString(36);
const name = `独居老人冬季走访（${run}）`;

interface Coverage {
  total: number;
  visited: number;
  pending: number;
  grids: { gridName: string; visited: number; total: number }[];
}

async function phonePage(browser: Browser, username: string) {
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  const problems = watchPage(page);
  await loginAs(page, username);
  return { ctx, page, problems };
}

async function expectNoSideways(page: Page) {
  await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(phone.width);
}

/** Answers the two questions and saves; back on the list afterwards. */
async function recordVisit(page: Page, index: number) {
  const buttons = page.getByRole('button', { name: /^走访 / });
  await buttons.nth(index).click();
  await expect(page.getByRole('radio', { name: '已走访' })).toBeChecked();
  await page.getByRole('radio', { name: '煤炉' }).check();
  await page.getByLabel('在家人数').fill(String(index + 1));
  await expect(page.getByText('当前离线，无法上传照片')).toBeVisible();
  if (index === 0) {
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'h5-campaign-visit', true);
  }
  await page.getByRole('button', { name: /保存走访/ }).click();
  await expect(page.getByRole('button', { name: /^走访 / }).first()).toBeVisible();
}

test.describe('Campaigns: build → start → offline visits on the phone → coverage', () => {
  let campaignId = '';
  let before: Coverage | null = null;

  test('the secretary builds a campaign over 独居老人 households with two questions and starts it', async ({
    page,
  }) => {
    const problems = watchPage(page);
    await loginAs(page, 'secretary');
    await page.goto('/console/campaigns');
    await expect(page.getByRole('heading', { name: '摸排任务' })).toBeVisible();
    await page.getByRole('button', { name: /新建摸排任务/ }).click();
    const dialog = page.getByRole('dialog', { name: '新建摸排任务' });
    await dialog.getByLabel('任务名称').fill(name);
    await dialog.getByLabel('摸排范围').click();
    await page.keyboard.type('高家沟社区');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: /^高家沟社区$/ }).click();
    await dialog.getByRole('checkbox', { name: '独居老人', exact: true }).check();
    await expect(dialog.getByTestId('target-preview')).toContainText(/预计覆盖 \d+ 户/);

    await dialog.getByLabel('问题 1', { exact: true }).fill('取暖方式');
    await dialog.getByLabel('问题 1 的类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '单选' }).click();
    await dialog.getByLabel('问题 1 的选项').fill('集中供暖\n煤炉\n电暖');
    await dialog.getByLabel('问题 1 必填').check();
    await dialog.getByRole('button', { name: /添加问题/ }).click();
    await dialog.getByLabel('问题 2', { exact: true }).fill('在家人数');
    await dialog.getByLabel('问题 2 的类型').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '数字' }).click();
    // Checked once the list has closed: antd's open listbox (an internal, unnamed role=listbox) is not ours.
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
    await okButton(dialog, '保存').click();

    await expect(page).toHaveURL(/\/console\/campaigns\/\d+$/);
    campaignId = /campaigns\/(\d+)$/.exec(page.url())?.[1] ?? '';
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await expect(page.locator('.ant-tag', { hasText: '草稿' })).toBeVisible();
    await page.getByRole('button', { name: /启\s*动$/ }).click();
    await page
      .locator('.ant-popover:visible')
      .getByRole('button', { name: /启\s*动/ })
      .click();
    await expect(page.locator('.ant-tag', { hasText: '进行中' })).toBeVisible();
    await expect(page.getByTestId('coverage-total')).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    expect(problems).toEqual([]);
  });

  test('the grid worker records two visits while offline; they upload once, when the phone is back online', async ({
    browser,
  }) => {
    const { ctx, page, problems } = await phonePage(browser, 'worker');
    const api = await apiOf(page);
    before = await api.get<Coverage>(`/api/campaigns/${campaignId}/coverage`);
    expect(before.total).toBeGreaterThanOrEqual(2);
    expect(before.visited).toBe(0);

    await page.goto('/h5/campaigns');
    const card = page.getByRole('link', { name: new RegExp(name.replace(/[()（）]/g, '.')) });
    await expect(card).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await card.click();
    await expect(page).toHaveURL(new RegExp(`/h5/campaigns/${campaignId}$`));
    await expect(page.getByRole('button', { name: /^走访 / }).nth(1)).toBeVisible();
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);

    const posts: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/api/campaigns/${campaignId}/visits`)) posts.push(r);
    });
    await ctx.setOffline(true);
    await expect(page.getByText('当前离线')).toBeVisible();
    await recordVisit(page, 0);
    await expect(page.getByTestId('visit-queue')).toContainText('待上传 1 条');
    await recordVisit(page, 1);
    await expect(page.getByTestId('visit-queue')).toContainText('待上传 2 条');
    await expect(page.locator('.ant-tag', { hasText: '待上传' })).toHaveCount(2);

    await ctx.setOffline(false);
    await expect(page.getByTestId('visit-queue')).toHaveCount(0, { timeout: 15_000 });
    const sent = posts.filter((r) => r.failure() === null);
    const refs = new Set(sent.map((r) => (r.postDataJSON() as { clientRef: string }).clientRef));
    expect(refs.size).toBe(2);

    const after = await api.get<Coverage>(`/api/campaigns/${campaignId}/coverage`);
    expect(after.visited).toBe(before.visited + 2);
    expect(after.pending).toBe(before.pending - 2);

    // Resending a stored visit (a phone that never heard the answer) returns it with 200 and stores nothing new.
    const body = sent[0]?.postDataJSON() as { clientRef: string; householdId: string };
    const again = await page.request.post(`/api/campaigns/${campaignId}/visits`, {
      data: body,
      headers: { 'x-csrf-token': (await (await page.request.get('/api/me')).json()).csrfToken },
    });
    expect(again.status()).toBe(200);
    expect((await again.json()).clientRef).toBe(body.clientRef);
    const detail = await api.get<{ visits: unknown[] }>(`/api/campaigns/${campaignId}/households/${body.householdId}`);
    expect(detail.visits).toHaveLength(1);
    expect((await api.get<Coverage>(`/api/campaigns/${campaignId}/coverage`)).visited).toBe(before.visited + 2);

    // The page shows the new progress; 长辈模式 stays clean too.
    await expect(page.getByText(new RegExp(`已走访 ${after.visited}，`))).toBeVisible();
    await page.getByTestId('elder-switch').click();
    await expectNoSideways(page);
    await expectNoSeriousA11yViolations(page);
    await page.getByTestId('elder-switch').click();
    expect(problems).toEqual([]);
    await ctx.close();
  });

  test('the console shows the moved coverage per grid and exports the results', async ({ page }) => {
    const problems = watchPage(page);
    await loginAs(page, 'secretary');
    await page.goto(`/console/campaigns/${campaignId}`);
    const all = await (await apiOf(page)).get<Coverage>(`/api/campaigns/${campaignId}/coverage`);
    expect(all.visited).toBe(2);
    await expect(page.getByTestId('coverage-visited')).toContainText('2');
    await expect(page.getByTestId('coverage-pending')).toContainText(String(all.pending));
    const grid = page.locator('[data-grid-id]', { hasText: '高家沟社区第一网格' });
    await expect(grid).toContainText('已走访 2');
    await expect(page.getByRole('img', { name: /高家沟社区第一网格 已走访 2\// })).toBeVisible();
    await expect(page.getByText(`共 ${all.pending} 户`, { exact: true })).toBeVisible();
    await expectNoSeriousA11yViolations(page);
    await shot(page, 'campaign-detail', true);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出 Excel/ }).click();
    expect((await download).suggestedFilename()).toMatch(/^摸排结果-.*\.xlsx$/);
    expect(problems).toEqual([]);
  });
});
