/**
 * Analytics: the case KPIs of DOMAIN.md §3 read from the roll-ups (never from cases), in the caller's scope.
 * Area roles see their subtrees — without an areaId, all of them: a secretary of two communities gets the
 * figures of both, grouped by community; organisation roles (department, property company, unit) see the
 * roll-up rows of their organisation as handler, anywhere; anyone else nothing.
 */
import {
  addSums,
  dateOfDayNumber,
  dayNumberOfDate,
  dayNumberStart,
  figuresOfSums,
  type Sums,
  shanghaiDayNumber,
  zeroSums,
} from '@grassroots/shared/analytics/analytics.facts';
import {
  KPI_MAX_DAYS,
  type KpiGroup,
  type KpiQuery,
  type KpiResponse,
} from '@grassroots/shared/analytics/analytics.schema';
import { pathAndAncestors } from '@grassroots/shared/areas/areas.rules';
import { type Period, periodKey, periodKeysBetween, periodLabel } from '@grassroots/shared/cases/cases.periods';
import { type CaseSource, caseSourceLabels } from '@grassroots/shared/cases/cases.schema';
import { AppError } from '@grassroots/shared/common/errors';
import { type SqlBool, sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import { type GroupedRollup, levelFor, type RollupFilter, rollupsBy } from './analytics.kpis.js';
import { BY_AREA, rollupRepository } from './analytics.repository.js';
import { CaseRollup } from './analytics.rollup.js';

type AreaRef = { id: number; name: string; path: string };
interface Bucket {
  sums: Sums;
  hist: Map<number, number>;
}
const emptyBucket = (): Bucket => ({ sums: zeroSums(), hist: new Map() });
const NONE_HANDLER = '';

const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', [{ path: `query.${path}`, message }]);

export class AnalyticsService {
  readonly rollup: CaseRollup;

  constructor(private ctx: AppContext) {
    this.rollup = new CaseRollup(ctx);
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  /**
   * The areas the figures are of, within the caller's reach: the one asked for, or else the caller's own
   * subtrees (one with an ancestor among them adds nothing), or the top of the tree for organisation staff and
   * the whole-tree roles; and which handler rows the caller may read.
   */
  private async reach(p: Principal, areaId: string | undefined) {
    const byArea = p.scope.areaPaths.length > 0;
    if (!byArea && p.scope.orgIds.length === 0) throw new AppError('FORBIDDEN');
    const q = this.k.selectFrom('areas').select(['id', 'name', 'path']);
    let areas: AreaRef[];
    if (areaId) {
      areas = await q.where('id', '=', Number(areaId)).execute();
      // Out of scope looks like not found.
      if (byArea && !areas.every((a) => coversPath(p.scope, a.path))) throw new AppError('NOT_FOUND');
    } else if (!byArea || p.scope.areaPaths.includes('/')) {
      areas = await q.where('parentId', 'is', null).orderBy('id').limit(1).execute();
    } else {
      const all = p.scope.areaPaths;
      const roots = [...new Set(all.filter((x) => !all.some((y) => y !== x && x.startsWith(y))))];
      areas = await q.where('path', 'in', roots).orderBy('sortOrder').orderBy('id').execute();
    }
    if (!areas.length) throw new AppError('NOT_FOUND');
    const orgKeys = byArea ? undefined : p.scope.orgIds.map((id) => `organisation:${id}`);
    return { areas, orgKeys };
  }

  private days(q: KpiQuery) {
    const today = shanghaiDayNumber(this.ctx.clock.now());
    const monthStart = dayNumberOfDate(`${dateOfDayNumber(today).slice(0, 7)}-01`);
    const fromDay = q.from ? dayNumberOfDate(q.from) : monthStart;
    const toDay = q.to ? dayNumberOfDate(q.to) : Math.max(today, fromDay);
    if (toDay < fromDay) throw bad('to', 'before from');
    if (toDay - fromDay + 1 > KPI_MAX_DAYS) throw bad('from', `at most ${KPI_MAX_DAYS} days`);
    return { fromDay, toDay };
  }

  private async categoryIds(categoryId: string | undefined) {
    if (!categoryId) return undefined;
    const rows = await this.k
      .selectFrom('caseCategories as sub')
      .innerJoin('caseCategories as top', (j) =>
        j.on(sql<SqlBool>`${sql.ref('sub.path')} like ${sql.ref('top.path')} || '%'`),
      )
      .select('sub.id')
      .where('top.id', '=', Number(categoryId))
      .execute();
    return rows.map((r) => r.id);
  }

  async kpis(p: Principal, q: KpiQuery): Promise<KpiResponse> {
    const { areas, orgKeys } = await this.reach(p, q.areaId);
    const { fromDay, toDay } = this.days(q);
    let handlerKeys = orgKeys;
    if (q.handler) {
      if (orgKeys && !orgKeys.includes(q.handler)) throw new AppError('NOT_FOUND');
      handlerKeys = [q.handler];
    }
    const filter: Omit<RollupFilter, 'fromDay' | 'toDay'> = {
      areaPaths: areas.map((a) => a.path),
      categoryIds: await this.categoryIds(q.category),
      source: q.source,
      handlerKeys,
    };
    const len = toDay - fromDay + 1;
    const groups = await this.groupAreas(q, areas);
    const read = await this.read(q, areas, groups, { ...filter, fromDay, toDay, previousFrom: fromDay - len });
    const [current, previous, state] = [
      await this.period(q, groups, read.inTotal, read.rows.current, fromDay, toDay),
      await this.period(q, groups, read.inTotal, read.rows.previous, fromDay - len, fromDay - 1),
      await rollupRepository.state(this.k),
    ];
    const now = this.ctx.clock.now();
    return {
      ...current,
      groupBy: q.groupBy,
      areaId: areas.length === 1 ? String(areas[0]!.id) : null,
      areaIds: areas.map((a) => String(a.id)),
      asOf: state.asOf === null ? null : new Date(state.asOf).toISOString(),
      lagSeconds: state.asOf === null ? null : Math.max(0, Math.round((now - state.asOf) / 1000)),
      previous,
    };
  }

  /** By area: the groups — the children of the one area, or the caller's several areas themselves. */
  private async groupAreas(q: KpiQuery, areas: AreaRef[]): Promise<AreaRef[]> {
    if (q.groupBy !== 'area') return [];
    if (areas.length !== 1) return areas;
    return this.k
      .selectFrom('areas')
      .select(['id', 'name', 'path'])
      .where('parentId', '=', areas[0]!.id)
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
  }

  /**
   * Both periods' roll-up rows in one read, and which grouped values make the total. On the area level a case
   * counts under each ancestor: by area, the rows read are the area's own (the total) and its children's (the
   * groups); otherwise every row counts in the total.
   */
  private async read(q: KpiQuery, areas: AreaRef[], groups: AreaRef[], filter: RollupFilter) {
    const ownAndChildren = levelFor(filter, q.groupBy) === BY_AREA && q.groupBy === 'area' && areas.length === 1;
    const own = filter.areaPaths;
    const f = ownAndChildren ? { ...filter, areaRows: [...own, ...groups.map((g) => g.path)] } : filter;
    const inTotal = ownAndChildren ? (value: string) => own.includes(value) : () => true;
    return { inTotal, rows: await rollupsBy(this.k, f, q.groupBy) };
  }

  /** The figures of one period: every group, and the total of all rows (cases outside any group included). */
  private async period(
    q: KpiQuery,
    groupAreas: AreaRef[],
    inTotal: (value: string) => boolean,
    rows: GroupedRollup[],
    fromDay: number,
    toDay: number,
  ) {
    const keyOf = this.keyOf(q, groupAreas, fromDay, toDay);
    const total = emptyBucket();
    const groups = new Map<string, Bucket>(keyOf.keys.map((key) => [key, emptyBucket()]));
    const into = (value: string) => {
      const key = keyOf.map(value);
      if (key === null) return null;
      const g = groups.get(key) ?? emptyBucket();
      groups.set(key, g);
      return g;
    };
    const add = (b: Bucket, r: GroupedRollup) => {
      addSums(b.sums, r.sums);
      for (const [bucket, n] of r.hist) b.hist.set(bucket, (b.hist.get(bucket) ?? 0) + n);
    };
    for (const r of rows) {
      if (inTotal(r.value)) add(total, r);
      const g = into(r.value);
      if (g) add(g, r);
    }
    const labels = await this.labels(q, [...groups.keys()], keyOf.names);
    // The counts behind the rates that have no count of their own in DOMAIN's shape, for drill-down.
    const figures = (key: string, label: string, b: Bucket): KpiGroup => ({
      key,
      label,
      ...figuresOfSums(b.sums, b.hist, this.ctx.config.kpiWeights),
      due: b.sums.due,
      closedOnTime: b.sums.onTime,
      reopened: b.sums.reopened,
      dispatches: b.sums.dispatches,
      returned: b.sums.returned,
    });
    return {
      from: dateOfDayNumber(fromDay),
      to: dateOfDayNumber(toDay),
      total: figures('total', '合计', total),
      groups: [...groups.entries()].map(([key, b]) => figures(key, labels.get(key) ?? key, b)),
    };
  }

  /**
   * How a grouped value maps to a group key, and the groups shown even when empty (areas, periods): by area,
   * `groupAreas` (see groupAreas).
   */
  private keyOf(q: KpiQuery, groupAreas: AreaRef[], fromDay: number, toDay: number) {
    const names = new Map<string, string>();
    if (q.groupBy === 'area') {
      for (const g of groupAreas) names.set(String(g.id), g.name);
      const byPath = new Map(groupAreas.map((g) => [g.path, String(g.id)]));
      // A path counts in the group whose path is it or one of its ancestors.
      const groupOf = (path: string) => pathAndAncestors(path).find((x) => byPath.has(x)) ?? null;
      return {
        keys: groupAreas.map((g) => String(g.id)),
        map: (path: string) => {
          const g = groupOf(path);
          return g === null ? null : byPath.get(g)!;
        },
        names,
      };
    }
    if (q.groupBy === 'day' || q.groupBy === 'week' || q.groupBy === 'month') {
      const period: Period = q.groupBy;
      const keys = periodKeysBetween(dayNumberStart(fromDay), dayNumberStart(toDay), period, 2000);
      return { keys, map: (day: string) => periodKey(dayNumberStart(Number(day)), period), names };
    }
    if (q.groupBy === 'handler')
      return { keys: [] as string[], map: (v: string) => (v === NONE_HANDLER ? null : v), names };
    return { keys: [] as string[], map: (v: string) => v, names };
  }

  private async labels(q: KpiQuery, keys: string[], names: Map<string, string>): Promise<Map<string, string>> {
    switch (q.groupBy) {
      case 'area':
        return names;
      case 'day':
      case 'week':
      case 'month':
        return new Map(keys.map((k) => [k, periodLabel(k)['zh-CN']]));
      case 'source':
        return new Map(keys.map((k) => [k, caseSourceLabels[k as CaseSource]?.['zh-CN'] ?? k]));
      case 'category': {
        const ids = keys.map(Number);
        const rows = ids.length
          ? await this.k.selectFrom('caseCategories').select(['id', 'name']).where('id', 'in', ids).execute()
          : [];
        return new Map(rows.map((r) => [String(r.id), r.name]));
      }
      case 'handler': {
        const ids = (kind: string) => keys.filter((k) => k.startsWith(`${kind}:`)).map((k) => Number(k.split(':')[1]));
        const [orgs, accounts] = [ids('organisation'), ids('account')];
        const orgRows = orgs.length
          ? await this.k.selectFrom('organisations').select(['id', 'name']).where('id', 'in', orgs).execute()
          : [];
        const accRows = accounts.length
          ? await this.k.selectFrom('accounts').select(['id', 'displayName']).where('id', 'in', accounts).execute()
          : [];
        return new Map([
          ...orgRows.map((r) => [`organisation:${r.id}`, r.name] as [string, string]),
          ...accRows.map((r) => [`account:${r.id}`, r.displayName] as [string, string]),
        ]);
      }
    }
  }
}
