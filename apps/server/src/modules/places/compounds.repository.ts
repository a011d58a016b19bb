/** SQL for compounds (小区). List queries take the caller's Scope; one query per page plus one count. */
import type { ExpressionBuilder, Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { CompoundsTable, Database } from '../../db/database.js';
import type { Db } from '../../db/dialect.js';
import { contains } from './places.sql.js';

type K = Kysely<Database>;

export interface CompoundFilter {
  areaPath?: string;
  q?: string;
  page: number;
  pageSize: number;
}

const buildingCount = (eb: ExpressionBuilder<Database, 'compounds'>) =>
  eb
    .selectFrom('buildings as b')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('b.compoundId', '=', 'compounds.id')
    .as('buildingCount');

export class CompoundsRepository {
  constructor(private db: Db) {}

  private select(k: K) {
    return k
      .selectFrom('compounds')
      .innerJoin('areas as a', 'a.id', 'compounds.areaId')
      .leftJoin('organisations as o', 'o.id', 'compounds.propertyCompanyId')
      .selectAll('compounds')
      .select(['a.name as communityName', 'a.parentId as streetId', 'o.name as propertyCompanyName', buildingCount]);
  }

  async list(scope: Scope, f: CompoundFilter) {
    const k = this.db.kysely;
    let q = k
      .selectFrom('compounds')
      .where((eb) =>
        eb.or([
          inAreas(scope, 'compounds.areaPath')(eb),
          eb.exists(
            eb
              .selectFrom('buildings as sb')
              .select('sb.id')
              .whereRef('sb.compoundId', '=', 'compounds.id')
              .where(inAreas(scope, 'sb.areaPath')),
          ),
        ]),
      );
    if (f.areaPath) q = q.where('compounds.areaPath', 'like', `${f.areaPath}%`);
    if (f.q) {
      const term = f.q;
      q = q.where((eb) =>
        eb.or([contains(this.db, 'compounds.name', term), contains(this.db, 'compounds.address', term)]),
      );
    }
    const ids = q.select('compounds.id');
    return fetchPage(
      this.select(k).where('compounds.id', 'in', ids).orderBy('compounds.name').orderBy('compounds.id'),
      q,
      f,
    );
  }

  /** A grid worker sees the compounds their grid's buildings stand in, not only compounds of their subtree. */
  private buildingsInScope(scope: Scope) {
    return this.db.kysely.selectFrom('buildings as sb').select('sb.id').where(inAreas(scope, 'sb.areaPath'));
  }

  async hasBuildingInScope(scope: Scope, id: number) {
    return !!(await this.buildingsInScope(scope).where('sb.compoundId', '=', id).limit(1).executeTakeFirst());
  }

  find(id: number, k: K = this.db.kysely) {
    return this.select(k).where('compounds.id', '=', id).executeTakeFirst();
  }

  async streetName(streetId: number | null) {
    if (streetId == null) return null;
    const r = await this.db.kysely.selectFrom('areas').select('name').where('id', '=', streetId).executeTakeFirst();
    return r?.name ?? null;
  }

  async registeredHouseholds(id: number) {
    const r = await this.db.kysely
      .selectFrom('households as h')
      .innerJoin('buildings as b', 'b.id', 'h.buildingId')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('b.compoundId', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  async insert(k: K, v: Omit<CompoundsTable, 'id' | 'version' | 'managementMode'> & { managementMode: string }) {
    const r = await k.insertInto('compounds').values(v).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async delete(k: K, id: number) {
    await k.deleteFrom('compounds').where('id', '=', id).execute();
  }

  async hasBuildings(k: K, id: number) {
    const r = await k.selectFrom('buildings').select('id').where('compoundId', '=', id).limit(1).executeTakeFirst();
    return !!r;
  }

  buildingsForSheet(id: number) {
    return this.db.kysely
      .selectFrom('buildings')
      .select(['id', 'name', 'address', 'publicCode'])
      .where('compoundId', '=', id)
      .orderBy('id')
      .execute();
  }

  area(k: K, id: number) {
    return k
      .selectFrom('areas')
      .select(['id', 'kind', 'path', 'name', 'parentId'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  organisation(k: K, id: number) {
    return k.selectFrom('organisations').select(['id', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
  }
}
