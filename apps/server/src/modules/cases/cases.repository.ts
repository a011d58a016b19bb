/** Kysely queries of cases. List filters live in cases.filters.ts; everything else takes the caller's transaction. */
import type { CaseListQuery } from '@grassroots/shared/cases/cases.schema';
import { type Insertable, type Kysely, type Selectable, sql, type Updateable } from 'kysely';
import type { CaseEventsTable, CasesTable, Database } from '../../db/database.js';
import { type Db, insertRows, textIndexInsert } from '../../db/dialect.js';
import type { CaseQb } from './cases.filters.js';

/** The text index of case search terms (migration 0008; dialect.ts `createTextIndex`). */
export const CASE_SEARCH = 'case_search';

export type CaseRow = Selectable<CasesTable>;
export type CaseEventRow = Selectable<CaseEventsTable>;
type K = Kysely<Database>;

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

/** The columns intake writes into a new case (the others keep their defaults). */
export const NEW_CASE_COLUMNS = [
  ...['id', 'number', 'status', 'tier', 'areaId', 'areaPath', 'gridId', 'placePath', 'unplaced', 'categoryId'],
  ...['source', 'description', 'address', 'lng', 'lat', 'householdId', 'buildingId', 'submitterAccountId'],
  ...['submitterKeyId', 'onBehalfReason', 'externalNo', 'answers', 'acceptBy', 'respondBy', 'resolveBy'],
  ...['createdAt', 'updatedAt'],
] as const satisfies readonly (keyof CaseRow)[];
/** A create event as intake writes it (the id comes from the database; a create has no `data`). */
export type NewCaseEvent = Omit<CaseEventRow, 'id' | 'data'>;
export const NEW_EVENT_COLUMNS = [
  ...['caseId', 'at', 'actorId', 'actorKind', 'action', 'fromStatus', 'toStatus', 'note', 'attachmentIds'],
] as const satisfies readonly (keyof NewCaseEvent)[];

export const casesRepository = {
  /**
   * A new case with its id and number given. False when a case of the same source and external ticket number
   * exists (or is being filed by a transaction that then commits): that one is the case.
   */
  async insertNew(k: K, row: Insertable<CasesTable> & { id: number }): Promise<boolean> {
    const r = await k
      .insertInto('cases')
      .values(row)
      .onConflict((oc) => oc.columns(['source', 'externalNo']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  },

  /** New cases with their ids and numbers given, as one statement; the ids inserted (see insertNew for the rest). */
  async insertNewMany(db: Db, k: K, rows: CaseRow[]): Promise<Set<number>> {
    const values = rows.map((r) => NEW_CASE_COLUMNS.map((c) => r[c]));
    const tail = 'on conflict (source, external_no) do nothing returning id';
    const r = await k.executeQuery<{ id: number }>(insertRows(db, 'cases', NEW_CASE_COLUMNS, values, tail));
    return new Set(r.rows.map((row) => Number(row.id)));
  },

  /** Create events of new cases (one or many), as one statement. */
  insertEventsQuery: (db: Db, events: NewCaseEvent[]) =>
    insertRows(
      db,
      'case_events',
      NEW_EVENT_COLUMNS,
      events.map((e) => NEW_EVENT_COLUMNS.map((c) => e[c])),
    ),

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
      // actor_id is an API key's id when actor_kind says so: only accounts have names.
      .leftJoin('accounts as a', (j) => j.onRef('a.id', '=', 'e.actorId').on('e.actorKind', '=', 'account'))
      .selectAll('e')
      .select('a.displayName as actorName')
      .where('e.caseId', '=', caseId)
      .orderBy('e.at')
      .orderBy('e.id')
      .execute(),

  areasByIds: (k: K, ids: number[]) =>
    ids.length
      ? k.selectFrom('areas').select(['id', 'kind', 'path', 'parentId', 'name']).where('id', 'in', ids).execute()
      : Promise.resolve([]),

  /** Changes with every insert, delete and versioned update of an area (placement's name cache compares it). */
  async areasFingerprint(k: K): Promise<string> {
    const r = await k
      .selectFrom('areas')
      .select((e) => [
        e.fn.countAll<number>().as('n'),
        e.fn.max('id').as('maxId'),
        e.fn.sum<number>('version').as('versions'),
        e.fn.max('updatedAt').as('updatedAt'),
      ])
      .executeTakeFirstOrThrow();
    return `${r.n}:${r.maxId}:${r.versions}:${r.updatedAt}`;
  },

  /** The search terms of a new case (caseSearchTerms of number, description, address) as its text-index document. */
  insertTermsQuery: (db: Db, k: K, caseId: number, terms: string[]) =>
    textIndexInsert(db, k, CASE_SEARCH, [{ id: caseId, terms }]),

  /** The documents of several new cases, as one statement. */
  insertTermsManyQuery: (db: Db, k: K, docs: { id: number; terms: string[] }[]) =>
    textIndexInsert(db, k, CASE_SEARCH, docs),

  /** Names and the household of one case, in one query (the detail view). */
  detailExtras: (k: K, id: number) =>
    k
      .selectFrom('cases as c')
      .innerJoin('caseCategories as cat', 'cat.id', 'c.categoryId')
      .innerJoin('areas as ar', 'ar.id', 'c.areaId')
      .leftJoin('accounts as ha', 'ha.id', 'c.handlerAccountId')
      .leftJoin('organisations as ho', 'ho.id', 'c.handlerOrgId')
      .leftJoin('households as h', 'h.id', 'c.householdId')
      .leftJoin('accounts as sa', 'sa.id', 'c.submitterAccountId')
      .leftJoin('apiKeys as sk', 'sk.id', 'c.submitterKeyId')
      .leftJoin('organisations as so', 'so.id', 'sk.orgId')
      .select([
        'cat.name as categoryName',
        'cat.isProperty',
        'ar.name as areaName',
        'ha.displayName as handlerAccountName',
        'ho.name as handlerOrgName',
        'h.id as hId',
        'h.address as hAddress',
        'h.headName as hHeadName',
        'h.phoneEnc as hPhoneEnc',
        'sa.displayName as submitterAccountName',
        'so.name as submitterOrgName',
      ])
      .where('c.id', '=', id)
      .executeTakeFirstOrThrow(),

  /** The names a list row shows, joined onto an already filtered query. */
  withNames: (base: CaseQb) =>
    base
      .innerJoin('caseCategories as cat', 'cat.id', 'c.categoryId')
      .innerJoin('areas as ar', 'ar.id', 'c.areaId')
      .leftJoin('accounts as ha', 'ha.id', 'c.handlerAccountId')
      .leftJoin('organisations as ho', 'ho.id', 'c.handlerOrgId')
      .selectAll('c')
      .select([
        'cat.name as categoryName',
        'ar.name as areaName',
        'ha.displayName as handlerAccountName',
        'ho.name as handlerOrgName',
      ]),

  /** Visible cases in the query's order: `filterCases` output → the ordered, named row query. */
  ordered(filtered: CaseQb, sort: CaseListQuery['sort']) {
    const [col, dir] = SORTS[sort];
    return (
      casesRepository
        .withNames(filtered)
        // biome-ignore lint/suspicious/noExplicitAny: the sort column comes from the fixed table above
        .orderBy(col as any, dir)
        .orderBy('c.id', dir)
    );
  },
};
