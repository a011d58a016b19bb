/** SQL for households (address part of the ledger). Phone search goes through the keyed hash only. */
import type { Insertable, Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database, HouseholdsTable } from '../../db/database.js';
import type { Db } from '../../db/dialect.js';
import { contains } from './places.sql.js';

type K = Kysely<Database>;

export interface HouseholdFilter {
  gridId?: number;
  buildingId?: number;
  q?: string;
  phoneHash?: string;
  noSmartphone?: boolean;
  page: number;
  pageSize: number;
}

export class HouseholdsRepository {
  constructor(private db: Db) {}

  private select(k: K) {
    return k
      .selectFrom('households')
      .innerJoin('areas as g', 'g.id', 'households.gridId')
      .leftJoin('buildings as b', 'b.id', 'households.buildingId')
      .leftJoin('compounds as c', 'c.id', 'b.compoundId')
      .leftJoin('rooms as r', 'r.id', 'households.roomId')
      .selectAll('households')
      .select([
        'g.name as gridName',
        'b.name as buildingName',
        'c.name as compoundName',
        'r.unit as roomUnit',
        'r.number as roomNumber',
      ]);
  }

  async list(scope: Scope, f: HouseholdFilter) {
    const k = this.db.kysely;
    let q = k.selectFrom('households').where(inAreas(scope, 'households.areaPath'));
    if (f.gridId) q = q.where('households.gridId', '=', f.gridId);
    if (f.buildingId) q = q.where('households.buildingId', '=', f.buildingId);
    if (f.noSmartphone !== undefined) q = q.where('households.noSmartphone', '=', f.noSmartphone ? 1 : 0);
    if (f.phoneHash) q = q.where('households.phoneHash', '=', f.phoneHash);
    else if (f.q) {
      const term = f.q;
      q = q.where((eb) =>
        eb.or([contains(this.db, 'households.address', term), contains(this.db, 'households.headName', term)]),
      );
    }
    return fetchPage(
      this.select(k)
        .where('households.id', 'in', q.select('households.id'))
        // Building, then room (rooms are created unit by unit, floor by floor): reads like the building does.
        .orderBy('households.areaPath')
        .orderBy((eb) => eb.fn.coalesce('households.buildingId', eb.lit(0)))
        .orderBy((eb) => eb.fn.coalesce('households.roomId', eb.lit(0)))
        .orderBy('households.address')
        .orderBy('households.id'),
      q,
      f,
    );
  }

  find(id: number, k: K = this.db.kysely) {
    return this.select(k).where('households.id', '=', id).executeTakeFirst();
  }

  async insert(k: K, v: Insertable<HouseholdsTable>) {
    return (await k.insertInto('households').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  /** Resident links follow a household that moved grid, so the right grid worker confirms them. */
  async rekeyLinks(k: K, id: number, areaPath: string) {
    await k.updateTable('residentLinks').set({ areaPath }).where('householdId', '=', id).execute();
  }

  /** Anything that points at the household (包联 links, resident links) blocks deletion. */
  async isLinked(k: K, id: number) {
    const a = await k
      .selectFrom('householdLinks')
      .select('id')
      .where('householdId', '=', id)
      .limit(1)
      .executeTakeFirst();
    const b = await k
      .selectFrom('residentLinks')
      .select('id')
      .where('householdId', '=', id)
      .limit(1)
      .executeTakeFirst();
    return !!a || !!b;
  }

  async delete(k: K, id: number) {
    await k.deleteFrom('households').where('id', '=', id).execute();
  }

  area(k: K, id: number) {
    return k.selectFrom('areas').select(['id', 'kind', 'path', 'name']).where('id', '=', id).executeTakeFirst();
  }

  /** A room with its building and compound, to place a household and derive its address. */
  roomPlace(k: K, buildingId: number, roomId: number) {
    return k
      .selectFrom('rooms as r')
      .innerJoin('buildings as b', 'b.id', 'r.buildingId')
      .leftJoin('compounds as c', 'c.id', 'b.compoundId')
      .select(['r.id', 'r.unit', 'r.number', 'b.id as buildingId', 'b.name as buildingName', 'b.gridId', 'b.areaPath'])
      .select('c.name as compoundName')
      .where('r.id', '=', roomId)
      .where('b.id', '=', buildingId)
      .executeTakeFirst();
  }

  buildingExists(k: K, id: number) {
    return k.selectFrom('buildings').select(['id', 'areaPath']).where('id', '=', id).executeTakeFirst();
  }
}
