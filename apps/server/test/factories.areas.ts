/** Factories for the areas module tests: things that hang under an area, boundaries, an API key. */
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../src/db/dialect.js';

const now = () => Date.now();

/** An axis-aligned square boundary (closed ring) from its south-west corner. */
export const square = (lng: number, lat: number, size = 0.01) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [lng, lat],
      [lng + size, lat],
      [lng + size, lat + size],
      [lng, lat + size],
      [lng, lat],
    ],
  ],
});

/** A compound in `community`, a building + household + grid element + resident link in `grid`. */
export async function fillGrid(
  db: Db,
  community: { id: number; path: string },
  grid: { id: number; path: string },
  residentAccountId: number,
) {
  const k = db.kysely;
  const t = now();
  const compound = await k
    .insertInto('compounds')
    .values({ areaId: community.id, areaPath: community.path, name: '测试小区', createdAt: t, updatedAt: t })
    .returning('id')
    .executeTakeFirstOrThrow();
  const building = await k
    .insertInto('buildings')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      compoundId: compound.id,
      name: '1号楼',
      publicCode: randomBytes(8).toString('hex'),
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const household = await k
    .insertInto('households')
    .values({
      gridId: grid.id,
      areaPath: grid.path,
      buildingId: building.id,
      address: '1号楼101',
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await k
    .insertInto('gridElements')
    .values({ gridId: grid.id, areaPath: grid.path, kind: 'shop', name: '便民超市', createdAt: t, updatedAt: t })
    .execute();
  await k
    .insertInto('residentLinks')
    .values({
      accountId: residentAccountId,
      householdId: household.id,
      areaPath: grid.path,
      status: 'pending',
      createdAt: t,
    })
    .execute();
  return { compoundId: compound.id, buildingId: building.id, householdId: household.id };
}

/** An organisation API key (`grk_<prefix>_<secret>`), stored hashed like the real thing. */
export async function makeApiKey(db: Db, orgId: number, scopes: string[] = []) {
  const prefix = randomBytes(6).toString('hex').slice(0, 8);
  const key = `grk_${prefix}_${randomBytes(24).toString('base64url')}`;
  await db.kysely
    .insertInto('apiKeys')
    .values({
      orgId,
      name: 'test key',
      prefix,
      keyHash: createHash('sha256').update(key).digest('hex'),
      scopes: JSON.stringify(scopes),
      createdAt: now(),
    })
    .execute();
  return key;
}
