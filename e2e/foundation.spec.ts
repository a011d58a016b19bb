/**
 * THE Foundation journey, through the real UI: the community secretary of 高家沟社区 creates a grid, a
 * building in it and assigns the demo grid worker as its L4; a stranger's phone then scans the building's
 * 亮身份 page and sees the worker with the duty label and a call link — and no private phone.
 */
import { expect, type Page, test } from '@playwright/test';
import { antSelect, loginAs, okButton, shot, watchPage } from './support.js';

const run = Date.now().toString(36);
const gridName = `测试网格${run}`;
const buildingName = `${run}号楼`;
const label = '民生服务员'; // not one of the worker's demo labels, so it can only come from this journey

test.describe.configure({ mode: 'serial' });

test.describe('Foundation: grid → building → grid worker → public 亮身份 page', () => {
  let page: Page;
  let problems: string[];
  let gridId = '';
  let publicPath = '';
  let compoundId = '';
  let dutyPhone = '';

  test.beforeAll(async ({ browser }) => {
    page = await browser.newPage();
    problems = watchPage(page);
    await loginAs(page, 'secretary');
  });
  test.afterAll(async () => {
    await page.close();
  });

  test('the secretary sees only their community in the area tree and creates a grid under it', async () => {
    await page.goto('/console/areas');
    await expect(page.getByRole('heading', { level: 1, name: '区域网格' })).toBeVisible();
    const tree = page.locator('.ant-tree');
    // Scoping: the secretary's tree holds 高家沟社区 but not the neighbouring communities.
    await expect(tree.getByText('高家沟社区', { exact: true })).toBeVisible();
    await expect(tree.getByText('站前社区', { exact: true })).toHaveCount(0);
    await tree.getByText('高家沟社区', { exact: true }).click();
    await page.getByRole('button', { name: /新增下级（网格）/ }).click();
    const dialog = page.getByRole('dialog', { name: '新增下级' });
    await dialog.getByLabel('名称').fill(gridName);
    await okButton(dialog, '保存').click();
    await expect(dialog).toBeHidden();
    // The new grid is selected (?id=) and shown in the tree under its community.
    await expect(page).toHaveURL(/[?&]id=\d+/);
    gridId = new URL(page.url()).searchParams.get('id') ?? '';
    await expect(page.locator('.ant-card-head').getByText(gridName)).toBeVisible();
    await expect(tree.getByText(gridName, { exact: true })).toBeVisible();
    await shot(page, 'areas-tree');
  });

  test('a building is added to a compound of 高家沟社区 in the new grid', async () => {
    await page.goto('/console/compounds');
    const firstRow = page.locator('.ant-table-tbody tr.ant-table-row').first();
    await expect(firstRow).toContainText('高家沟社区');
    await firstRow.locator('td').first().getByRole('link').click();
    await expect(page).toHaveURL(/\/console\/compounds\/\d+$/);
    compoundId = /compounds\/(\d+)/.exec(page.url())?.[1] ?? '';
    await page.getByRole('button', { name: /新建楼栋/ }).click();
    const dialog = page.getByRole('dialog', { name: /新建楼栋/ });
    await dialog.getByLabel('楼栋名称').fill(buildingName);
    await antSelect(page, dialog.getByLabel('所属网格'), gridName);
    await dialog.getByLabel('单元数').fill('2');
    await dialog.getByLabel('楼层数').fill('5');
    await okButton(dialog, '保存').click();
    await expect(dialog).toBeHidden();
    const row = page.locator('.ant-table-tbody tr', { hasText: buildingName });
    await expect(row).toContainText(gridName);
    await row.getByRole('link', { name: buildingName }).click();
    await expect(page).toHaveURL(/\/console\/buildings\/\d+$/);
    // The public link on the building page is what its QR code encodes.
    const link = page.locator('a[href^="/p/duty/b/"]').last();
    publicPath = (await link.getAttribute('href')) ?? '';
    expect(publicPath).toMatch(/^\/p\/duty\/b\/[\w-]+$/);
  });

  test('the QR sheet of the compound has a card for the new building', async () => {
    await page.goto(`/console/compounds/${compoundId}/qr-sheet`);
    const card = page.locator('.gr-qr-card', { hasText: buildingName });
    await expect(card.locator('img.gr-qr-img')).toBeVisible({ timeout: 20_000 });
    await expect(card).toContainText(publicPath.split('/').at(-1) ?? '');
    await shot(page, 'qr-sheet', true);
  });

  test('on the chain page the worker becomes the L4 of the new grid with a duty label', async () => {
    await page.goto('/console/chain');
    await expect(page.getByRole('heading', { level: 1, name: '五级网格责任链' })).toBeVisible();
    // Pick the new grid in the area selector by typing its name.
    await page.locator('#chain-area').fill(gridName);
    await page.locator('.ant-select-tree-node-content-wrapper', { hasText: gridName }).click();
    await expect(page).toHaveURL(new RegExp(`area=${gridId}`));
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
    await page.getByRole('button', { name: /添加责任人/ }).click();
    const dialog = page.getByRole('dialog', { name: '添加责任人' });
    await antSelect(page, dialog.getByLabel('层级'), '四级网格员 · 专职网格员');
    const person = dialog.getByLabel('人员');
    await person.click();
    // The search is debounced: wait for the answer to this query before picking, or the click may land
    // on an option of the previous (unfiltered) list while it is being replaced.
    const searched = page.waitForResponse(
      (r) => r.url().includes('/api/accounts/lookup') && new URL(r.url()).searchParams.get('q') === 'worker',
    );
    await person.fill('worker');
    await searched;
    const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '（worker）' });
    await expect(page.locator('.ant-select-dropdown:visible .ant-select-item-option').first()).toContainText('worker');
    await option.click();
    await expect(person.locator('xpath=ancestor::div[contains(@class,"ant-select")][1]')).toContainText('张丽娟');
    await antSelect(page, dialog.getByLabel('职责标签'), label);
    await page.keyboard.press('Escape'); // close the multi-select list, not the dialog
    await okButton(dialog, '添加').click();
    await expect(dialog).toBeHidden();
    const l4 = page.locator('.ant-card', { has: page.getByText('L4', { exact: true }) });
    const worker = l4.locator('.ant-list-item', { hasText: '张丽娟' });
    await expect(worker).toContainText(label);
    dutyPhone = ((await worker.locator('a[href^="tel:"]').getAttribute('href')) ?? '').replace('tel:', '');
    expect(dutyPhone).toMatch(/^0358-\d{7}$/);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'chain', true);
    expect(problems).toEqual([]);
  });

  test('a logged-out phone opens the building 亮身份 page and sees the worker, label and duty phone', async ({
    browser,
  }) => {
    const ctx = await browser.newContext({ viewport: { width: 375, height: 812 }, locale: 'zh-CN' });
    const phone = await ctx.newPage();
    const phoneProblems = watchPage(phone);
    await phone.goto(publicPath);
    await expect(phone.locator('.duty-head h2')).toContainText(buildingName);
    await expect(phone.locator('.duty-head')).toContainText(gridName);
    const l4 = phone.locator('section.duty-level', { has: phone.locator('.duty-badge', { hasText: 'L4' }) });
    const person = l4.locator('.duty-person', { hasText: '张丽娟' });
    await expect(person).toBeVisible();
    await expect(person.locator('.duty-tag', { hasText: label })).toBeVisible();
    const call = person.locator('a.duty-call');
    await expect(call).toHaveAttribute('href', `tel:${dutyPhone.replace(/[^\d+]/g, '')}`);
    await expect(call).toContainText(dutyPhone);
    // Private (mobile) phone numbers never appear, neither as text nor as a link.
    const text = (await phone.locator('body').textContent()) ?? '';
    expect(text).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
    const hrefs = await phone.locator('a[href^="tel:"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const h of hrefs) expect(h).not.toMatch(/^tel:1[3-9]\d{9}$/);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(phone, 'duty-public', true);
    expect(phoneProblems).toEqual([]);
    await ctx.close();
  });
});
