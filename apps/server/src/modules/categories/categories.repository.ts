/**
 * Category queries. The tree is small configuration (tens of rows), read whole and shaped in memory; the
 * intake lookup is one query, since it runs on every case created.
 */
import { type Kysely, type Selectable, sql } from 'kysely';
import type { CaseCategoriesTable, Database } from '../../db/database.js';

type K = Kysely<Database>;

export type CategoryRow = Selectable<CaseCategoriesTable> & { defaultOrgName: string | null };

export type CategoryInsert = Omit<
  CategoryRow,
  'id' | 'path' | 'version' | 'active' | 'createdAt' | 'updatedAt' | 'defaultOrgName'
>;
export type CategoryChanges = Partial<Omit<CategoryInsert, 'parentId'>>;

/** Organisation kinds that can handle cases by default. */
export const HANDLING_ORG_KINDS = ['department', 'property_company', 'unit', 'property_center'];

export class CategoriesRepository {
  all(k: K) {
    return k
      .selectFrom('caseCategories as c')
      .leftJoin('organisations as o', 'o.id', 'c.defaultOrgId')
      .selectAll('c')
      .select('o.name as defaultOrgName')
      .orderBy('c.sortOrder')
      .orderBy('c.id')
      .execute() as Promise<CategoryRow[]>;
  }

  find(k: K, id: number) {
    return k
      .selectFrom('caseCategories as c')
      .leftJoin('organisations as o', 'o.id', 'c.defaultOrgId')
      .selectAll('c')
      .select('o.name as defaultOrgName')
      .where('c.id', '=', id)
      .executeTakeFirst() as Promise<CategoryRow | undefined>;
  }

  /**
   * The row with two facts intake needs, in one statement: how many children it has, and how many of itself
   * and its ancestors are inactive (an ancestor's path is a prefix of the row's path).
   */
  async findForIntake(k: K, id: number) {
    const row = await k
      .selectFrom('caseCategories as c')
      .selectAll('c')
      .select((eb) => [
        eb
          .selectFrom('caseCategories as ch')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('ch.parentId', '=', 'c.id')
          .as('childCount'),
        eb
          .selectFrom('caseCategories as a')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where('a.active', '=', 0)
          .where(sql<boolean>`${sql.ref('c.path')} like ${sql.ref('a.path')} || '%'`)
          .as('inactiveCount'),
      ])
      .where('c.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    return { ...row, childCount: Number(row.childCount), inactiveCount: Number(row.inactiveCount) };
  }

  /**
   * A value that changes with any write to the table (insert, delete, update: every update bumps `version` and
   * `updated_at`): what the intake cache compares to notice changes made by other nodes or loaders.
   */
  async fingerprint(k: K): Promise<string> {
    const r = await k
      .selectFrom('caseCategories')
      .select((e) => [
        e.fn.countAll<number>().as('n'),
        e.fn.max('id').as('maxId'),
        e.fn.sum<number>('version').as('versions'),
        e.fn.max('updatedAt').as('updatedAt'),
      ])
      .executeTakeFirstOrThrow();
    return `${r.n}:${r.maxId}:${r.versions}:${r.updatedAt}`;
  }

  async childCount(k: K, id: number) {
    const r = await k
      .selectFrom('caseCategories')
      .select((e) => e.fn.countAll<number>().as('n'))
      .where('parentId', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async codeTaken(k: K, code: string, exceptId?: number) {
    const r = await k
      .selectFrom('caseCategories')
      .select('id')
      .where('code', '=', code)
      .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as number))
      .executeTakeFirst();
    return !!r;
  }

  async siblingNameTaken(k: K, parentId: number | null, name: string, exceptId?: number) {
    const r = await k
      .selectFrom('caseCategories')
      .select('id')
      .where('name', '=', name)
      .where((eb) => (parentId == null ? eb('parentId', 'is', null) : eb('parentId', '=', parentId)))
      .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as number))
      .executeTakeFirst();
    return !!r;
  }

  findOrg(k: K, id: number) {
    return k
      .selectFrom('organisations')
      .select(['id', 'kind', 'name', 'disabled'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Inserts and sets the materialised path (`<parent path><id>/`), which needs the new id. */
  async insert(k: K, v: CategoryInsert, parentPath: string | null, now: number) {
    const { id } = await k
      .insertInto('caseCategories')
      .values({ ...v, path: `tmp-${now}-${Math.random()}`, createdAt: now, updatedAt: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const path = `${parentPath ?? '/'}${id}/`;
    await k.updateTable('caseCategories').set({ path }).where('id', '=', id).execute();
    return { id, path };
  }

  /** Optimistic update: false when the version moved on (the caller throws VERSION_CONFLICT). */
  async update(k: K, id: number, version: number | undefined, set: CategoryChanges & { active?: 0 | 1 }, now: number) {
    let q = k
      .updateTable('caseCategories')
      .set({ ...set, updatedAt: now, version: sql<number>`version + 1` })
      .where('id', '=', id);
    if (version !== undefined) q = q.where('version', '=', version);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  delete(k: K, id: number) {
    return k.deleteFrom('caseCategories').where('id', '=', id).execute();
  }

  async count(k: K) {
    const r = await k
      .selectFrom('caseCategories')
      .select((e) => e.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
