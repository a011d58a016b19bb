/** Kysely queries of cases. List queries take the Scope; everything else takes the caller's transaction. */

import { openStatuses } from '@grassroots/shared/cases/cases.lifecycle';
import { boundToMs, type CaseListQuery } from '@grassroots/shared/cases/cases.schema';
import {
  type ExpressionBuilder,
  type Insertable,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type SqlBool,
  sql,
  type Updateable,
} from 'kysely';
import type { Principal } from '../../core/principal.js';
import { inAreas, ofOrgs } from '../../core/scope.js';
import type { CaseEventsTable, CasesTable, Database } from '../../db/database.js';
import { containsText, type Db } from '../../db/dialect.js';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
type K = Kysely<Database>;
type Eb = ExpressionBuilder<Database & { c: CasesTable }, 'c'>;

const SORTS: Record<CaseListQuery['sort'], [string, 'asc' | 'desc']> = {
  '-createdAt': ['c.createdAt', 'desc'],
  createdAt: ['c.createdAt', 'asc'],
  '-resolveBy': ['c.resolveBy', 'desc'],
  resolveBy: ['c.resolveBy', 'asc'],
  '-updatedAt': ['c.updatedAt', 'desc'],
  updatedAt: ['c.updatedAt', 'asc'],
  number: ['c.number', 'asc'],
  '-number': ['c.number', 'desc'],
};

/** What a caller may list: its area subtrees (by handling area or place), its organisations, itself. */
function visibleTo(p: Principal) {
  return (eb: Eb): ReturnType<Eb['or']> => {
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

export const casesRepository = {
  async insert(k: K, row: Insertable<CasesTable>): Promise<number> {
    const r = await k.insertInto('cases').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  },

  setNumber: (k: K, id: number, number: string) =>
    k.updateTable('cases').set({ number }).where('id', '=', id).execute(),

  find: (k: K, id: number) => k.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst(),

  findByExternal: (k: K, source: string, externalNo: string) =>
    k
      .selectFrom('cases')
      .selectAll()
      .where('source', '=', source)
      .where('externalNo', '=', externalNo)
      .executeTakeFirst(),

  /** The one status-changing UPDATE: compares the version read by the caller; returns rows updated. */
  async updateVersioned(k: K, id: number, version: number, set: Updateable<CasesTable>): Promise<number> {
    const r = await k
      .updateTable('cases')
      .set({ ...set, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  insertEvent: (k: K, e: Insertable<CaseEventsTable>) => k.insertInto('caseEvents').values(e).execute(),

  events: (k: K, caseId: number) =>
    k
      .selectFrom('caseEvents as e')
      .leftJoin('accounts as a', 'a.id', 'e.actorId')
      .selectAll('e')
      .select('a.displayName as actorName')
      .where('e.caseId', '=', caseId)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute(),

  handlerNames: async (k: K, accountId: number | null, orgId: number | null) => ({
    account: accountId
      ? (await k.selectFrom('accounts').select('displayName').where('id', '=', accountId).executeTakeFirst())
          ?.displayName
      : undefined,
    org: orgId
      ? (await k.selectFrom('organisations').select('name').where('id', '=', orgId).executeTakeFirst())?.name
      : undefined,
  }),

  areasByIds: (k: K, ids: number[]) =>
    ids.length
      ? k.selectFrom('areas').select(['id', 'kind', 'path', 'parentId']).where('id', 'in', ids).execute()
      : Promise.resolve([]),

  /** One page of visible cases and its total: two queries whatever the page size. */
  list(db: Db, p: Principal, q: CaseListQuery, now: number, areaPath: string | null) {
    let base = db.kysely.selectFrom('cases as c').where(visibleTo(p));
    if (q.status) base = base.where('c.status', 'in', q.status);
    if (q.source) base = base.where('c.source', 'in', q.source);
    if (q.category) base = base.where('c.categoryId', '=', Number(q.category));
    if (areaPath !== null)
      base = base.where((eb) =>
        eb.or([eb('c.areaPath', 'like', `${areaPath}%`), eb('c.placePath', 'like', `${areaPath}%`)]),
      );
    if (q.handler) {
      const [kind, id] = q.handler.split(':');
      base = base.where(kind === 'account' ? 'c.handlerAccountId' : 'c.handlerOrgId', '=', Number(id));
    }
    if (q.overdue !== undefined) {
      const overdue = (eb: Eb) =>
        eb.and([
          eb(
            'c.status',
            'in',
            openStatuses.filter((s) => s !== 'suspended'),
          ),
          eb('c.resolveBy', '<', now),
        ]);
      base = base.where((eb) => (q.overdue ? overdue(eb) : eb.not(overdue(eb))));
    }
    if (q.from) base = base.where('c.createdAt', '>=', boundToMs(q.from, 'from'));
    if (q.to) base = base.where('c.createdAt', '<', boundToMs(q.to, 'to'));
    if (q.q) {
      // LIKE for now; the two-character (bigram) index for Chinese text is still to do.
      const text = q.q;
      base = base.where((eb) =>
        eb.or(
          ['c.number', 'c.description', 'c.address'].map((col) => containsText(db, col, text) as RawBuilder<SqlBool>),
        ),
      );
    }
    const [col, dir] = SORTS[q.sort];
    const rows = base
      .leftJoin('accounts as ha', 'ha.id', 'c.handlerAccountId')
      .leftJoin('organisations as ho', 'ho.id', 'c.handlerOrgId')
      .selectAll('c')
      .select(['ha.displayName as handlerAccountName', 'ho.name as handlerOrgName'])
      // biome-ignore lint/suspicious/noExplicitAny: the sort column comes from the fixed table above
      .orderBy(col as any, dir)
      .orderBy('c.id', dir);
    return { rows, filtered: base };
  },
};
