/**
 * The console case screens, through the real UI: the community secretary registers a visit (来访) on
 * 登记诉求, finds it in 统一清单 by a two-character word of its description, narrows by status (kept in the URL)
 * and exports the filtered list as CSV; the grid worker finds a case dispatched to them on 我的待办.
 */

import { readFile } from 'node:fs/promises';
import { expect, type Page, test } from '@playwright/test';
import { apiOf, type CaseView, categoryId, firstGridHousehold, signedIn } from './cases-support.js';
import { antSelect, expectNoSeriousA11yViolations, okButton, shot } from './support.js';

// A word no demo case contains, unique to this run: the search index matches two-character words.
const STEMS = '甲乙丙丁戊己庚辛壬癸';
const stamp = Date.now();
const word = `${STEMS[stamp % 10]}${STEMS[Math.floor(stamp / 10) % 10]}`;
const tag = stamp.toString(36);
const description = `测试楼道水管漏水，编号${word}${tag}`;

/** A leak (邻里纠纷/漏水) about a household of the secretary's community, registered and dispatched to `accountId`. */
async function dispatchedCase(page: Page, accountId: string, text: string): Promise<CaseView> {
  const api = await apiOf(page);
  const made = await api.createCase({
    categoryId: await categoryId(api, 'lj.leak'),
    description: text,
    source: 'visit',
    householdId: await firstGridHousehold(api),
  });
  return api.act(await api.act(made, 'register'), 'dispatch', { target: { kind: 'account', id: accountId } });
}

const rowOf = (page: Page, number: string) => page.locator('.ant-table-tbody tr.ant-table-row', { hasText: number });

test.describe.configure({ mode: 'serial' });

test.describe('Cases console: register → find → filter → export; the workbench', () => {
  let page: Page;
  let problems: string[];
  let number = '';

  test.beforeAll(async ({ browser }) => {
    ({ page, problems } = await signedIn(browser, 'secretary'));
  });
  test.afterAll(async () => {
    await page.context().close();
  });

  test('the secretary registers a visit on 登记诉求 and lands on its detail', async () => {
    await page.goto('/console/cases');
    await page.getByRole('button', { name: /登记诉求/ }).click();
    await expect(page).toHaveURL(/\/console\/cases\/new$/);
    await expect(page.getByRole('heading', { level: 1, name: '登记诉求' })).toBeVisible();
    await page.locator('label.ant-radio-button-wrapper', { hasText: /^来访$/ }).click();
    const category = page.getByLabel('诉求分类', { exact: true });
    await category.click();
    await category.fill('漏水');
    await page.locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: /^漏水$/ }).click();
    await page.getByLabel('诉求描述', { exact: true }).fill(description);
    // Located by a household of the community (searched on the server), so the case lands in its grid.
    await page.locator('label.ant-radio-button-wrapper', { hasText: /^住户$/ }).click();
    const household = page.getByRole('combobox', { name: '住户', exact: true });
    await household.click();
    await household.fill('新城壹号');
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '新城壹号' }).first().click();
    await page.getByLabel('详细地址', { exact: true }).fill(`卫生间 ${tag}`);
    await expect(page.locator('form').getByText('邻里纠纷 / 漏水')).toBeVisible(); // the chosen leaf, with its path
    await shot(page, 'cases-new', true);
    await okButton(page, '提交登记').click();
    const toast = page.locator('.ant-message').getByText(/已登记，编号 \d{8}-\d{6}/);
    await expect(toast).toBeVisible();
    number = /\d{8}-\d{6}/.exec((await toast.textContent()) ?? '')?.[0] ?? '';
    expect(number).not.toBe('');
    await expect(page).toHaveURL(/\/console\/cases\/\d+$/);
  });

  test('it is found in 统一清单 by a two-character word of its description', async () => {
    await page.goto('/console/cases');
    await expect(page.getByRole('heading', { level: 1, name: '诉求案件' })).toBeVisible();
    const search = page.getByLabel('搜索编号、描述或地址');
    await search.fill(word);
    await search.press('Enter');
    await expect(page).toHaveURL(new RegExp(`[?&]q=${encodeURIComponent(word)}`));
    const row = rowOf(page, number);
    await expect(row).toBeVisible();
    await expect(row).toContainText('待受理');
    await expect(row).toContainText('来访');
    await expect(row).toContainText('高家沟社区');
    await expect(row.getByRole('link', { name: number })).toHaveAttribute('href', /\/console\/cases\/\d+$/);
  });

  test('a status filter narrows the list and is kept in the URL', async () => {
    const status = page.getByLabel('状态', { exact: true });
    await antSelect(page, status, '已结案');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/[?&]status=closed/);
    await expect(page.getByText('没有符合筛选条件的诉求')).toBeVisible();
    await expect(rowOf(page, number)).toHaveCount(0);
    // A reload (or a shared link) reproduces the same list.
    await page.reload();
    await expect(page.getByText('没有符合筛选条件的诉求')).toBeVisible();
    await page
      .locator('.ant-select-selection-item', { hasText: '已结案' })
      .locator('.ant-select-selection-item-remove')
      .click();
    await antSelect(page, page.getByLabel('状态', { exact: true }), '待受理');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/[?&]status=submitted/);
    await expect(rowOf(page, number)).toBeVisible();
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await expectNoSeriousA11yViolations(page);
  });

  test('the export downloads a CSV of the filtered list with the case in it', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: /导出CSV/ }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const csv = await readFile((await file.path()) ?? '', 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff); // the BOM that lets Excel read the Chinese
    expect(csv).toContain('编号');
    expect(csv).toContain(number);
    // The unfiltered list, for the screenshot.
    await page.getByRole('button', { name: /清空筛选/ }).click();
    await expect(page).toHaveURL(/\/console\/cases$/);
    await expect(rowOf(page, number)).toBeVisible();
    await expect(page.locator('.ant-message-notice')).toHaveCount(0); // the 已导出 toast has gone
    await shot(page, 'cases-list');
    expect(problems).toEqual([]);
  });

  test('the grid worker sees a case dispatched to them on 我的待办', async ({ browser }) => {
    const worker = await signedIn(browser, 'worker');
    const workerId = (await apiOf(worker.page)).accountId;
    const made = await dispatchedCase(page, workerId, `待办测试：卫生间漏水${tag}`);
    await worker.page.goto('/console/cases/tasks');
    await expect(worker.page.getByRole('heading', { level: 1, name: '我的待办' })).toBeVisible();
    const tab = worker.page.getByRole('tab', { name: /待接单/ });
    await tab.click();
    await expect(tab).toHaveAttribute('aria-selected', 'true');
    const row = rowOf(worker.page, made.number);
    await expect(row).toBeVisible();
    await expect(row).toContainText('已派遣');
    await shot(worker.page, 'cases-tasks');
    await expectNoSeriousA11yViolations(worker.page);
    await row.getByRole('link', { name: made.number }).click();
    await expect(worker.page).toHaveURL(new RegExp(`/console/cases/${made.id}$`));
    expect(worker.problems).toEqual([]);
    await worker.page.context().close();
  });
});
