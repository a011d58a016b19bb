/** Fixtures for the chain and residents tests: compounds, buildings, rooms, households, links (direct inserts). */
import type { Db } from '../src/db/dialect.js';

const now = () => Date.now();
type AreaRef = { id: number; path: string };

export async function makeCompound(db: Db, community: AreaRef, name: string, address?: string) {
  const t = now();
  const row = await db.kysely
    .insertInto('compounds')
    .values({
      areaId: community.id,
      areaPath: community.path,
      name,
      address: address ?? null,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

export async function makeBuilding(
  db: Db,
  grid: AreaRef,
  opts: { name: string; code: string; address?: string; compoundId?: number },
) {
  const t = now();
  const row = await db.kysely
    .insertInto('buildings')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      compoundId: opts.compoundId ?? null,
      name: opts.name,
      address: opts.address ?? null,
      publicCode: opts.code,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, code: opts.code };
}

/** A room and the household living in it. */
export async function makeHousehold(
  db: Db,
  grid: AreaRef,
  opts: { address: string; buildingId?: number; unit?: string; room?: string; noSmartphone?: boolean; head?: string },
) {
  const t = now();
  let roomId: number | null = null;
  if (opts.buildingId && opts.unit && opts.room) {
    const r = await db.kysely
      .insertInto('rooms')
      .values({ buildingId: opts.buildingId, unit: opts.unit, number: opts.room, createdAt: t })
      .returning('id')
      .executeTakeFirstOrThrow();
    roomId = r.id;
  }
  const row = await db.kysely
    .insertInto('households')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      buildingId: opts.buildingId ?? null,
      roomId,
      address: opts.address,
      headName: opts.head ?? null,
      noSmartphone: opts.noSmartphone ? 1 : 0,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, roomId };
}

export async function linkHousehold(db: Db, accountId: number, householdId: number) {
  await db.kysely.insertInto('householdLinks').values({ accountId, householdId, createdAt: now() }).execute();
}

export async function linkCommunity(db: Db, accountId: number, areaId: number) {
  await db.kysely.insertInto('communityLinks').values({ accountId, areaId, createdAt: now() }).execute();
}

export async function setDutyLabels(db: Db, accountId: number, role: string, labels: string[]) {
  await db.kysely
    .updateTable('roleAssignments')
    .set({ dutyLabels: JSON.stringify(labels) })
    .where('accountId', '=', accountId)
    .where('role', '=', role)
    .execute();
}
