/** GET /api/analytics/kpis/export.xlsx: the same figures as the JSON answer, in a workbook; scoped like it. */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CaseWorld, makeCaseWorld, submitLeak } from '../../../test/factories.cases.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CaseWorld;
let secA: Agent;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'ax');
  secA = w.agents.secA;
  for (let i = 0; i < 3; i++) await submitLeak(w);
  await t.app.services.analytics.rollup.drain(t.app.ctx.clock.now());
});
afterAll(() => t.close());

async function sheetOf(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no sheet');
  return ws;
}

describe('KPI table export', () => {
  it('holds the groups, the total and the previous total of the JSON answer', async () => {
    const qs = `areaId=${w.areas.communityA.id}&groupBy=category`;
    const json = (await secA.get(`/api/analytics/kpis?${qs}`)).json();
    expect(json.total.submitted).toBeGreaterThanOrEqual(3);
    const res = await secA.get(`/api/analytics/kpis/export.xlsx?${qs}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    expect(decodeURIComponent(String(res.headers['content-disposition']))).toMatch(/指标-.*-按分类-.*\.xlsx/);
    const ws = await sheetOf(res.rawPayload);
    expect(ws.name).toBe('按分类');
    expect(ws.getRow(3).getCell(1).value).toBe('分类');
    expect(ws.getRow(3).getCell(2).value).toBe('受理量');
    const labels = (ws.getColumn(1).values as unknown[]).slice(4);
    for (const g of json.groups) expect(labels).toContain(g.label);
    const totalRow = 4 + json.groups.length;
    expect(ws.getRow(totalRow).getCell(1).value).toBe('合计');
    expect(ws.getRow(totalRow).getCell(2).value).toBe(json.total.submitted);
    expect(ws.getRow(totalRow).getCell(7).value).toBe(json.total.resolutionRate);
    expect(String(ws.getRow(totalRow + 1).getCell(1).value)).toMatch(/^上期合计/);
  });

  it('is refused like the figures: a bad grouping is 400, a resident 403, another community 404', async () => {
    expect((await secA.get('/api/analytics/kpis/export.xlsx?groupBy=nonsense')).statusCode).toBe(400);
    expect((await w.agents.resident.get('/api/analytics/kpis/export.xlsx')).statusCode).toBe(403);
    const other = await secA.get(`/api/analytics/kpis/export.xlsx?areaId=${w.areas.communityB.id}`);
    expect(other.statusCode).toBe(404);
  });
});
