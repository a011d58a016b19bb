/**
 * Excel of one KPI table (GET /api/analytics/kpis/export.xlsx): the groups as the dashboard shows them, then the
 * total and the previous period's total, rates as per-cent cells. Figures only — no personal data — so a plain
 * in-memory workbook (at most ~1,100 groups, KPI_MAX_DAYS).
 */
import type { KpiGroup, KpiResponse } from '@grassroots/shared/analytics/analytics.schema';
import ExcelJS from 'exceljs';
import type { AppContext } from '../../core/context.js';

const groupTitles: Record<KpiResponse['groupBy'], string> = {
  area: '区域',
  category: '分类',
  source: '来源',
  handler: '承办单位',
  day: '日期',
  week: '周',
  month: '月份',
};

type Column = { key: keyof KpiGroup; header: string; rate?: boolean; hours?: boolean };
const columns: Column[] = [
  { key: 'submitted', header: '受理量' },
  { key: 'valid', header: '有效诉求' },
  { key: 'responded', header: '按时响应' },
  { key: 'resolved', header: '已解决' },
  { key: 'rated', header: '已评价' },
  { key: 'responseRate', header: '响应率', rate: true },
  { key: 'resolutionRate', header: '解决率', rate: true },
  { key: 'satisfactionRate', header: '满意率', rate: true },
  { key: 'composite', header: '综合得分', rate: true },
  { key: 'onTimeCloseRate', header: '按期结案率', rate: true },
  { key: 'dispatchAccuracy', header: '准确派遣率', rate: true },
  { key: 'overdue', header: '超期' },
  { key: 'avgHandlingHours', header: '平均处理时长（小时）', hours: true },
  { key: 'medianHandlingHours', header: '处理时长中位数（小时）', hours: true },
  { key: 'reopenRate', header: '重开率', rate: true },
];

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The workbook of `answer` and its file name (area, grouping, period). */
export async function kpiExport(ctx: AppContext, answer: KpiResponse) {
  // The figures may be of several areas (a caller's own): all of them are named, in the answer's order.
  const rows = await ctx.db.kysely
    .selectFrom('areas')
    .select(['id', 'name'])
    .where('id', 'in', answer.areaIds.map(Number))
    .execute();
  const names = new Map(rows.map((r) => [String(r.id), r.name]));
  const areaName = answer.areaIds.map((id) => names.get(id) ?? '').join('、');
  const name = `指标-${areaName}-按${groupTitles[answer.groupBy]}-${answer.from}至${answer.to}.xlsx`;
  return { name, body: await kpiWorkbook(answer, areaName) };
}

export async function kpiWorkbook(answer: KpiResponse, areaName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(`按${groupTitles[answer.groupBy]}`);
  ws.addRow([`统计区域：${areaName}`, `统计期间：${answer.from} 至 ${answer.to}`]);
  ws.addRow([]);
  const header = ws.addRow([groupTitles[answer.groupBy], ...columns.map((c) => c.header)]);
  header.font = { bold: true };
  const add = (label: string, g: KpiGroup) => ws.addRow([label, ...columns.map((c) => g[c.key] ?? null)]);
  for (const g of answer.groups) add(g.label, g);
  add('合计', answer.total).font = { bold: true };
  add(`上期合计（${answer.previous.from} 至 ${answer.previous.to}）`, answer.previous.total);
  columns.forEach((c, i) => {
    const col = ws.getColumn(i + 2);
    col.width = Math.max(10, c.header.length * 2 + 2);
    if (c.rate) col.numFmt = '0.0%';
    if (c.hours) col.numFmt = '0.0';
  });
  ws.getColumn(1).width = 28;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
