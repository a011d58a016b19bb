/**
 * 前响应 journeys: three cases of a brand-new category in one community this week make a hotspot (its own
 * baseline is zero and the minimum count is met); the scan job (every 3 s in e2e) raises it; the secretary of
 * 高家沟社区 sees it with its numbers on 预警, drills into exactly its cases and acknowledges it with a note.
 * And three 12345-style tickets carrying only an address, typed three ways, make a repeat at that address that
 * the street's leader drills into.
 */
import { expect, test } from '@playwright/test';
import { apiOf, firstGridHousehold, signedIn } from './cases-support.js';
import { expectNoSeriousA11yViolations, okButton, shot } from './support.js';

interface Warning {
  id: string;
  kind: string;
  subject: { kind: string; id: string; name: string };
  categoryName: string;
  observed: number;
  drill: Record<string, string>;
}

test('a hotspot is raised, drilled into and acknowledged', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedIn(browser, 'admin');
  const adminApi = await apiOf(admin.page);
  const name = `井盖缺失${Date.now().toString(36).slice(-5)}`;
  const cat = await adminApi.post<{ id: string }>('/api/case-categories', {
    name,
    limits: { respond: { amount: 1, unit: 'days' }, resolve: { amount: 5, unit: 'days' } },
  });

  const { page, problems } = await signedIn(browser, 'secretary');
  const api = await apiOf(page);
  const householdId = await firstGridHousehold(api);
  for (let i = 1; i <= 3; i++)
    await api.createCase({
      categoryId: cat.id,
      source: 'visit',
      householdId,
      description: `${name}，第${i}处，夜间危险`,
    });

  // The scan job runs on its own; wait for it (never sleep a fixed time).
  let hotspot: Warning | undefined;
  await expect
    .poll(
      async () => {
        const { items } = await api.get<{ items: Warning[] }>('/api/analytics/warnings?kind=hotspot&pageSize=100');
        hotspot = items.find((w) => w.categoryName === name);
        return hotspot?.observed ?? 0;
      },
      { timeout: 30_000 },
    )
    .toBe(3);

  await page.goto('/console/warnings');
  const row = page.locator('tr.ant-table-row', { hasText: name }).filter({ hasText: '热点预警' });
  await expect(row).toBeVisible();
  await expect(row).toContainText('高家沟社区');
  await expect(row.getByTestId('warning-observed')).toContainText('3');
  await expect(row).toContainText('P 值');
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'warnings-list');

  // Drill-down: the case list shows exactly the three cases behind it.
  await row.getByRole('link', { name: /查看 3 件诉求/ }).click();
  await expect(page).toHaveURL(/\/console\/cases\?.*category=/);
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(/共 3 件/);
  await expect(page.locator('tr.ant-table-row', { hasText: name })).toHaveCount(3);
  await shot(page, 'warnings-drill');

  await page.goto('/console/warnings');
  await row.getByRole('button', { name: /确\s*认/ }).click();
  const dialog = page.getByRole('dialog').filter({ hasText: '确认预警' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('处理说明').fill('已安排网格员排查井盖并设置警示');
  await shot(page, 'warnings-ack');
  await okButton(dialog, '确认预警').click();
  await expect(dialog).toBeHidden();
  // Default filter is 待处理: it leaves the list; under 已确认 it shows who and the note.
  await expect(row).toHaveCount(0);
  await page.getByLabel('按状态筛选').click();
  await page.locator('.ant-select-item-option', { hasText: '已确认' }).click();
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  const done = page.locator('tr.ant-table-row', { hasText: name }).filter({ hasText: '热点预警' });
  await expect(done).toContainText('已安排网格员排查井盖并设置警示');
  await shot(page, 'warnings-acknowledged');
  expect(problems).toEqual([]);
  await admin.page.context().close();
  await page.context().close();
});

test('tickets with only an address repeat at that address, however it is typed', async ({ browser }) => {
  test.setTimeout(90_000);
  const admin = await signedIn(browser, 'admin');
  const suffix = Date.now().toString(36).slice(-5);
  const name = `路灯不亮${suffix}`;
  const cat = await (await apiOf(admin.page)).post<{ id: string }>('/api/case-categories', {
    name,
    limits: { respond: { amount: 1, unit: 'days' }, resolve: { amount: 5, unit: 'days' } },
  });
  const { page, problems } = await signedIn(browser, 'leader');
  const api = await apiOf(page);
  const address = `交口路${suffix} 18号`;
  for (const typed of [`交口路${suffix}　１８号`, ` 交口路${suffix}  18号 `, address])
    await api.createCase({ categoryId: cat.id, source: 'visit', address: typed, description: `${name}，夜里一片黑` });

  await expect
    .poll(
      async () => {
        const { items } = await api.get<{ items: Warning[] }>('/api/analytics/warnings?kind=repeat&pageSize=100');
        return items.find((w) => w.categoryName === name)?.subject;
      },
      { timeout: 30_000 },
    )
    .toEqual({ kind: 'address', id: expect.any(String), name: address });

  await page.goto('/console/warnings');
  const row = page.locator('tr.ant-table-row', { hasText: name });
  await expect(row).toContainText(`地址：${address}`);
  await row.getByRole('link', { name: /查看 3 件诉求/ }).click();
  await expect(page).toHaveURL(/\/console\/cases\?.*address=/);
  await expect(page.getByTestId('drill-address')).toContainText(address);
  await expect(page.locator('.ant-pagination-total-text')).toHaveText(/共 3 件/);
  await expect(page.locator('tr.ant-table-row', { hasText: name })).toHaveCount(3);
  await shot(page, 'warnings-address-drill');
  // Removing the address tag lists more than the address's cases again.
  await page.getByTestId('drill-address').getByLabel(`移除筛选 地址：${address}（未关联楼栋）`).click();
  await expect(page).not.toHaveURL(/address=/);
  expect(problems).toEqual([]);
  await admin.page.context().close();
  await page.context().close();
});
