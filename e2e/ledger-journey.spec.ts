/**
 * The household ledger's whole journey, as issue 4 names it: the grid worker imports a workbook with a row
 * duplicating a person already in the ledger and fixes it (update the existing person) plus a newcomer aged 88 →
 * commits → the community secretary starts a 摸排 campaign over the grid's households with a member of 80+,
 * which takes in the newcomer's household → the worker records a visit there on a phone page → the coverage
 * moves, on the phone and in the console.
 */
import { expect, test } from '@playwright/test';
import { apiOf } from './cases-support.js';
import { addresses, idOf, run, seedPerson, uploadWorkbook, workbook } from './ledger-support.js';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

const existingId = idOf('19470815', 41);
const campaign = `高龄户走访（${run}）`;
const GRID = '高家沟社区第一网格';

interface Coverage {
  total: number;
  visited: number;
  pending: number;
}

test('ledger journey: import → fix the duplicate → commit → campaign → visit on the phone → coverage moves', async ({
  page,
  browser,
}) => {
  const problems = watchPage(page);

  // 1. The worker's ledger already holds a person; the workbook repeats them (now living alone) plus a newcomer.
  await loginAs(page, 'worker');
  const [addrA, addrB] = (await addresses(page)) as [string, string];
  await seedPerson(page, { name: `摸排老李${run}`, idNumber: existingId, address: addrA });
  const file = await workbook([
    { 姓名: `摸排老李${run}`, 身份证号: existingId, 地址: addrA, 与户主关系: '户主', 标签: '独居' },
    { 姓名: `摸排高龄${run}`, 身份证号: idOf('19380101', 42), 地址: addrB, 与户主关系: '父母' },
  ]);
  const card = await uploadWorkbook(page, `摸排台账${run}.xlsx`, file);
  await card.getByText(/^重复（1）$/).click();
  const dupRow = card.locator('tr.ant-table-row', { hasText: `摸排老李${run}` });
  await dupRow.getByRole('radio', { name: '更新已有' }).click();
  await expect(dupRow.getByRole('radio', { name: '更新已有' })).toBeChecked();
  await okButton(card, '确认导入').click();
  await okButton(page.locator('.ant-popover'), '开始导入').click();
  const result = page.locator('.ant-result-success');
  await expect(result).toContainText('导入完成', { timeout: 30_000 });
  await expect(result.locator('.ant-descriptions')).toContainText('更新人员1');
  await expect(result.locator('.ant-descriptions')).toContainText('新增人员1');

  // 2. The secretary starts a campaign over the grid's households with a member of 80 or more.
  const consoleCtx = await browser.newContext({ locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const secretary = await consoleCtx.newPage();
  const secretaryProblems = watchPage(secretary);
  await loginAs(secretary, 'secretary');
  await secretary.goto('/console/campaigns');
  await secretary.getByRole('button', { name: /新建摸排任务/ }).click();
  const dialog = secretary.getByRole('dialog', { name: '新建摸排任务' });
  await dialog.getByLabel('任务名称').fill(campaign);
  await dialog.getByLabel('摸排范围').click();
  await secretary.keyboard.type(GRID);
  await secretary
    .locator('.ant-select-dropdown:visible .ant-select-tree-title', { hasText: new RegExp(`^${GRID}$`) })
    .click();
  await dialog.getByLabel('有该年龄段成员的住户').click();
  await secretary.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '高龄' }).click();
  await expect(dialog.getByTestId('target-preview')).toContainText(/预计覆盖 \d+ 户/);
  await dialog.getByLabel('问题 1', { exact: true }).fill('生活是否需要帮助');
  await okButton(dialog, '保存').click();
  await expect(secretary).toHaveURL(/\/console\/campaigns\/\d+$/);
  const campaignId = /campaigns\/(\d+)$/.exec(secretary.url())?.[1] ?? '';
  await secretary.getByRole('button', { name: /启\s*动$/ }).click();
  await secretary
    .locator('.ant-popover:visible')
    .getByRole('button', { name: /启\s*动/ })
    .click();
  await expect(secretary.locator('.ant-tag', { hasText: '进行中' })).toBeVisible();
  const before = await (await apiOf(secretary)).get<Coverage>(`/api/campaigns/${campaignId}/coverage`);
  expect(before.visited).toBe(0);

  // 3. The worker, on a phone, finds the newcomer's household and records the visit.
  const phone = await browser.newContext({
    viewport: { width: 375, height: 812 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const worker = await phone.newPage();
  const workerProblems = watchPage(worker);
  await loginAs(worker, 'worker');
  await worker.goto(`/h5/campaigns/${campaignId}`);
  await worker.getByRole('searchbox', { name: '搜索地址或户主' }).fill(addrB);
  await worker.getByRole('searchbox', { name: '搜索地址或户主' }).press('Enter');
  await worker.getByRole('button', { name: `走访 ${addrB}` }).click();
  await expect(worker.getByRole('radio', { name: '已走访' })).toBeChecked();
  await worker.getByLabel('生活是否需要帮助').fill('需要代买药品');
  await expectNoSeriousA11yViolations(worker);
  await worker.getByRole('button', { name: /保存走访/ }).click();
  await expect(worker.getByText(/已走访 1，/)).toBeVisible();
  await shot(worker, 'ledger-journey-visit');

  // 4. The coverage moved by exactly that visit, in the console too.
  const after = await (await apiOf(secretary)).get<Coverage>(`/api/campaigns/${campaignId}/coverage`);
  expect(after.visited).toBe(1);
  expect(after.pending).toBe(before.pending - 1);
  await secretary.reload();
  await expect(secretary.getByTestId('coverage-visited')).toContainText('1');
  await expect(secretary.locator('[data-grid-id]', { hasText: GRID })).toContainText('已走访 1');
  await expectNoSeriousA11yViolations(secretary);
  expect([...problems, ...secretaryProblems, ...workerProblems]).toEqual([]);
  await phone.close();
  await consoleCtx.close();
});
