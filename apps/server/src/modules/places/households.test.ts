import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { makeBuilding, makeCompound, makeHousehold, makeRoom } from '../../../test/factories.places.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let buildingA: { id: number };
let roomA: { id: number };
let roomA2: { id: number };
let buildingB: { id: number };
let roomB: { id: number };
let householdB: { id: number };
let worker: { id: number };
beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  const compoundA = await makeCompound(t.db, areas.communityA, '新城壹号');
  buildingA = await makeBuilding(t.db, areas.gridA, { name: '3号楼', compoundId: compoundA.id });
  roomA = await makeRoom(t.db, buildingA.id, '2', '301');
  roomA2 = await makeRoom(t.db, buildingA.id, '2', '302');
  const compoundB = await makeCompound(t.db, areas.communityB, '站前小区');
  buildingB = await makeBuilding(t.db, areas.gridB, { name: 'B1号楼', compoundId: compoundB.id });
  roomB = await makeRoom(t.db, buildingB.id, '1', '101');
  householdB = await makeHousehold(t.db, areas.gridB, {
    address: '站前小区 B1号楼 1单元101室',
    buildingId: buildingB.id,
    roomId: roomB.id,
  });
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  worker = await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await makeAccount(t.db, 'memberA', [{ role: 'party_member', areaId: areas.gridA.id }]);
});
afterAll(() => t.close());

const inRoom = (over: Record<string, unknown> = {}) => ({
  buildingId: String(buildingA.id),
  roomId: String(roomA.id),
  headName: '李建国',
  phone: '13812345678',
  noSmartphone: true,
  tags: ['独居老人'],
  ...over,
});

