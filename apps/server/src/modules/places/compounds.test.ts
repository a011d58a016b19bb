import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeArea, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { makeBuilding, makeCompound } from '../../../test/factories.places.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let company: { id: number };
let department: { id: number };
let compoundB: { id: number };
beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  company = await makeOrg(t.db, 'property_company', '留义物业');
  department = await makeOrg(t.db, 'department', '城建局');
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  await makeAccount(t.db, 'leaderB', [{ role: 'leader', areaId: areas.streetB.id }]);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await makeAccount(t.db, 'secA', [{ role: 'community_secretary', areaId: areas.communityA.id }]);
  compoundB = await makeCompound(t.db, areas.communityB, '站前小区');
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  communityId: String(areas.communityA.id),
  name: '新城壹号',
  address: '交口街道新城路1号',
  householdCount: 1260,
  buildYear: 2012,
  managementMode: 'company',
  propertyCompanyId: String(company.id),
  ...over,
});

describe('compounds CRUD', () => {
  it('creates a compound with community and property company names, and audits it with the area path', async () => {
    const a = await t.login('secA');
    const res = await a.post('/api/compounds', body());
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      name: '新城壹号',
      communityId: String(areas.communityA.id),
      communityName: '高家沟社区',
      streetName: '交口街道',
      propertyCompanyName: '留义物业',
      managementMode: 'company',
      householdCount: 1260,
      buildingCount: 0,
      registeredHouseholds: 0,
      version: 1,
      allowedActions: ['update', 'delete'],
    });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'compound.create')
      .where('entityId', '=', c.id)
      .executeTakeFirstOrThrow();
    expect(audit.areaPath).toBe(areas.communityA.path);
  });

  it('rejects a community that is not a community, and an organisation that is not a property company', async () => {
    const a = await t.login('admin');
    const r1 = await a.post('/api/compounds', body({ communityId: String(areas.gridA.id) }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.code).toBe('VALIDATION_FAILED');
    const r2 = await a.post('/api/compounds', body({ propertyCompanyId: String(department.id) }));
    expect(r2.statusCode).toBe(400);
    const r3 = await a.post('/api/compounds', body({ managementMode: 'cooperative' }));
    expect(r3.statusCode).toBe(400);
  });

  it('updates fields, drops the company when self-managed, and detects a stale version', async () => {
    const a = await t.login('admin');
    const c = (await a.post('/api/compounds', body({ name: '工行小区' }))).json();
    const res = await a.patch(`/api/compounds/${c.id}`, { managementMode: 'self', version: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ managementMode: 'self', propertyCompanyId: null, version: 2, name: '工行小区' });
    const stale = await a.patch(`/api/compounds/${c.id}`, { name: '工行家属院', version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect((await a.get(`/api/compounds/${c.id}`)).json().name).toBe('工行小区');
  });

  it('deletes only a compound without buildings (409 NOT_EMPTY otherwise)', async () => {
    const a = await t.login('admin');
    const c = (await a.post('/api/compounds', body({ name: '待删小区' }))).json();
    const b = await makeBuilding(t.db, areas.gridA, { name: '1号楼', compoundId: Number(c.id) });
    const blocked = await a.delete(`/api/compounds/${c.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('NOT_EMPTY');
    await t.db.kysely.deleteFrom('buildings').where('id', '=', b.id).execute();
    expect((await a.delete(`/api/compounds/${c.id}`)).statusCode).toBe(200);
    expect((await a.get(`/api/compounds/${c.id}`)).statusCode).toBe(404);
  });

  it('returns the QR sheet with every building and its public code', async () => {
    const a = await t.login('admin');
    const c = (await a.post('/api/compounds', body({ name: '滨河佳苑' }))).json();
    const b1 = await makeBuilding(t.db, areas.gridA, { name: '1号楼', compoundId: Number(c.id) });
    const b2 = await makeBuilding(t.db, areas.gridA, { name: '2号楼', compoundId: Number(c.id) });
    const res = await a.get(`/api/compounds/${c.id}/qr-sheet`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      compound: { id: c.id, name: '滨河佳苑', address: '交口街道新城路1号' },
      buildings: [
        { id: String(b1.id), name: '1号楼', address: null, publicCode: b1.publicCode },
        { id: String(b2.id), name: '2号楼', address: null, publicCode: b2.publicCode },
      ],
    });
    expect((await a.get(`/api/compounds/${c.id}`)).json().buildingCount).toBe(2);
  });
});

describe('compound lists', () => {
  it('paginates with correct totals and filters by ancestor area and text', async () => {
    const a = await t.login('admin');
    const extra = await makeArea(t.db, 'community', '分页社区', areas.streetA);
    for (let i = 1; i <= 5; i++) await makeCompound(t.db, extra, `分页小区${i}`);
    const p1 = (await a.get(`/api/compounds?areaId=${extra.id}&page=1&pageSize=2`)).json();
    expect(p1.total).toBe(5);
    expect(p1.items.map((c: { name: string }) => c.name)).toEqual(['分页小区1', '分页小区2']);
    const p3 = (await a.get(`/api/compounds?areaId=${extra.id}&page=3&pageSize=2`)).json();
    expect(p3.items).toHaveLength(1);
    const byStreet = (await a.get(`/api/compounds?areaId=${areas.streetB.id}`)).json();
    expect(byStreet.items.map((c: { name: string }) => c.name)).toEqual(['站前小区']);
    const q = (await a.get(`/api/compounds?q=${encodeURIComponent('小区3')}`)).json();
    expect(q.items.map((c: { name: string }) => c.name)).toEqual(['分页小区3']);
    const wild = (await a.get(`/api/compounds?q=${encodeURIComponent('%')}`)).json();
    expect(wild.total).toBe(0);
  });
});

describe('compound scope', () => {
  it('a leader of street A sees only street A and gets 404 on street B', async () => {
    const a = await t.login('leaderA');
    const list = (await a.get('/api/compounds?pageSize=200')).json();
    expect(list.items.some((c: { id: string }) => c.id === String(compoundB.id))).toBe(false);
    expect(list.items.length).toBeGreaterThan(0);
    expect((await a.get(`/api/compounds/${compoundB.id}`)).statusCode).toBe(404);
    expect((await a.get(`/api/compounds/${compoundB.id}/qr-sheet`)).statusCode).toBe(404);
    expect((await a.patch(`/api/compounds/${compoundB.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await a.delete(`/api/compounds/${compoundB.id}`)).statusCode).toBe(404);
    const create = await a.post('/api/compounds', body({ communityId: String(areas.communityB.id) }));
    expect(create.statusCode).toBe(404);
    const b = await t.login('leaderB');
    expect((await b.get(`/api/compounds/${compoundB.id}`)).json().name).toBe('站前小区');
  });

  it('a grid worker sees the compounds their grid has buildings in, and no others', async () => {
    const withBuilding = await makeCompound(t.db, areas.communityA, '网格内小区');
    await makeBuilding(t.db, areas.gridA, { name: '1号楼', compoundId: withBuilding.id });
    const elsewhere = await makeCompound(t.db, areas.communityA, '无本网格楼栋小区');
    const w = await t.login('workerA');
    const list = (await w.get('/api/compounds?pageSize=200')).json();
    const names = list.items.map((c: { name: string }) => c.name);
    expect(names).toContain('网格内小区');
    expect(names).not.toContain('无本网格楼栋小区');
    expect(list.items.every((c: { allowedActions: string[] }) => c.allowedActions.length === 0)).toBe(true);
    expect((await w.get(`/api/compounds/${withBuilding.id}`)).statusCode).toBe(200);
    expect((await w.get(`/api/compounds/${elsewhere.id}`)).statusCode).toBe(404);
    expect((await w.get(`/api/compounds/${compoundB.id}/qr-sheet`)).statusCode).toBe(404);
  });

  it('a grid worker may not write compounds (403)', async () => {
    const w = await t.login('workerA');
    expect((await w.post('/api/compounds', body())).statusCode).toBe(403);
    expect((await w.delete(`/api/compounds/${compoundB.id}`)).statusCode).toBe(403);
  });

  it('anonymous callers get 401', async () => {
    expect((await t.anon().get('/api/compounds')).statusCode).toBe(401);
  });
});
