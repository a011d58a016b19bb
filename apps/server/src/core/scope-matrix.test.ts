/**
 * For every role placed on street/community/grid A (or on an organisation there), every scoped resource of
 * area B is out of reach: reads are 404 or 403, writes are refused, and nothing in B changes. A positive
 * control per role shows the same request works on A where the role may read at all.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../test/factories.js';
import { makeBuilding, makeCompound, makeHousehold } from '../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
const b: Record<string, number> = {};

interface Case {
  role: Role;
  place: 'streetA' | 'communityA' | 'gridA' | 'orgA' | 'none';
  /** Whether the role can read area details of its own place (console staff on areas). */
  readsOwnArea: boolean;
}

const cases: Case[] = [
  { role: 'center', place: 'communityA', readsOwnArea: true }, // a centre desk placed low still stays in its subtree
  { role: 'leader', place: 'streetA', readsOwnArea: true },
  { role: 'community_secretary', place: 'communityA', readsOwnArea: true },
  { role: 'cadre', place: 'gridA', readsOwnArea: true },
  { role: 'grid_worker', place: 'gridA', readsOwnArea: true },
  { role: 'party_member', place: 'gridA', readsOwnArea: true },
  { role: 'volunteer', place: 'gridA', readsOwnArea: true },
  { role: 'department', place: 'orgA', readsOwnArea: false },
  { role: 'property_company', place: 'orgA', readsOwnArea: false },
  { role: 'unit', place: 'orgA', readsOwnArea: false },
  { role: 'property_center', place: 'orgA', readsOwnArea: false },
  { role: 'resident', place: 'none', readsOwnArea: false },
];

const orgKindOf: Partial<Record<Role, string>> = {
  department: 'department',
  property_company: 'property_company',
  unit: 'unit',
  property_center: 'property_center',
};

beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  for (const side of ['A', 'B'] as const) {
    const community = side === 'A' ? areas.communityA : areas.communityB;
    const grid = side === 'A' ? areas.gridA : areas.gridB;
    const compound = await makeCompound(t.db, community, `小区${side}`);
    const building = await makeBuilding(t.db, grid, { name: `${side}1号楼`, compoundId: compound.id });
    const household = await makeHousehold(t.db, grid, { address: `${side}1号楼101`, buildingId: building.id });
    Object.assign(b, {
      [`compound${side}`]: compound.id,
      [`building${side}`]: building.id,
      [`household${side}`]: household.id,
    });
  }
  for (const [i, c] of cases.entries()) {
    const areaId = c.place === 'orgA' || c.place === 'none' ? undefined : areas[c.place].id;
    const orgId =
      c.place === 'orgA'
        ? (await makeOrg(t.db, orgKindOf[c.role] ?? 'unit', `单位${i}`, areas.streetA.id)).id
        : undefined;
    await makeAccount(t.db, `u-${c.role}`, [{ role: c.role, areaId, orgId }]);
  }
});
afterAll(() => t.close());

const refused = (status: number) => expect([401, 403, 404]).toContain(status);

async function readsOfB(a: Agent) {
  return [
    await a.get(`/api/areas/${areas.gridB.id}`),
    await a.get(`/api/areas/${areas.communityB.id}`),
    await a.get(`/api/compounds/${b.compoundB}`),
    await a.get(`/api/buildings/${b.buildingB}`),
    await a.get(`/api/households/${b.householdB}`),
    await a.get(`/api/chain/areas/${areas.gridB.id}`),
    await a.get(`/api/areas/${areas.gridB.id}/elements`),
  ];
}

async function writesOnB(a: Agent) {
  return [
    await a.patch(`/api/areas/${areas.gridB.id}`, { version: 1, name: '被篡改' }),
    await a.post('/api/areas', { parentId: String(areas.communityB.id), name: '新网格' }),
    await a.delete(`/api/areas/${areas.gridB.id}`),
    await a.patch(`/api/compounds/${b.compoundB}`, { name: '被篡改' }),
    await a.patch(`/api/buildings/${b.buildingB}`, { name: '被篡改' }),
    await a.patch(`/api/households/${b.householdB}`, { headName: '被篡改' }),
    await a.post('/api/households', { gridId: String(areas.gridB.id), address: '新户' }),
    await a.post(`/api/chain/areas/${areas.gridB.id}/members`, { accountId: '1', level: 4 }),
    await a.post('/api/grid-elements', { gridId: String(areas.gridB.id), kind: 'shop', name: '新商铺' }),
  ];
}

describe.each(cases)('$role on $place', (c) => {
  it('can neither read nor change area B', async () => {
    const a = await t.login(`u-${c.role}`);
    for (const r of await readsOfB(a)) refused(r.statusCode);
    for (const r of await writesOnB(a)) refused(r.statusCode);
    // Lists never leak B's rows either.
    const households = await a.get(`/api/households?gridId=${areas.gridB.id}`);
    if (households.statusCode === 200) expect(households.json().items).toEqual([]);
    const tree = await a.get('/api/areas/tree');
    if (tree.statusCode === 200) expect(tree.body).not.toContain(`"id":"${areas.gridB.id}"`);
  });

  it.runIf(c.readsOwnArea)('can read its own area A (the control)', async () => {
    const a = await t.login(`u-${c.role}`);
    expect((await a.get(`/api/areas/${areas.gridA.id}`)).statusCode).toBe(200);
    expect((await a.get(`/api/households/${b.householdA}`)).statusCode).toBe(200);
  });
});

describe('area B after all of that', () => {
  it('is unchanged', async () => {
    const k = t.db.kysely;
    const grid = await k.selectFrom('areas').select('name').where('id', '=', areas.gridB.id).executeTakeFirstOrThrow();
    expect(grid.name).toBe('站前第一网格');
    const kids = await k.selectFrom('areas').select('id').where('parentId', '=', areas.communityB.id).execute();
    expect(kids).toHaveLength(1);
    for (const [table, id] of [
      ['compounds', b.compoundB],
      ['buildings', b.buildingB],
    ] as const) {
      const row = await k
        .selectFrom(table)
        .select('name')
        .where('id', '=', id as number)
        .executeTakeFirstOrThrow();
      expect(row.name).not.toBe('被篡改');
    }
    const hh = await k.selectFrom('households').select('headName').where('gridId', '=', areas.gridB.id).execute();
    expect(hh.map((h) => h.headName)).toEqual([null]);
    const elements = await k.selectFrom('gridElements').select('id').where('gridId', '=', areas.gridB.id).execute();
    expect(elements).toEqual([]);
    const grants = await k.selectFrom('roleAssignments').select('id').where('areaId', '=', areas.gridB.id).execute();
    expect(grants).toEqual([]);
  });
});
