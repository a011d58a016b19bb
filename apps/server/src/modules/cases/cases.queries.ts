/**
 * Reads over many cases: the paginated list, the CSV export, likely duplicates of one case, and the public
 * progress look-up by number. Lists make a fixed number of queries whatever the page size.
 */
import { openStatuses } from '@grassroots/shared/cases/cases.lifecycle';
import {
  CASE_EXPORT_MAX_ROWS,
  type CaseDuplicate,
  type CaseExportQuery,
  type CaseListQuery,
  DUPLICATE_RADIUS_M,
  DUPLICATE_WINDOW_DAYS,
  type PublicCase,
} from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { fetchPage } from '../../core/paging.js';
import type { Principal } from '../../core/principal.js';
import { type NamedCaseRow, namesOf } from './cases.detail.js';
import { csvChunks, EXPORT_CHUNK } from './cases.export.js';
import { filterCases, visibleTo } from './cases.filters.js';
import { type CaseRow, casesRepository as repo } from './cases.repository.js';
import { iso, toSummary } from './cases.view.js';

const DAY_MS = 24 * 3600_000;
const MAX_DUPLICATE_CANDIDATES = 50;
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle distance in metres (haversine; plenty for a few hundred metres). */
export function haversineM(a: { lng: number; lat: number }, b: { lng: number; lat: number }) {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export class CaseQueries {
  /** Tests lower these to reach the limit without 50,000 rows, and to read several pages. */
  exportMaxRows = CASE_EXPORT_MAX_ROWS;
  exportChunk = EXPORT_CHUNK;

  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  private async filtered(p: Principal, q: CaseExportQuery, now: number) {
    let areaPath: string | null = null;
    if (q.area) {
      const a = await this.k.selectFrom('areas').select('path').where('id', '=', Number(q.area)).executeTakeFirst();
      areaPath = a?.path ?? '/nonexistent/';
    }
    return filterCases(this.k.selectFrom('cases as c'), p, q, { now, areaPath, db: this.ctx.db });
  }

  async list(p: Principal, q: CaseListQuery) {
    const now = this.ctx.clock.now();
    const filtered = await this.filtered(p, q, now);
    const page = await fetchPage(repo.ordered(filtered, q.sort), filtered, q);
    return {
      items: page.rows.map((r) => toSummary(r, now, namesOf(r as NamedCaseRow))),
      total: page.total,
      page: q.page,
      pageSize: q.pageSize,
    };
  }

  /**
   * The CSV as a stream of chunks, after counting (more than exportMaxRows → 422) and auditing. Rows are the
   * filter's cases up to the largest id at count time, in submission (id) order, read EXPORT_CHUNK at a time.
   */
  async exportCsv(p: Principal, actor: Actor, q: CaseExportQuery) {
    const now = this.ctx.clock.now();
    const filtered = await this.filtered(p, q, now);
    const head = await filtered
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('c.id').as('maxId')])
      .executeTakeFirstOrThrow();
    const total = Number(head.n);
    if (total > this.exportMaxRows) throw new AppError('EXPORT_TOO_LARGE', { total, max: this.exportMaxRows });
    const { page: _p, pageSize: _s, ...filters } = q as CaseListQuery;
    await this.ctx.audit.write(this.k, actor, {
      action: 'case.export',
      entityType: 'case',
      // Filed under the exporter's own area, so the leaders who audit that area see who exported what.
      areaPath: p.scope.areaPaths.length === 1 ? p.scope.areaPaths[0] : null,
      summary: { filters, rows: total },
    });
    const maxId = Number(head.maxId ?? 0);
    const page = async (afterId: number, limit: number) => {
      const rows = await repo
        .withNames(filtered.where('c.id', '>', afterId).where('c.id', '<=', maxId))
        .orderBy('c.id')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ id: r.id, summary: toSummary(r, now, namesOf(r as NamedCaseRow)) }));
    };
    return { total, chunks: csvChunks(page, this.exportChunk) };
  }

  /**
   * Likely duplicates of `row` for its registrar: open cases of the same category, submitted within 30 days of
   * it, visible to the caller, of the same household or building or within 300 m. The database narrows to at
   * most 50 candidates (a bounding box around the point); the exact distance is computed here.
   */
  async duplicates(p: Principal, row: CaseRow): Promise<{ items: CaseDuplicate[] }> {
    const now = this.ctx.clock.now();
    const k = this.k;
    const buildingId =
      row.buildingId ??
      (row.householdId == null
        ? null
        : ((await k.selectFrom('households').select('buildingId').where('id', '=', row.householdId).executeTakeFirst())
            ?.buildingId ?? null));
    const point = row.lng != null && row.lat != null ? { lng: row.lng, lat: row.lat } : null;
    if (row.householdId == null && buildingId == null && !point) return { items: [] };
    const window = DUPLICATE_WINDOW_DAYS * DAY_MS;
    const base = k
      .selectFrom('cases as c')
      .where(visibleTo(p))
      .where('c.categoryId', '=', row.categoryId)
      .where('c.status', 'in', [...openStatuses])
      .where('c.id', '!=', row.id)
      .where('c.createdAt', '>=', row.createdAt - window)
      .where('c.createdAt', '<=', row.createdAt + window)
      .where((eb) => {
        const ors = [];
        if (row.householdId != null) ors.push(eb('c.householdId', '=', row.householdId));
        if (buildingId != null)
          ors.push(
            eb('c.buildingId', '=', buildingId),
            eb('c.householdId', 'in', eb.selectFrom('households').select('id').where('buildingId', '=', buildingId)),
          );
        if (point) {
          const dLat = DUPLICATE_RADIUS_M / 111_320;
          const dLng = dLat / Math.max(0.01, Math.cos((point.lat * Math.PI) / 180));
          ors.push(
            eb.and([
              eb('c.lat', '>=', point.lat - dLat),
              eb('c.lat', '<=', point.lat + dLat),
              eb('c.lng', '>=', point.lng - dLng),
              eb('c.lng', '<=', point.lng + dLng),
            ]),
          );
        }
        return eb.or(ors);
      });
    const rows = await repo
      .withNames(base)
      .select((eb) =>
        eb
          .selectFrom('households as hb')
          .select('hb.buildingId')
          .whereRef('hb.id', '=', 'c.householdId')
          .as('householdBuildingId'),
      )
      .orderBy('c.createdAt', 'desc')
      .orderBy('c.id', 'desc')
      .limit(MAX_DUPLICATE_CANDIDATES)
      .execute();
    const RANK = { household: 0, building: 1, distance: 2 } as const;
    const items: CaseDuplicate[] = [];
    for (const r of rows) {
      const d =
        point && r.lng != null && r.lat != null ? Math.round(haversineM(point, { lng: r.lng, lat: r.lat })) : undefined;
      let reason: CaseDuplicate['match']['reason'] | null = null;
      if (row.householdId != null && r.householdId === row.householdId) reason = 'household';
      else if (buildingId != null && (r.buildingId ?? r.householdBuildingId) === buildingId) reason = 'building';
      else if (d !== undefined && d <= DUPLICATE_RADIUS_M) reason = 'distance';
      if (!reason) continue;
      const summary = toSummary(r, now, namesOf(r as NamedCaseRow));
      items.push({ ...summary, match: { reason, ...(d !== undefined ? { distanceM: d } : {}) } });
    }
    items.sort(
      (a, b) => RANK[a.match.reason] - RANK[b.match.reason] || (a.match.distanceM ?? 0) - (b.match.distanceM ?? 0),
    );
    return { items };
  }

  /** Progress by number for anyone: status, category, dates, rating and the steps — nothing personal. */
  async publicCase(number: string): Promise<PublicCase> {
    const c = await this.k
      .selectFrom('cases as c')
      .innerJoin('caseCategories as cat', 'cat.id', 'c.categoryId')
      .select(['c.id', 'c.number', 'c.status', 'c.createdAt', 'c.closedAt', 'c.rating', 'cat.name as categoryName'])
      .where('c.number', '=', number)
      .executeTakeFirst();
    if (!c) throw new AppError('CASE_NOT_FOUND');
    const steps = await this.k
      .selectFrom('caseEvents')
      .select(['action', 'toStatus', 'at'])
      .where('caseId', '=', c.id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return {
      number: c.number,
      status: c.status as PublicCase['status'],
      categoryName: c.categoryName,
      createdAt: iso(c.createdAt),
      // A reopened case keeps closed_at for the record; it is not closed any more.
      closedAt: c.status === 'closed' && c.closedAt != null ? iso(c.closedAt) : null,
      rating: (c.rating as PublicCase['rating']) ?? null,
      steps: steps.map((s) => ({
        action: s.action as PublicCase['steps'][number]['action'],
        to: s.toStatus as PublicCase['status'],
        at: iso(s.at),
      })),
    };
  }
}
