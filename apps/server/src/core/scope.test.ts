import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { computeScope, coversPath, inAreas, loadGrants } from './scope.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
});
afterAll(() => t.close());

const scopeOf = async (accountId: number) =>
  computeScope(t.db.kysely, accountId, await loadGrants(t.db.kysely, accountId));

describe('computeScope', () => {
  it('an area role covers its subtree and nothing beside it', async () => {
    const acc = await makeAccount(t.db, 'sec-a', [{ role: 'community_secretary', areaId: areas.communityA.id }]);
    const s = await scopeOf(acc.id);
    expect(s.areaPaths).toEqual([areas.communityA.path]);
    expect(coversPath(s, areas.gridA.path)).toBe(true);
    expect(coversPath(s, areas.streetA.path)).toBe(false);
    expect(coversPath(s, areas.gridB.path)).toBe(false);
  });

  it('collapses nested assignments and keeps disjoint ones', async () => {
    const acc = await makeAccount(t.db, 'multi', [
      { role: 'leader', areaId: areas.streetA.id },
      { role: 'grid_worker', areaId: areas.gridA.id },
      { role: 'party_member', areaId: areas.gridB.id },
    ]);
    const s = await scopeOf(acc.id);
    expect(s.areaPaths.sort()).toEqual([areas.streetA.path, areas.gridB.path].sort());
  });

  it('org roles reach organisations, not areas; admin reaches everything', async () => {
    const org = await makeOrg(t.db, 'department', '城建局');
    const dept = await makeAccount(t.db, 'dept', [{ role: 'department', orgId: org.id }]);
    const s = await scopeOf(dept.id);
    expect(s.areaPaths).toEqual([]);
    expect(s.orgIds).toEqual([org.id]);
    const admin = await makeAccount(t.db, 'root', [{ role: 'admin' }]);
    expect((await scopeOf(admin.id)).areaPaths).toEqual(['/']);
  });

  it('residents reach only confirmed households', async () => {
    const acc = await makeAccount(t.db, 'res', [{ role: 'resident' }]);
    const now = Date.now();
    const hh = await t.db.kysely
      .insertInto('households')
      .values({
        gridId: areas.gridA.id,
        areaPath: areas.gridA.path,
        address: '1-1-101',
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const hh2 = await t.db.kysely
      .insertInto('households')
      .values({
        gridId: areas.gridA.id,
        areaPath: areas.gridA.path,
        address: '1-1-102',
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.kysely
      .insertInto('residentLinks')
      .values([
        { accountId: acc.id, householdId: hh.id, areaPath: areas.gridA.path, status: 'confirmed', createdAt: now },
        { accountId: acc.id, householdId: hh2.id, areaPath: areas.gridA.path, status: 'pending', createdAt: now },
      ])
      .execute();
    const s = await scopeOf(acc.id);
    expect(s.areaPaths).toEqual([]);
    expect(s.householdIds).toEqual([hh.id]);
  });

  it('inAreas filters rows to the scope on this dialect', async () => {
    const acc = await makeAccount(t.db, 'leader-b', [{ role: 'leader', areaId: areas.streetB.id }]);
    const s = await scopeOf(acc.id);
    const rows = await t.db.kysely
      .selectFrom('areas')
      .select('name')
      .where(inAreas(s, 'path'))
      .orderBy('path')
      .execute();
    expect(rows.map((r) => r.name)).toEqual(['城北街道', '站前社区', '站前第一网格']);
    const none = await t.db.kysely
      .selectFrom('areas')
      .select('name')
      .where(inAreas({ areaPaths: [], orgIds: [], accountId: null, householdIds: [] }, 'path'))
      .execute();
    expect(none).toEqual([]);
  });
});
