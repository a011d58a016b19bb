/** Factories for places (compounds, buildings, rooms, households): direct inserts for test fixtures. */
import { randomBytes } from 'node:crypto';
import { publicCodeFrom } from '@grassroots/shared/places/places.rules';
import type { Db } from '../src/db/dialect.js';

const now = () => Date.now();
const code = () => publicCodeFrom(randomBytes(16));

export async function makeCompound(db: Db, community: { id: number; path: string }, name: string) {
  const t = now();
  const r = await db.kysely
    .insertInto('compounds')
    .values({
      areaId: community.id,
      areaPath: community.path,
      name,
      managementMode: 'company',
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, name };
}

export async function makeBuilding(
  db: Db,
  grid: { id: number; path: string },
  name: string,
  compoundId: number | null = null,
) {
  const t = now();
  const publicCode = code();
  const r = await db.kysely
    .insertInto('buildings')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      compoundId,
      name,
      publicCode,
      units: 2,
      floors: 3,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, name, publicCode };
}

export async function makeRoom(db: Db, buildingId: number, unit: string, number: string) {
  const r = await db.kysely
    .insertInto('rooms')
    .values({ buildingId, unit, number, floor: Number(number.slice(0, -2)) || null, createdAt: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id };
}

export async function makeHousehold(
  db: Db,
  grid: { id: number; path: string },
  address: string,
  extra: { buildingId?: number; roomId?: number } = {},
) {
  const t = now();
  const r = await db.kysely
    .insertInto('households')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      address,
      buildingId: extra.buildingId ?? null,
      roomId: extra.roomId ?? null,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id };
}
