/** Factories for places (compounds, buildings, rooms, households): direct inserts for test fixtures. */
import { randomBytes } from 'node:crypto';
import { publicCodeFrom } from '@grassroots/shared/places/places.rules';
import type { Db } from '../src/db/dialect.js';

const now = () => Date.now();
const code = () => publicCodeFrom(randomBytes(16));
type AreaRef = { id: number; path: string };

export async function makeCompound(db: Db, community: AreaRef, name: string, address?: string) {
  const t = now();
  const r = await db.kysely
    .insertInto('compounds')
    .values({
      areaId: community.id,
      areaPath: community.path,
      name,
      address: address ?? null,
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
  grid: AreaRef,
  opts: { name: string; code?: string; address?: string; compoundId?: number | null },
) {
  const t = now();
  const publicCode = opts.code ?? code();
  const r = await db.kysely
    .insertInto('buildings')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      compoundId: opts.compoundId ?? null,
      name: opts.name,
      address: opts.address ?? null,
      publicCode,
      units: 2,
      floors: 3,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, name: opts.name, code: publicCode, publicCode };
}

export async function makeRoom(db: Db, buildingId: number, unit: string, number: string) {
  const r = await db.kysely
    .insertInto('rooms')
    .values({ buildingId, unit, number, floor: Number(number.slice(0, -2)) || null, createdAt: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id };
}

/** A household; given a building with unit + room (and no roomId), the room is created too. */
export async function makeHousehold(
  db: Db,
  grid: AreaRef,
  opts: {
    address: string;
    buildingId?: number;
    roomId?: number;
    unit?: string;
    room?: string;
    noSmartphone?: boolean;
    head?: string;
  },
) {
  const t = now();
  let roomId = opts.roomId ?? null;
  if (roomId == null && opts.buildingId && opts.unit && opts.room)
    roomId = (await makeRoom(db, opts.buildingId, opts.unit, opts.room)).id;
  const r = await db.kysely
    .insertInto('households')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      address: opts.address,
      buildingId: opts.buildingId ?? null,
      roomId,
      headName: opts.head ?? null,
      noSmartphone: opts.noSmartphone ? 1 : 0,
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: r.id, roomId };
}
