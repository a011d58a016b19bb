/** Ledger journeys' shared steps: a workbook made with exceljs, valid ID numbers unique per run, import through the API. */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { expect, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';

/** A short tag unique to this run, for names and ID number serials. */
export const run = Date.now().toString(36).slice(-5);

/** A valid ID number of 离石区 for a birth date (yyyymmdd) and a serial `n`, different in every run. */
export function idOf(birth: string, n: number) {
  const serial = String(100 + ((Number.parseInt(run, 36) + n) % 800)).padStart(3, '0');
  const first17 = `142601${birth}${serial}`;
  return first17 + idCheckChar(first17);
}

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

export async function workbook(rows: Record<string, string>[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('台账');
  ws.addRow(HEADERS);
  for (const r of rows) ws.addRow(HEADERS.map((h) => r[h] ?? ''));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const csrf = async (page: Page) => (await (await page.request.get('/api/me')).json()).csrfToken as string;

/** Two household addresses of the signed-in grid worker's grid, as the ledger stores them. */
export async function addresses(page: Page): Promise<string[]> {
  const res = await page.request.get('/api/households?pageSize=5');
  const items = (await res.json()).items as { address: string }[];
  expect(items.length).toBeGreaterThanOrEqual(2);
  return items.slice(0, 2).map((h) => h.address);
}

/** Puts one person in the ledger through the import API (upload, commit): a setup that needs no other screen. */
export async function seedPerson(page: Page, person: { name: string; idNumber: string; address: string }) {
  const token = await csrf(page);
  const file = await workbook([
    { 姓名: person.name, 身份证号: person.idNumber, 地址: person.address, 与户主关系: '户主' },
  ]);
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
  await expect.poll(async () => (await read()).status).toBe('committed');
}

/** Uploads a workbook on the import page and waits for its preview (the 检查结果 card). */
export async function uploadWorkbook(page: Page, fileName: string, buffer: Buffer) {
  await page.goto('/console/ledger/import');
  await expect(page.getByRole('heading', { level: 1, name: '导入台账' })).toBeVisible();
  await page.locator('input[type="file"]').setInputFiles({
    name: fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  const card = page.locator('.ant-card', { hasText: '检查结果' });
  await expect(card).toBeVisible({ timeout: 30_000 });
  return card;
}
