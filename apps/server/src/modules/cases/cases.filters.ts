/**
 * The WHERE of case lists (list page, count, CSV export): what the caller may see, its view (all/tasks/mine),
 * and the query's filters. One builder so that the list, its total and the export can never disagree.
 */
import {
  type DrillFigure,
  deadlineFigures,
  drillFigureColumn,
  shanghaiDayNumber,
} from '@grassroots/shared/analytics/analytics.facts';
import { openStatuses } from '@grassroots/shared/cases/cases.lifecycle';
import { boundToMs, type CaseExportQuery } from '@grassroots/shared/cases/cases.schema';
import { queryTerms } from '@grassroots/shared/cases/cases.search';
import { AppError } from '@grassroots/shared/common/errors';
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { inAreas, ofOrgs } from '../../core/scope.js';
import type { CasesTable, Database } from '../../db/database.js';
import { type Db, textIndexMatch } from '../../db/dialect.js';
import { addressKey } from '../warnings/warnings.address.js';
import { CASE_SEARCH } from './cases.repository.js';
import { defaultView, type Eb, mineOf, tasksOf } from './cases.tasks.js';

export type CaseQb = SelectQueryBuilder<Database & { c: CasesTable }, 'c', object>;

/** What a caller may list: its area subtrees (by handling area or place), its organisations, itself. */
export function visibleTo(p: Principal) {
  return (eb: Eb): Expression<SqlBool> => {
    const ors = [
      inAreas(p.scope, 'c.areaPath')(eb),
      inAreas(p.scope, 'c.placePath')(eb),
      ofOrgs(p.scope, 'c.handlerOrgId')(eb),
    ];
    if (p.accountId != null) {
      ors.push(eb('c.submitterAccountId', '=', p.accountId), eb('c.handlerAccountId', '=', p.accountId));
    }
    if (p.kind === 'api_key' && p.apiKeyId != null) ors.push(eb('c.submitterKeyId', '=', p.apiKeyId));
    if (p.scope.householdIds.length) ors.push(eb('c.householdId', 'in', p.scope.householdIds));
    return eb.or(ors);
  };
}

/**
 * Every query term must be among the case's search terms (shared `cases.search.ts`): one look-up in the case
 * text index (dialect.ts `textIndexMatch`), never a scan of cases. A q with no searchable characters is refused (400).
 */
export function matchesText(db: Db, q: string) {
  const terms = queryTerms(q);
  if (!terms.length)
    throw new AppError('VALIDATION_FAILED', [{ path: 'query.q', message: 'no searchable characters' }]);
  return (eb: Eb) => sql<SqlBool>`${eb.ref('c.id')} in (${textIndexMatch(db, CASE_SEARCH, terms)})`;
}

/** The category and its whole sub-tree (a category's path prefixes its descendants' paths). */
const inCategoryTree = (categoryId: number) => (eb: Eb) =>
  eb(
    'c.categoryId',
    'in',
    eb
      .selectFrom('caseCategories as sub')
      .innerJoin('caseCategories as top', (j) =>
        j.on(sql<SqlBool>`${sql.ref('sub.path')} like ${sql.ref('top.path')} || '%'`),
      )
      .select('sub.id')
      .where('top.id', '=', categoryId),
  );

/**
 * A case's building is its own building_id, or else its household's — the reading the repeat warnings of
 * modules/warnings count by, so a warning's drill-down lists exactly its cases.
 */
const atBuildings = (ids: (eb: Eb) => SelectQueryBuilder<Database, 'buildings', { id: number }>) => (eb: Eb) =>
  eb.or([
    eb('c.buildingId', 'in', ids(eb)),
    eb.and([
      eb('c.buildingId', 'is', null),
      eb(
        'c.householdId',
        'in',
        eb.selectFrom('households as bh').select('bh.id').where('bh.buildingId', 'in', ids(eb)),
      ),
    ]),
  ]);
const buildingsWhere = (col: 'id' | 'compoundId', id: number) => (eb: Eb) =>
  eb.selectFrom('buildings').select('buildings.id').where(`buildings.${col}`, '=', id);

