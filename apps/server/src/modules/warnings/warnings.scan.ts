/**
 * The scan job `warnings.scan` (issue 5, 前响应): on one node at a time (the job lease), every
 * WARNINGS_SCAN_SECONDS it
 *  - counts cases per community × leaf category per ISO week (Asia/Shanghai) over the last 10 weeks and tests
 *    last week and this week (so far) against each pair's own 8-week baseline (shared warnings.detect.ts);
 *  - counts cases per building, compound and address × category per day over the last 30 days for repeats
 *    (warnings.repeats.ts);
 *  - inserts each new warning with its audit row and in-app notifications to the registrars of its area in one
 *    transaction, and refreshes the numbers of warnings it finds again (the unique key: never a duplicate).
 * A case counts in an area when its handling area or its place lies under it — the case list's `area=` filter.
 */
import { isoWeekKey, periodLabel } from '@grassroots/shared/cases/cases.periods';
import {
  DAY_MS,
  detectHotspots,
  type HotspotOptions,
  type HotspotSeries,
  type RepeatOptions,
  type Window,
  weekIndexOf,
  weekStartOf,
} from '@grassroots/shared/warnings/warnings.detect';
import type { WarningKind, WarningSubjectKind } from '@grassroots/shared/warnings/warnings.schema';
import type { Kysely } from 'kysely';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Job } from '../../core/jobs.js';
import type { Database } from '../../db/database.js';
import type { NotificationsService } from '../notifications/notifications.service.js';
import { leafCategories, weeklyCounts } from './warnings.counts.js';
import { notifyRegistrars } from './warnings.recipients.js';
import { findRepeats } from './warnings.repeats.js';

type K = Kysely<Database>;
export const WARNINGS_JOB = 'warnings.scan';

export interface ScanOptions {
  hotspot: HotspotOptions;
  repeat: RepeatOptions;
  /** Area kinds whose area × category pairs are tested for hotspots. */
  hotspotAreaKinds: string[];
}

/** One warning as found by a scan, before it is stored. */
export interface Found {
  kind: WarningKind;
  areaId: number;
  areaPath: string;
  categoryId: number;
  subjectKind: WarningSubjectKind;
  /** Null for an address: its id (warning_addresses) is taken when the warning is stored. */
  subjectId: number | null;
  subjectName: string;
  window: Window;
  observed: number;
  baseline: number;
  numbers: Record<string, unknown>;
}
export interface ScanReport {
  created: number[];
  updated: number;
  found: number;
}

export class WarningsScan {
  constructor(
    private ctx: AppContext,
    private notifications: NotificationsService,
    readonly options: ScanOptions,
  ) {}

  job(): Job {
    return {
      name: WARNINGS_JOB,
      intervalMs: this.ctx.config.warningsScanMs,
      run: (_c, now) => this.run(now).then(() => undefined),
    };
  }

  async run(now: number): Promise<ScanReport> {
    const k = this.ctx.db.kysely;
    const leaves = await leafCategories(k);
    const found = [
      ...(await this.hotspots(k, now, leaves)),
      ...(await findRepeats(k, now, [...leaves.keys()], this.options.repeat)),
    ];
    const report: ScanReport = { created: [], updated: 0, found: found.length };
    for (const f of found) {
      const id = await this.store(f, now, leaves.get(f.categoryId) ?? '');
      if (id === 'updated') report.updated++;
      else if (id !== null) report.created.push(id);
    }
    return report;
  }

  private async hotspots(k: K, now: number, leaves: Map<number, string>): Promise<Found[]> {
    const opts = this.options.hotspot;
    const current = weekIndexOf(now);
    const firstWeek = current - 1 - opts.baselineWeeks;
    const rows = await weeklyCounts(k, [...leaves.keys()], weekStartOf(firstWeek));
    if (!rows.length) return [];
    const areas = await k
      .selectFrom('areas')
      .select(['id', 'path', 'name'])
      .where('kind', 'in', this.options.hotspotAreaKinds)
      .execute();
    const byPath = new Map(areas.map((a) => [a.path, a]));
    const series = new Map<
      string,
      HotspotSeries<{ areaId: number; categoryId: number }> & { counts: Map<number, number> }
    >();
    let historyStart = current;
    for (const r of rows) {
      historyStart = Math.min(historyStart, r.wk);
      for (const areaId of areasOf(byPath, r.areaPath, r.placePath)) {
        const key = `${areaId}:${r.categoryId}`;
        const s = series.get(key) ?? { key: { areaId, categoryId: r.categoryId }, counts: new Map<number, number>() };
        series.set(key, s);
        s.counts.set(r.wk, (s.counts.get(r.wk) ?? 0) + r.n);
      }
    }
    const byId = new Map(areas.map((a) => [a.id, a]));
    return detectHotspots(series.values(), [current - 1, current], historyStart, opts).map((h) => {
      const area = byId.get(h.key.areaId)!;
      const from = weekStartOf(h.week);
      return {
        kind: 'hotspot',
        areaId: area.id,
        areaPath: area.path,
        categoryId: h.key.categoryId,
        subjectKind: 'area',
        subjectId: area.id,
        subjectName: area.name,
        window: { from, to: from + 7 * DAY_MS },
        observed: h.numbers.observed,
        baseline: h.numbers.baselineMean,
        numbers: { ...h.numbers, week: isoWeekKey(from) },
      };
    });
  }

