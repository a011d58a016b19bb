/**
 * Excel export of a campaign's results (exceljs streaming writer, so a large area never sits in memory):
 * sheet 走访结果 has one row per household with its state and the answers of its latest visit, sheet 走访记录
 * one row per visit. Contact data is masked (head 张**, phone 138****5678); the export is audited before the
 * first byte leaves. Rows come in keyset pages of the caller's reach.
 */

import { PassThrough } from 'node:stream';
import {
  type Answers,
  type CampaignField,
  formatAnswer,
  type HouseholdState,
  householdStateLabels,
  type VisitOutcome,
  visitOutcomeLabels,
} from '@grassroots/shared/campaigns/campaigns.rules';
import { AppError } from '@grassroots/shared/common/errors';
import { shanghaiMinute } from '@grassroots/shared/common/shanghai-time';
import { maskName, maskPhone } from '@grassroots/shared/privacy/masking';
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { canManage, inReach, type Reach, readReach } from './campaigns.access.js';
import * as repo from './campaigns.repository.js';
import type { CampaignsService } from './campaigns.service.js';
import { formOf, parseJson } from './campaigns.view.js';
import * as visits from './visits.repository.js';

export const EXPORT_CHUNK = 1000;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** 'YYYY-MM-DD HH:mm' in Asia/Shanghai. */
export const shanghaiTime = (ms: number | null | undefined) => (ms == null ? '' : shanghaiMinute(ms));

type VisitRow = visits.VisitRow;

export class CampaignExport {
  constructor(
    private readonly ctx: AppContext,
    private readonly campaigns: CampaignsService,
  ) {}

  /** Checks and audits, then returns the file name and a stream that the workbook is written into. */
  async xlsx(p: Principal, actor: Actor, campaignId: number) {
    const k = this.ctx.db.kysely;
    const c = await this.campaigns.getRow(k, p, campaignId);
    if (!canManage(p, c.areaPath)) throw new AppError('FORBIDDEN', { permission: 'campaigns.manage' });
    if (c.status === 'draft') throw new AppError('INVALID_TRANSITION', { status: c.status });
    const reach = await readReach(k, p);
    const count = await repo
      .campaignHouseholds(k, campaignId)
      .where(inReach(reach, 'ch.areaPath', 'ch.householdId'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    await this.ctx.audit.write(k, actor, {
      action: 'campaign.export',
      entityType: 'campaign',
      entityId: campaignId,
      areaPath: c.areaPath,
      summary: { name: c.name, rows: Number(count.n) },
    });
    const stream = new PassThrough();
    this.write(k, stream, campaignId, formOf(c), reach).catch((e: unknown) =>
      stream.destroy(e instanceof Error ? e : new Error(String(e))),
    );
    return { name: c.name, mime: XLSX, stream };
  }

  /** Pages of (household, its visits), in grid then household order, by keyset. */
  private async *pages(k: Kysely<Database>, campaignId: number, reach: Reach) {
    let after: { gridId: number; householdId: number } | null = null;
    for (;;) {
      let q = repo.campaignHouseholds(k, campaignId).where(inReach(reach, 'ch.areaPath', 'ch.householdId'));
      if (after) {
        const a = after;
        q = q.where((eb) =>
          eb.or([
            eb('ch.gridId', '>', a.gridId),
            eb.and([eb('ch.gridId', '=', a.gridId), eb('ch.householdId', '>', a.householdId)]),
          ]),
        );
      }
      const rows = await q
        .select(repo.householdColumns)
        .orderBy('ch.gridId')
        .orderBy('ch.householdId')
        .limit(EXPORT_CHUNK)
        .execute();
      if (!rows.length) return;
      const list = await visits.visitsOfHouseholds(
        k,
        campaignId,
        rows.map((r) => r.householdId),
      );
      yield { rows, visits: list };
      if (rows.length < EXPORT_CHUNK) return;
      const last = rows[rows.length - 1] as (typeof rows)[number];
      after = { gridId: last.gridId, householdId: last.householdId };
    }
  }

  private async write(
    k: Kysely<Database>,
    stream: PassThrough,
    campaignId: number,
    form: CampaignField[],
    reach: Reach,
  ) {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
    const answerCells = (a: Answers) => form.map((f) => formatAnswer(f, a[f.code], 'zh-CN'));
    const fieldHeads = form.map((f) => f.label);
    const phone = (enc: string | null) => (enc ? maskPhone(this.ctx.pii.decrypt(enc)) : '');

    const results = wb.addWorksheet('走访结果');
    results.columns = [20, 36, 10, 14, 10, 18, 10, ...form.map(() => 16)].map((width) => ({ width }));
    const head = results.addRow(['网格', '地址', '户主', '联系电话', '状态', '最近走访时间', '走访人', ...fieldHeads]);
    head.font = { bold: true };
    head.commit();
    for await (const page of this.pages(k, campaignId, reach)) {
      const latest = new Map<number, VisitRow>();
      // Ordered by visit time: the last one per household is the one its state came from.
      for (const v of page.visits) latest.set(v.householdId, v);
      for (const r of page.rows) {
        const v = latest.get(r.householdId);
        const state = (r.lastOutcome ?? 'pending') as HouseholdState;
        results
          .addRow([
            r.gridName,
            r.address,
            maskName(r.headName) ?? '',
            phone(r.phoneEnc),
            householdStateLabels[state]['zh-CN'],
            shanghaiTime(r.lastVisitAt),
            v?.visitorName ?? '',
            ...answerCells(v ? parseJson<Answers>(v.answers, {}) : {}),
          ])
          .commit();
      }
    }
    results.commit();

    const log = wb.addWorksheet('走访记录');
    log.columns = [20, 36, 10, 18, 10, 8, ...form.map(() => 16)].map((width) => ({ width }));
    const logHead = log.addRow(['网格', '地址', '走访结果', '走访时间', '走访人', '照片数', ...fieldHeads]);
    logHead.font = { bold: true };
    logHead.commit();
    for await (const page of this.pages(k, campaignId, reach)) {
      const byId = new Map(page.rows.map((r) => [r.householdId, r]));
      for (const v of page.visits) {
        const r = byId.get(v.householdId);
        log
          .addRow([
            r?.gridName ?? '',
            r?.address ?? '',
            visitOutcomeLabels[v.outcome as VisitOutcome]?.['zh-CN'] ?? v.outcome,
            shanghaiTime(v.visitedAt),
            v.visitorName,
            parseJson<unknown[]>(v.attachmentIds, []).length,
            ...answerCells(parseJson<Answers>(v.answers, {})),
          ])
          .commit();
      }
    }
    log.commit();
    await wb.commit();
  }
}
