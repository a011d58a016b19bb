/**
 * The ledger's Excel import, through the real UI as the demo grid worker (张丽娟): a workbook made here with
 * exceljs — two new residents, one row duplicating a person already in the ledger, one row with a bad ID
 * number — is uploaded; the preview shows the bad row and the duplicate; the bad row is skipped, the duplicate
 * set to update; the import runs to 100 % and the persons are then in the ledger (GET /api/persons).
 */
import { expect, test } from '@playwright/test';
import { addresses, idOf, run, seedPerson, uploadWorkbook, workbook } from './ledger-support.js';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

const existingId = idOf('19580304', 1);
const names = {
  existing: `导入老王${run}`,
  updated: `导入老王改${run}`,
  a: `导入甲${run}`,
  b: `导入乙${run}`,
  bad: `导入错${run}`,
};

test('ledger import: upload → preview → skip the bad row, update the duplicate → import → persons in the ledger', async ({
  page,
}) => {
  const problems = watchPage(page);
  await loginAs(page, 'worker');
  const [addrA, addrB] = (await addresses(page)) as [string, string];
  await seedPerson(page, { name: names.existing, idNumber: existingId, address: addrA });

  const file = await workbook([
    {
      姓名: names.a,
      身份证号: idOf('19900512', 2),
      手机号: '13912345678',
      地址: addrA,
      与户主关系: '配偶',
      标签: '党员',
    },
    { 姓名: names.b, 身份证号: idOf('20120901', 3), 地址: addrB, 与户主关系: '子女' },
    { 姓名: names.updated, 身份证号: existingId, 地址: addrA, 与户主关系: '户主', 标签: '独居' },
    { 姓名: names.bad, 身份证号: `${existingId.slice(0, 17)}${existingId.endsWith('0') ? '1' : '0'}`, 地址: addrB },
  ]);

  await page.goto('/console/ledger/import');
  await expect(page.getByRole('link', { name: /下载导入模板/ })).toHaveAttribute(
    'href',
    '/api/ledger/import/template.xlsx',
  );
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'ledger-import-upload');
  // The preview opens on the rows with problems: the bad ID number, on row 5.
  const card = await uploadWorkbook(page, `台账${run}.xlsx`, file);
  const badRow = card.locator('tr.ant-table-row', { hasText: names.bad });
  await expect(badRow).toContainText('身份证号校验位错误');
  await expect(badRow.locator('td').first()).toHaveText('5');
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'ledger-import', true);
  await badRow.getByRole('checkbox', { name: '跳过第 5 行' }).click(); // controlled: checked once the server agrees
  await expect(badRow.getByRole('checkbox', { name: '跳过第 5 行' })).toBeChecked();

  // The duplicate of the person already in the ledger: choose to update them.
  await card.getByText(/^重复（1）$/).click();
  const dupRow = card.locator('tr.ant-table-row', { hasText: names.updated });
  await expect(dupRow).toContainText(`与台账中的“${names.existing}”身份证号相同`);
  await dupRow.getByRole('radio', { name: '更新已有' }).click();
  await expect(dupRow.getByRole('radio', { name: '更新已有' })).toBeChecked();
  await expect(card.locator('.ant-statistic', { hasText: '待处理' })).toContainText('0');

  await okButton(card, '确认导入').click();
  await okButton(page.locator('.ant-popover'), '开始导入').click();

  // The import runs in the background; the page polls it to the end.
  const result = page.locator('.ant-result-success');
  await expect(result).toContainText('导入完成', { timeout: 30_000 });
  await expect(result.getByRole('progressbar', { name: '导入进度' })).toHaveAttribute('aria-valuenow', '100');
  await expect(result.locator('.ant-descriptions')).toContainText('新增人员2');
  await expect(result.locator('.ant-descriptions')).toContainText('更新人员1');
  await expect(result.locator('.ant-descriptions')).toContainText('跳过行数1');
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'ledger-import-done');

  // The ledger now holds them (masked), the duplicate updated in place, the bad row nowhere.
  const find = async (q: string) =>
    (await (await page.request.get(`/api/persons?q=${encodeURIComponent(q)}`)).json()) as {
      total: number;
      items: { name: string; idNumber: string | null; householdAddress: string }[];
    };
  const a = await find(names.a);
  expect(a.total).toBe(1);
  expect(a.items[0]?.householdAddress).toBe(addrA);
  expect(a.items[0]?.idNumber).toMatch(/^142601\*{8}\d{3}[\dX]$/);
  expect((await find(names.b)).total).toBe(1);
  expect((await find(existingId)).items.map((p) => p.name)).toEqual([names.updated]);
  expect((await find(names.bad)).total).toBe(0);
  expect(problems).toEqual([]);
});