describe('households', () => {
  it('a grid worker creates a household in a room; the address is derived and the phone masked', async () => {
    const w = await t.login('workerA');
    const res = await w.post('/api/households', inRoom());
    expect(res.statusCode).toBe(201);
    const h = res.json();
    expect(h).toMatchObject({
      address: '新城壹号 3号楼 2单元301室',
      headName: '李建国',
      phoneMasked: '138****5678',
      noSmartphone: true,
      tags: ['独居老人'],
      gridId: String(areas.gridA.id),
      gridName: '高家沟第一网格',
      buildingId: String(buildingA.id),
      roomId: String(roomA.id),
      buildingName: '3号楼',
      compoundName: '新城壹号',
      roomUnit: '2',
      roomNumber: '301',
      allowedActions: ['update', 'delete'],
    });
    expect(res.body).not.toContain('13812345678');
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'household.create')
      .where('entityId', '=', h.id)
      .executeTakeFirstOrThrow();
    expect(audit.areaPath).toBe(areas.gridA.path);
    expect(audit.summary).not.toContain('13812345678');
  });

  it('stores the phone encrypted at rest and finds it by exact phone number only', async () => {
    const row = await t.db.kysely
      .selectFrom('households')
      .selectAll()
      .where('headName', '=', '李建国')
      .executeTakeFirstOrThrow();
    expect(row.phoneEnc).toBeTruthy();
    expect(row.phoneEnc).not.toContain('13812345678');
    expect(row.phoneHash).not.toContain('13812345678');
    const a = await t.login('leaderA');
    const hit = (await a.get('/api/households?q=138-1234-5678')).json();
    expect(hit.total).toBe(1);
    expect(hit.items[0]).toMatchObject({ headName: '李建国', phoneMasked: '138****5678' });
    expect(JSON.stringify(hit)).not.toContain('13812345678');
    const partial = (await a.get('/api/households?q=1381234567')).json();
    expect(partial.total).toBe(0);
  });

  it('creates a rural household under a grid with its own address', async () => {
    const a = await t.login('leaderA');
    const res = await a.post('/api/households', {
      gridId: String(areas.gridA.id),
      address: '高家沟村12号',
      headName: '王秀英',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ address: '高家沟村12号', buildingId: null, roomId: null, phoneMasked: null });
  });

  it('validates the location: a room of another building is a mismatch, half a location is invalid', async () => {
    const a = await t.login('admin');
    const r1 = await a.post('/api/households', inRoom({ roomId: String(roomB.id) }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.code).toBe('PLACE_MISMATCH');
    const r2 = await a.post('/api/households', { buildingId: String(buildingA.id), headName: 'x' });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.code).toBe('VALIDATION_FAILED');
    const r3 = await a.post('/api/households', { gridId: String(areas.communityA.id), address: 'x' });
    expect(r3.statusCode).toBe(400);
    const r4 = await a.post('/api/households', inRoom({ tags: ['低保'] }));
    expect(r4.statusCode).toBe(400);
  });

  it('updates head, phone and location, and clears the phone', async () => {
    const a = await t.login('workerA');
    const h = (await a.post('/api/households', inRoom({ roomId: String(roomA2.id), headName: '赵一' }))).json();
    const res = await a.patch(`/api/households/${h.id}`, {
      headName: '赵二',
      phone: '13900001111',
      version: h.version,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ headName: '赵二', phoneMasked: '139****1111', version: 2 });
    const moved = await a.patch(`/api/households/${h.id}`, { gridId: String(areas.gridA.id), address: '村东头' });
    expect(moved.json()).toMatchObject({ address: '村东头', buildingId: null, roomId: null });
    const cleared = await a.patch(`/api/households/${h.id}`, { phone: null, noSmartphone: false });
    expect(cleared.json()).toMatchObject({ phoneMasked: null, noSmartphone: false });
    const stale = await a.patch(`/api/households/${h.id}`, { headName: '赵三', version: 1 });
    expect(stale.statusCode).toBe(409);
  });

  it('filters by no-smartphone, building and grid, with pagination totals', async () => {
    const a = await t.login('admin');
    for (let i = 1; i <= 4; i++) await makeHousehold(t.db, areas.gridB, { address: `站前村${i}号` });
    const p = (await a.get(`/api/households?gridId=${areas.gridB.id}&pageSize=2&page=3`)).json();
    expect(p.total).toBe(5);
    expect(p.items).toHaveLength(1);
    const ns = (await a.get('/api/households?noSmartphone=true&pageSize=200')).json();
    expect(ns.items.length).toBeGreaterThan(0);
    expect(ns.items.every((h: { noSmartphone: boolean }) => h.noSmartphone)).toBe(true);
    const byBuilding = (await a.get(`/api/households?buildingId=${buildingB.id}`)).json();
    expect(byBuilding.items.map((h: { id: string }) => h.id)).toEqual([String(householdB.id)]);
    const byName = (await a.get(`/api/households?q=${encodeURIComponent('站前村3')}`)).json();
    expect(byName.total).toBe(1);
  });

  it('deletes a household only when nothing links to it (409 NOT_EMPTY)', async () => {
    const a = await t.login('admin');
    const h = (await a.post('/api/households', { gridId: String(areas.gridA.id), address: '待删户' })).json();
    await t.db.kysely
      .insertInto('householdLinks')
      .values({ accountId: worker.id, householdId: Number(h.id), createdAt: Date.now() })
      .execute();
    const blocked = await a.delete(`/api/households/${h.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('NOT_EMPTY');
    await t.db.kysely.deleteFrom('householdLinks').where('householdId', '=', Number(h.id)).execute();
    expect((await a.delete(`/api/households/${h.id}`)).statusCode).toBe(200);
    expect((await a.get(`/api/households/${h.id}`)).statusCode).toBe(404);
  });

  it('getHousehold is an unscoped internal read without the phone', async () => {
    const h = await t.app.services.places.getHousehold(householdB.id);
    expect(h).toMatchObject({ id: householdB.id, gridId: areas.gridB.id, address: '站前小区 B1号楼 1单元101室' });
    expect(h).not.toHaveProperty('phoneEnc');
    await expect(t.app.services.places.getHousehold(999999)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('household scope', () => {
  it('a grid worker of grid A can create in A but not in B', async () => {
    const w = await t.login('workerA');
    const inA = await w.post('/api/households', { gridId: String(areas.gridA.id), address: 'A村1号' });
    expect(inA.statusCode).toBe(201);
    const inB = await w.post('/api/households', { gridId: String(areas.gridB.id), address: 'B村1号' });
    expect(inB.statusCode).toBe(404);
    const inRoomB = await w.post(
      '/api/households',
      inRoom({ buildingId: String(buildingB.id), roomId: String(roomB.id) }),
    );
    expect(inRoomB.statusCode).toBe(404);
    const count = await t.db.kysely
      .selectFrom('households')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('address', '=', 'B村1号')
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it('a leader of street A gets 404 on street B households for every route', async () => {
    const a = await t.login('leaderA');
    const list = (await a.get('/api/households?pageSize=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((h: { gridId: string }) => h.gridId === String(areas.gridA.id))).toBe(true);
    expect((await a.get(`/api/households/${householdB.id}`)).statusCode).toBe(404);
    expect((await a.patch(`/api/households/${householdB.id}`, { headName: 'x' })).statusCode).toBe(404);
    expect((await a.delete(`/api/households/${householdB.id}`)).statusCode).toBe(404);
    const moveIn = await a.post('/api/households', { gridId: String(areas.gridA.id), address: 'A村2号' });
    const moveOut = await a.patch(`/api/households/${moveIn.json().id}`, {
      gridId: String(areas.gridB.id),
      address: 'x',
    });
    expect(moveOut.statusCode).toBe(404);
  });

  it('a party member reads households of the grid but may not write them (403)', async () => {
    const m = await t.login('memberA');
    expect((await m.get('/api/households')).json().total).toBeGreaterThan(0);
    const res = await m.post('/api/households', { gridId: String(areas.gridA.id), address: 'x' });
    expect(res.statusCode).toBe(403);
  });
});
