/** Test factories: insert rows directly (fast), the way a fixture should — behaviour is tested through HTTP. */
import type { AreaKind } from '@grassroots/shared/areas/areas.rules';
import type { Role } from '@grassroots/shared/auth/roles';
import { hashPassword } from '../src/core/passwords.js';
import type { Db } from '../src/db/dialect.js';

let cachedHash: Promise<string> | null = null;
const demoHash = () => (cachedHash ??= hashPassword('grassroots'));
const now = () => Date.now();

export async function makeArea(db: Db, kind: AreaKind, name: string, parent?: { id: number; path: string }) {
  const k = db.kysely;
  const t = now();
  const row = await k
    .insertInto('areas')
    .values({ parentId: parent?.id ?? null, path: `tmp-${Math.random()}`, kind, name, createdAt: t, updatedAt: t })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await k.updateTable('areas').set({ path }).where('id', '=', row.id).execute();
  return { id: row.id, path, kind, name };
}

export async function makeOrg(db: Db, kind: string, name: string, areaId?: number) {
  const t = now();
  const row = await db.kysely
    .insertInto('organisations')
    .values({ kind, name, areaId: areaId ?? null, createdAt: t, updatedAt: t })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, name };
}

export interface GrantSpec {
  role: Role;
  areaId?: number;
  orgId?: number;
}

export async function makeAccount(
  db: Db,
  username: string,
  grants: GrantSpec[],
  extra: { displayName?: string; dutyPhone?: string } = {},
) {
  const t = now();
  const row = await db.kysely
    .insertInto('accounts')
    .values({
      username,
      displayName: extra.displayName ?? username,
      dutyPhone: extra.dutyPhone ?? null,
      passwordHash: await demoHash(),
      createdAt: t,
      updatedAt: t,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const g of grants) {
    await db.kysely
      .insertInto('roleAssignments')
      .values({ accountId: row.id, role: g.role, areaId: g.areaId ?? null, orgId: g.orgId ?? null, createdAt: t })
      .execute();
  }
  return { id: row.id, username };
}

/** Two disjoint streets under one city, each with a community and a grid — for scope tests. */
export async function makeTwoStreets(db: Db) {
  const city = await makeArea(db, 'city', '吕梁市');
  const district = await makeArea(db, 'district', '离石区', city);
  const streetA = await makeArea(db, 'street', '交口街道', district);
  const communityA = await makeArea(db, 'community', '高家沟社区', streetA);
  const gridA = await makeArea(db, 'grid', '高家沟第一网格', communityA);
  const streetB = await makeArea(db, 'street', '城北街道', district);
  const communityB = await makeArea(db, 'community', '站前社区', streetB);
  const gridB = await makeArea(db, 'grid', '站前第一网格', communityB);
  return { city, district, streetA, communityA, gridA, streetB, communityB, gridB };
}
