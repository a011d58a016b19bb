/**
 * Export of a filtered persons list to .xlsx (exceljs streaming writer) or .csv (UTF-8 with BOM), in the
 * import template's columns so an export can be edited and imported back. Masked (142601********1234,
 * 138****5678, no sensitive tags) unless the caller holds ledger.unmask AND asks `unmasked=true` with a reason —
 * and even then only rows inside the caller's unmask areas are in clear. Every export writes a 'ledger.export'
 * audit row (filters, row count, unmasked, reason) before the first byte leaves.
 */
import { PassThrough, Readable } from 'node:stream';
import { can } from '@grassroots/shared/auth/permissions';
import { AppError } from '@grassroots/shared/common/errors';
import {
  ageOn,
  type Gender,
  genderLabels,
  isSensitiveTag,
  type Relation,
  relationLabels,
} from '@grassroots/shared/ledger/ledger.rules';
import { importColumns } from '@grassroots/shared/ledger-import/ledger-import.rules';
import type { PersonExportQuery } from '@grassroots/shared/ledger-import/ledger-import.schema';
import ExcelJS from 'exceljs';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { canUnmask, type LedgerReach, ledgerReach, shanghaiDay } from '../ledger/ledger.access.js';
import { decodeSensitiveTags } from '../ledger/person-codec.js';
import { type ExportRow, exportPage, type FilteredPersons, filtered } from './persons-export.query.js';

const PAGE = 1000;
const BOM = '\uFEFF';

export function csvCell(value: string | number | null | undefined): string {
  let s = value == null ? '' : String(value);
  // A cell a spreadsheet would run as a formula gets a leading apostrophe (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

const parseJson = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

interface Field {
  code: string;
  label: string;
  datatype: string;
}

export class PersonsExportService {
  constructor(private readonly ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  async export(p: Principal, actor: Actor, q: PersonExportQuery, format: 'xlsx' | 'csv') {
    const unmasked = q.unmasked === 'true';
    if (unmasked && !can(p.roles, 'ledger.unmask')) throw new AppError('FORBIDDEN', { permission: 'ledger.unmask' });
    if (unmasked && (q.reason ?? '').length < 2)
      throw new AppError('VALIDATION_FAILED', [{ path: 'query.reason', message: '明文导出须填写原因（至少 2 个字）' }]);
    const reach = await ledgerReach(this.k, p);
    const today = shanghaiDay(this.ctx.clock.now());
    const f = await filtered(this.ctx.db, this.ctx.pii, reach, q, today);
    const head = await f
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('p.id').as('maxId')])
      .executeTakeFirstOrThrow();
    const rows = Number(head.n);
    const { unmasked: _u, reason, page: _p, pageSize: _s, ...filters } = q;
    await this.ctx.audit.write(this.k, actor, {
      action: 'ledger.export',
      entityType: 'person',
      summary: { format, filters, rows, unmasked, ...(unmasked ? { reason } : {}) },
    });
    const fields = await this.k
      .selectFrom('ledgerFields')
      .select(['code', 'label', 'datatype'])
      .where('active', '=', 1)
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
    const lines = this.lines(f, Number(head.maxId ?? 0), reach, unmasked, fields, today);
    const header = [...importColumns.map((c) => c.header), '年龄', '迁出日期', ...fields.map((x) => x.label)];
    return { rows, stream: format === 'csv' ? csvStream(header, lines) : xlsxStream(header, lines) };
  }

  /** The export's rows as cell arrays, page by page (keyset on id up to the id seen when counting). */
  private async *lines(
    f: FilteredPersons,
    maxId: number,
    reach: LedgerReach,
    unmasked: boolean,
    fields: Field[],
    today: string,
  ): AsyncGenerator<(string | number | null)[][]> {
    let after = 0;
    for (;;) {
      const page = await exportPage(f, after, maxId, PAGE);
      if (page.length) yield page.map((r) => this.cells(r, unmasked && canUnmask(reach, r.areaPath), fields, today));
      if (page.length < PAGE) return;
      after = (page[page.length - 1] as ExportRow).id;
    }
  }

  private cells(r: ExportRow, clear: boolean, fields: Field[], today: string): (string | number | null)[] {
    const pii = this.ctx.pii;
    const tags = parseJson<string[]>(r.tags, []);
    if (clear) tags.push(...decodeSensitiveTags(pii, r.sensitiveTagsEnc));
    const custom = parseJson<Record<string, unknown>>(r.custom, {});
    const building = r.buildingName ? [r.compoundName, r.buildingName].filter(Boolean).join(' ') : '';
    const value = (v: unknown) => (typeof v === 'boolean' ? (v ? '是' : '否') : v == null ? '' : String(v));
    return [
      r.name,
      clear && r.idNoEnc ? pii.decrypt(r.idNoEnc) : r.idNoMasked,
      clear && r.phoneEnc ? pii.decrypt(r.phoneEnc) : r.phoneMasked,
      r.gender ? (genderLabels[r.gender as Gender]?.['zh-CN'] ?? r.gender) : '',
      r.birthDate,
      relationLabels[r.relation as Relation]?.['zh-CN'] ?? r.relation,
      building,
      r.roomUnit ?? '',
      r.roomNumber ?? '',
      r.householdAddress,
      r.gridName,
      tags.filter((t) => clear || !isSensitiveTag(t)).join(','),
      r.movedInOn,
      r.birthDate ? ageOn(r.birthDate, today) : null,
      r.movedOutOn,
      ...fields.map((x) => value(custom[x.code])),
    ];
  }
}

function csvStream(header: string[], lines: AsyncGenerator<(string | number | null)[][]>): Readable {
  const line = (cells: (string | number | null)[]) => `${cells.map(csvCell).join(',')}\r\n`;
  async function* chunks() {
    yield BOM + line(header);
    for await (const page of lines) yield page.map(line).join('');
  }
  return Readable.from(chunks());
}

/** The exceljs streaming writer into a pass-through the reply sends while pages are still being read. */
function xlsxStream(header: string[], lines: AsyncGenerator<(string | number | null)[][]>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet('台账');
  ws.columns = header.map((h) => ({ header: h, width: Math.max(10, h.length * 2 + 4) }));
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  (async () => {
    for await (const page of lines) for (const cells of page) ws.addRow(cells).commit();
    ws.commit();
    await wb.commit();
  })().catch((err) => out.destroy(err));
  return out;
}