/**
 * Cases placed only by an address: no building of their own or of their household, and the same address key
 * (warnings.address.ts, an index look-up) — the cases an address repeat warning counts; the ones at a building
 * count at their building (no warning twice for the same cases).
 */
const atAddressOnly = (address: string) => (eb: Eb) =>
  eb.and([
    eb(addressKey(eb.ref('c.address')), '=', addressKey(sql.val(address))),
    eb('c.buildingId', 'is', null),
    eb.or([
      eb('c.householdId', 'is', null),
      eb.not(
        eb.exists(
          eb
            .selectFrom('households as ah')
            .select('ah.id')
            .whereRef('ah.id', '=', 'c.householdId')
            .where('ah.buildingId', 'is not', null),
        ),
      ),
    ]),
  ]);

/**
 * Cases counted in one KPI figure: their analytics facts (case_facts, kept by the analytics roll-up job) have
 * it, so the list's total equals the KPI read from the roll-ups. With a deadline figure the date bounds apply
 * to the day the deadline fell (按期结案率 counts there).
 */
const hasFigure = (figure: DrillFigure, from?: string, to?: string) => (eb: Eb) => {
  let facts = eb
    .selectFrom('caseFacts as cf')
    .select('cf.caseId')
    .whereRef('cf.caseId', '=', 'c.id')
    .where(`cf.${drillFigureColumn[figure]}`, '=', 1);
  if (from) facts = facts.where('cf.dueDay', '>=', shanghaiDayNumber(boundToMs(from, 'from')));
  if (to) facts = facts.where('cf.dueDay', '<=', shanghaiDayNumber(boundToMs(to, 'to') - 1));
  return eb.exists(facts);
};

export interface FilterContext {
  now: number;
  db: Db;
  /** Path of the `area` filter, read beforehand (a missing area matches nothing). */
  areaPath: string | null;
}

/** The caller's visible cases narrowed by the view and the query's filters. */
export function filterCases(base: CaseQb, p: Principal, q: CaseExportQuery, f: FilterContext): CaseQb {
  let b = base.where(visibleTo(p));
  const view = q.view ?? defaultView(p);
  if (view === 'tasks') b = b.where(tasksOf(p));
  if (view === 'mine') b = b.where(mineOf(p));
  if (q.status) b = b.where('c.status', 'in', q.status);
  if (q.source) b = b.where('c.source', 'in', q.source);
  if (q.category) b = b.where(inCategoryTree(Number(q.category)));
  const areaPath = f.areaPath;
  if (areaPath !== null)
    b = b.where((eb) => eb.or([eb('c.areaPath', 'like', `${areaPath}%`), eb('c.placePath', 'like', `${areaPath}%`)]));
  if (q.building) b = b.where(atBuildings(buildingsWhere('id', Number(q.building))));
  if (q.compound) b = b.where(atBuildings(buildingsWhere('compoundId', Number(q.compound))));
  if (q.address) b = b.where(atAddressOnly(q.address));
  if (q.handler) {
    const [kind, id] = q.handler.split(':');
    b = b.where(kind === 'account' ? 'c.handlerAccountId' : 'c.handlerOrgId', '=', Number(id));
  }
  if (q.overdue !== undefined) {
    const overdue = (eb: Eb) =>
      eb.and([
        eb(
          'c.status',
          'in',
          openStatuses.filter((s) => s !== 'suspended'),
        ),
        eb('c.resolveBy', '<', f.now),
      ]);
    b = b.where((eb) => (q.overdue ? overdue(eb) : eb.not(overdue(eb))));
  }
  const byDeadline = q.figure !== undefined && deadlineFigures.includes(q.figure);
  if (q.from && !byDeadline) b = b.where('c.createdAt', '>=', boundToMs(q.from, 'from'));
  if (q.to && !byDeadline) b = b.where('c.createdAt', '<', boundToMs(q.to, 'to'));
  if (q.figure) b = b.where(byDeadline ? hasFigure(q.figure, q.from, q.to) : hasFigure(q.figure));
  if (q.q) b = b.where(matchesText(f.db, q.q));
  return b;
}
