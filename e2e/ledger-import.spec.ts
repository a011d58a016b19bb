/**
 * The ledger's Excel import, through the real UI as the demo grid worker (张丽娟): a workbook made here with
 * exceljs — two new residents, one row duplicating a person already in the ledger, one row with a bad ID
 * number — is uploaded; the preview shows the bad row and the duplicate; the bad row is skipped, the duplicate
 * set to update; the import runs to 100 % and the persons are then in the ledger (GET /api/persons).
 */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { expect, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { expectNoSeriousA11yViolations, loginAs, okButton, shot, watchPage } from './support.js';

const run = Date.now().toString(36).slice(-5);
const seq = (n: number) => String(100 + ((Number.parseInt(run, 36) + n) % 800)).padStart(3, '0');
const idOf = (birth: string, n: number) => {
  const first17 = `142601${birth}${seq(n)}`;
  return first17 + idCheckChar(first17);
};
const existingId = idOf('19580304', 1);
const names = {
  existing: `导入老王${run}`,
  updated: `导入老王改${run}`,
  a: `导入甲${run}`,
  b: `导入乙${run}`,
  bad: `导入错${run}`,
};

const HEADERS = [
  '姓名',
  '身份证号',
  '手机号',
  '性别',
  '出生日期',
  '与户主关系',
  '楼栋',
  '单元',
  '房号',
  '地址',
  '网格',
  '标签',
  '迁入日期',
];

async function workbook(rows: Record<string, string>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csrf = async (page: Page) => (await (await page.request.get('/api/me')).json()).csrfToken as string;

/** Two household addresses of the worker's grid, as the ledger stores them. */
async function addresses(page: Page): Promise<string[]> {
  const res = await page.request.get('/api/households?pageSize=5');
  const items = (await res.json()).items as { address: string }[];
  expect(items.length).toBeGreaterThanOrEqual(2);
  return items.slice(0, 2).map((h) => h.address);
}

/** Puts a person in the ledger through the import API (upload, commit), as a setup that needs no other screen. */
async function seedExisting(page: Page, address: string) {
  const token = await csrf(page);
  const file = await workbook([{ 姓名: names.existing, 身份证号: existingId, 地址: address, 与户主关系: '户主' }]);
  const up = await page.request.post('/api/ledger/imports', {
    headers: { 'x-csrf-token': token },
    multipart: { file: { name: 'seed.xlsx', mimeType: 'application/octet-stream', buffer: file } },
  });
  expect(up.status()).toBe(202);
  const id = (await up.json()).id as string;
  const read = async () =>
    (await (await page.request.get(`/api/ledger/imports/${id}`)).json()) as { status: string; version: number };
  await expect.poll(async () => (await read()).status).toBe('preview');
  const view = await read();
  const c = await page.request.post(`/api/ledger/imports/${id}/commit`, {
    headers: { 'x-csrf-token': token },
    data: { version: view.version },
  });
  expect(c.status()).toBe(202);
  await expect
    .poll(async () => (await (await page.request.get(`/api/ledger/imports/${id}`)).json()).status)
    .toBe('committed');
}

test('ledger import: upload → preview → skip the bad row, update the duplicate → import → persons in the ledger', async ({
  page,
}) => {
  const problems = watchPage(page);
  await loginAs(page, 'worker');
  const [addrA, addrB] = (await addresses(page)) as [string, string];
  await seedExisting(page, addrA);

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
  await expect(page.getByRole('heading', { level: 1, name: '导入台账' })).toBeVisible();
  await expect(page.getByRole('link', { name: /下载导入模板/ })).toHaveAttribute(
    'href',
    '/api/ledger/import/template.xlsx',
  );
  await expectNoSeriousA11yViolations(page);
  await shot(page, 'ledger-import-upload');
  await page.locator('input[type="file"]').setInputFiles({
    name: `台账${run}.xlsx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });

  // The preview opens on the rows with problems: the bad ID number, on row 5.
  const card = page.locator('.ant-card', { hasText: '检查结果' });
  await expect(card).toBeVisible({ timeout: 30_000 });
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