  /** Inserts (→ its id, audited, registrars told) or refreshes the numbers of the one already there. */
  private async store(f: Found, now: number, categoryName: string): Promise<number | 'updated' | null> {
    return this.ctx.db.kysely.transaction().execute(async (trx) => {
      const numbers = JSON.stringify(f.numbers);
      const subjectId = f.subjectId ?? (await addressId(trx, f.subjectName));
      const inserted = await trx
        .insertInto('warnings')
        .values({
          kind: f.kind,
          areaId: f.areaId,
          areaPath: f.areaPath,
          categoryId: f.categoryId,
          subjectKind: f.subjectKind,
          subjectId,
          subjectName: f.subjectName.slice(0, 200),
          windowFrom: f.window.from,
          windowTo: f.window.to,
          observed: f.observed,
          baseline: f.baseline,
          numbers,
          createdAt: now,
          updatedAt: now,
        })
        .onConflict((oc) => oc.columns(['kind', 'subjectKind', 'subjectId', 'categoryId', 'windowFrom']).doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) {
        // Found again: the same warning with fresher numbers. Bookkeeping, not a user-visible change of
        // state, so the version (which guards acknowledging) stays.
        const upd = await trx
          .updateTable('warnings')
          // An address warning's area may widen as cases from further away join its window.
          .set({ observed: f.observed, baseline: f.baseline, numbers, areaId: f.areaId, areaPath: f.areaPath })
          .set({ updatedAt: now })
          .where('kind', '=', f.kind)
          .where('subjectKind', '=', f.subjectKind)
          .where('subjectId', '=', subjectId)
          .where('categoryId', '=', f.categoryId)
          .where('windowFrom', '=', f.window.from)
          .where('numbers', '<>', numbers)
          .executeTakeFirst();
        return Number(upd.numUpdatedRows) > 0 ? 'updated' : null;
      }
      const title = warningTitle({ ...f, categoryName });
      await this.ctx.audit.write(trx, systemActor, {
        action: 'warning.raise',
        entityType: 'warning',
        entityId: inserted.id,
        areaPath: f.areaPath,
        summary: {
          kind: f.kind,
          subject: `${f.subjectKind}:${subjectId}`,
          categoryId: f.categoryId,
          observed: f.observed,
        },
      });
      await notifyRegistrars(trx, this.notifications, f.areaPath, {
        topic: `warning.${f.kind}`,
        title,
        link: '/console/warnings',
        payload: { warningId: String(inserted.id), kind: f.kind },
      });
      return inserted.id;
    });
  }
}

/** The id of an address key (warning_addresses), taken on first use. */
async function addressId(trx: K, address: string): Promise<number> {
  await trx
    .insertInto('warningAddresses')
    .values({ address })
    .onConflict((oc) => oc.column('address').doNothing())
    .execute();
  const row = await trx
    .selectFrom('warningAddresses')
    .select('id')
    .where('address', '=', address)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Ids of the chosen-kind areas on either path (a case handled in one community and placed in another counts in both). */
function areasOf(byPath: Map<string, { id: number }>, ...paths: (string | null)[]): Set<number> {
  const ids = new Set<number>();
  for (const path of paths) {
    if (!path) continue;
    let at = path.indexOf('/', 1);
    while (at > 0) {
      const a = byPath.get(path.slice(0, at + 1));
      if (a) ids.add(a.id);
      at = path.indexOf('/', at + 1);
    }
  }
  return ids;
}

/** The zh-CN headline of a warning. */
export function warningTitle(w: {
  kind: string;
  subjectName: string;
  categoryName: string;
  observed: number;
  baseline: number;
  numbers: Record<string, unknown>;
}): string {
  if (w.kind === 'hotspot') {
    const mean = w.baseline.toFixed(1);
    const week = periodLabel(String(w.numbers.week ?? ''))['zh-CN'];
    return `${w.subjectName}「${w.categoryName}」${week} ${w.observed} 件，近 ${String(w.numbers.weeksUsed ?? '')} 周平均每周 ${mean} 件`;
  }
  return `${w.subjectName}「${w.categoryName}」${String(w.numbers.windowDays ?? 30)} 天内 ${w.observed} 件重复诉求`;
}
