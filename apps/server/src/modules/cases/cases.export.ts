/**
 * The CSV export of a case list: UTF-8 with a BOM (so Excel opens Chinese), Chinese headers, labels instead of
 * codes, Shanghai times. Cells are quoted when needed, and a cell that a spreadsheet would run as a formula
 * (starting with = + - @, or a tab/CR) gets a leading apostrophe (CSV injection).
 */

import { caseRatingLabels, caseStatusLabels } from '@grassroots/shared/cases/cases.lifecycle';
import { type CaseSummary, caseExportColumns, caseSourceLabels } from '@grassroots/shared/cases/cases.schema';
import { shanghaiMinute } from '@grassroots/shared/common/shanghai-time';

export const EXPORT_CHUNK = 1000;
const BOM = '\uFEFF';

export function csvCell(value: string | null | undefined): string {
  let s = value ?? '';
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const csvLine = (cells: (string | null | undefined)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
const shanghai = (isoTime: string | undefined) => (isoTime ? shanghaiMinute(Date.parse(isoTime)) : '');

export function csvRow(c: CaseSummary): string {
  return csvLine([
    c.number,
    caseStatusLabels[c.status]['zh-CN'],
    caseSourceLabels[c.source]['zh-CN'],
    c.categoryName,
    c.areaName,
    c.address ?? '',
    c.description,
    c.handler?.name ?? '',
    shanghai(c.createdAt),
    shanghai(c.deadlines.resolveBy),
    c.overdue ? '是' : '否',
    c.rating ? caseRatingLabels[c.rating]['zh-CN'] : '',
  ]);
}

/**
 * The file as chunks: the header, then one chunk per page of `chunk` rows. `page(afterId)` returns the
 * next rows by id (keyset: rows created meanwhile cannot shift a page and repeat or skip a row).
 */
export async function* csvChunks(
  page: (afterId: number, limit: number) => Promise<{ id: number; summary: CaseSummary }[]>,
  chunk = EXPORT_CHUNK,
): AsyncGenerator<string> {
  yield BOM + csvLine([...caseExportColumns]);
  let after = 0;
  for (;;) {
    const rows = await page(after, chunk);
    if (rows.length) yield rows.map((r) => csvRow(r.summary)).join('');
    if (rows.length < chunk) return;
    after = rows[rows.length - 1]!.id;
  }
}
