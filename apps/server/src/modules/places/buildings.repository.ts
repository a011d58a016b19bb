/** SQL for buildings (楼栋) and their rooms. */
import type { ExpressionBuilder, Insertable, Kysely, Updateable } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { BuildingsTable, Database, RoomsTable } from '../../db/database.js';
import type { Db } from '../../db/dialect.js';
import { contains } from './places.sql.js';

type K = Kysely<Database>;

export interface BuildingFilter {
  compoundId?: number;
  gridId?: number;
  q?: string;
  page: number;
  pageSize: number;
}

const roomCount = (eb: ExpressionBuilder<Database, 'buildings'>) =>
  eb
    .selectFrom('rooms as r')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('r.buildingId', '=', 'buildings.id')
    .as('roomCount');
const householdCount = (eb: ExpressionBuilder<Database, 'buildings'>) =>
  eb
    .selectFrom('households as h')
    .select((e) => e.fn.countAll<number>().as('n'))
    .whereRef('h.buildingId', '=', 'buildings.id')
    .as('householdCount');

export class BuildingsRepository {
  constructor(private db: Db) {}

  private select(k: K) {
    return k
      .selectFrom('buildings')
      .innerJoin('areas as g', 'g.id', 'buildings.gridId')
      .leftJoin('compounds as c', 'c.id', 'buildings.compoundId')
      .selectAll('buildings')
      .select(['g.name as gridName', 'g.parentId as communityId', 'c.name as compoundName', roomCount, householdCount]);
  }

  async list(scope: Scope, f: BuildingFilter) {
    const k = this.db.kysely;
    let q = k.selectFrom('buildings').where(inAreas(scope, 'buildings.areaPath'));
    if (f.compoundId) q = q.where('buildings.compoundId', '=', f.compoundId);
    if (f.gridId) q = q.where('buildings.gridId', '=', f.gridId);
    if (f.q) {
      const term = f.q;
      q = q.where((eb) =>
        eb.or([contains(this.db, 'buildings.name', term), contains(this.db, 'buildings.address', term)]),
      );
    }
    return fetchPage(
      this.select(k)
        .where('buildings.id', 'in', q.select('buildings.id'))
        .orderBy('buildings.compoundId')
        .orderBy('buildings.id'),
      q,
      f,
    );
  }

  find(id: number, k: K = this.db.kysely) {
    return this.select(k).where('buildings.id', '=', id).executeTakeFirst();
  }

  /** Community and street names above a grid (two parent hops). */
  async ancestry(communityId: number | null) {
    if (communityId == null) return { communityName: null, streetName: null };
    const r = await this.db.kysely
      .selectFrom('areas as c')
      .leftJoin('areas as s', 's.id', 'c.parentId')
      .select(['c.name as communityName', 's.name as streetName'])
      .where('c.id', '=', communityId)
      .executeTakeFirst();
    return { communityName: r?.communityName ?? null, streetName: r?.streetName ?? null };
  }

  findByPublicCode(code: string) {
    return this.select(this.db.kysely).where('buildings.publicCode', '=', code).executeTakeFirst();
  }

  async insert(k: K, v: Insertable<BuildingsTable>) {
    return (await k.insertInto('buildings').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  /**
   * A building changed grid: its households follow, and so do pending/confirmed resident links
   * (so the new grid's worker is the one who confirms them). Same transaction as the building update.
   */
  async moveHouseholds(k: K, buildingId: number, gridId: number, areaPath: string, now: number) {
    await k
      .updateTable('households')
      .set({ gridId, areaPath, updatedAt: now })
      .where('buildingId', '=', buildingId)
      .execute();
    await k
      .updateTable('residentLinks')
      .set({ areaPath })
      .where('householdId', 'in', k.selectFrom('households').select('id').where('buildingId', '=', buildingId))
      .execute();
  }

  async isEmpty(k: K, id: number) {
    const room = await k.selectFrom('rooms').select('id').where('buildingId', '=', id).limit(1).executeTakeFirst();
    const hh = await k.selectFrom('households').select('id').where('buildingId', '=', id).limit(1).executeTakeFirst();
    return !room && !hh;
  }

  async delete(k: K, id: number) {
    await k.deleteFrom('buildings').where('id', '=', id).execute();
  }

  area(k: K, id: number) {
    return k
      .selectFrom('areas')
      .select(['id', 'kind', 'path', 'name', 'parentId'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  compound(k: K, id: number) {
    return k.selectFrom('compounds').select(['id', 'areaId', 'name']).where('id', '=', id).executeTakeFirst();
  }

  // ── rooms ──
  rooms(buildingId: number, roomId?: number) {
    let q = this.db.kysely
      .selectFrom('rooms')
      .selectAll('rooms')
      .select((eb) =>
        eb
          .selectFrom('households as h')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('h.roomId', '=', 'rooms.id')
          .as('householdCount'),
      )
      .where('buildingId', '=', buildingId);
    if (roomId !== undefined) q = q.where('rooms.id', '=', roomId);
    return q.orderBy('unit').orderBy('floor').orderBy('number').execute();
  }

  room(id: number, k: K = this.db.kysely) {
    return k
      .selectFrom('rooms')
      .innerJoin('buildings as b', 'b.id', 'rooms.buildingId')
      .selectAll('rooms')
      .select('b.areaPath')
      .where('rooms.id', '=', id)
      .executeTakeFirst();
  }

  roomKeys(k: K, buildingId: number) {
    return k.selectFrom('rooms').select(['unit', 'number']).where('buildingId', '=', buildingId).execute();
  }

  async insertRooms(k: K, rows: Insertable<RoomsTable>[]) {
    // Batches keep the bound parameters well under both dialects' limits.
    for (let i = 0; i < rows.length; i += 500)
      await k
        .insertInto('rooms')
        .values(rows.slice(i, i + 500))
        .execute();
  }

  async insertRoom(k: K, v: Insertable<RoomsTable>) {
    return (await k.insertInto('rooms').values(v).returning('id').executeTakeFirstOrThrow()).id;
  }

  async updateRoom(k: K, id: number, v: Updateable<RoomsTable>) {
    await k.updateTable('rooms').set(v).where('id', '=', id).execute();
  }

  async roomHasHousehold(k: K, id: number) {
    return !!(await k.selectFrom('households').select('id').where('roomId', '=', id).limit(1).executeTakeFirst());
  }

  async deleteRoom(k: K, id: number) {
    await k.deleteFrom('rooms').where('id', '=', id).execute();
  }
}
