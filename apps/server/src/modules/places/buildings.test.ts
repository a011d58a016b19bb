import { isPublicCode } from '@grassroots/shared/places/places.rules';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeArea, makeTwoStreets } from '../../../test/factories.js';
import { makeBuilding, makeCompound, makeHousehold, makeRoom } from '../../../test/factories.places.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let gridA2: { id: number; path: string };
let compoundA: { id: number };
let compoundB: { id: number };
let buildingB: { id: number; publicCode: string };
beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  gridA2 = await makeArea(t.db, 'grid', '高家沟第二网格', areas.communityA);
  compoundA = await makeCompound(t.db, areas.communityA, '新城壹号');
  compoundB = await makeCompound(t.db, areas.communityB, '站前小区');
  buildingB = await makeBuilding(t.db, areas.gridB, { name: 'B1号楼', compoundId: compoundB.id });
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
});
afterAll(() => t.close());

const body = (over: Record<string, unknown> = {}) => ({
  gridId: String(areas.gridA.id),
  compoundId: String(compoundA.id),
  name: '1号楼',
  address: '新城路1号1号楼',
  units: 2,
  floors: 3,
  lng: 111.14,
  lat: 37.52,
  ...over,
});

describe('buildings', () => {
  it('creates a building with a 12-character base32 public code and the names above it', async () => {
    const a = await t.login('leaderA');
    const res = await a.post('/api/buildings', body());
    expect(res.statusCode).toBe(201);
    const b = res.json();
    expect(isPublicCode(b.publicCode)).toBe(true);
    expect(b).toMatchObject({
      name: '1号楼',
      gridName: '高家沟第一网格',
      communityName: '高家沟社区',
      streetName: '交口街道',
      compoundName: '新城壹号',
      units: 2,
      floors: 3,
      roomCount: 0,
      householdCount: 0,
    });
    const other = (await a.post('/api/buildings', body({ name: '2号楼' }))).json();
    expect(other.publicCode).not.toBe(b.publicCode);
  });

  it('refuses a compound of another community (400 PLACE_MISMATCH) and a non-grid area', async () => {
    const a = await t.login('admin');
    const r1 = await a.post('/api/buildings', body({ compoundId: String(compoundB.id) }));
    expect(r1.statusCode).toBe(400);
    expect(r1.json().error.code).toBe('PLACE_MISMATCH');
    const r2 = await a.post('/api/buildings', body({ gridId: String(areas.communityA.id), compoundId: null }));
    expect(r2.statusCode).toBe(400);
    const b = (await a.post('/api/buildings', body({ name: '3号楼' }))).json();
    const r3 = await a.patch(`/api/buildings/${b.id}`, { gridId: String(areas.gridB.id) });
    expect(r3.statusCode).toBe(400);
    expect(r3.json().error.code).toBe('PLACE_MISMATCH');
  });

  it('moving a building to another grid moves its households in the same transaction', async () => {
    const a = await t.login('admin');
    const b = (await a.post('/api/buildings', body({ name: '4号楼' }))).json();
    const room = await makeRoom(t.db, Number(b.id), '1', '101');
    const h = await makeHousehold(t.db, areas.gridA, {
      address: '新城壹号 4号楼 1单元101室',
      buildingId: Number(b.id),
      roomId: room.id,
    });
    const res = await a.patch(`/api/buildings/${b.id}`, { gridId: String(gridA2.id), version: b.version });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ gridName: '高家沟第二网格', version: 2 });
    const row = await t.db.kysely.selectFrom('households').selectAll().where('id', '=', h.id).executeTakeFirstOrThrow();
    expect(row.gridId).toBe(gridA2.id);
    expect(row.areaPath).toBe(gridA2.path);
  });

  it('lists with filters and pagination totals', async () => {
    const a = await t.login('admin');
    const c = await makeCompound(t.db, areas.communityA, '分页小区');
    for (let i = 1; i <= 3; i++) await makeBuilding(t.db, gridA2, { name: `P${i}栋`, compoundId: c.id });
    const p = (await a.get(`/api/buildings?compoundId=${c.id}&pageSize=2&page=2`)).json();
    expect(p.total).toBe(3);
    expect(p.items.map((x: { name: string }) => x.name)).toEqual(['P3栋']);
    const byGrid = (await a.get(`/api/buildings?gridId=${areas.gridB.id}`)).json();
    expect(byGrid.items.map((x: { name: string }) => x.name)).toEqual(['B1号楼']);
    const q = (await a.get(`/api/buildings?q=P2`)).json();
    expect(q.total).toBe(1);
  });

  it('deletes only an empty building (409 NOT_EMPTY with rooms)', async () => {
    const a = await t.login('admin');
    const b = (await a.post('/api/buildings', body({ name: '5号楼' }))).json();
    const room = await makeRoom(t.db, Number(b.id), '1', '101');
    const blocked = await a.delete(`/api/buildings/${b.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('NOT_EMPTY');
    expect((await a.delete(`/api/rooms/${room.id}`)).statusCode).toBe(200);
    expect((await a.delete(`/api/buildings/${b.id}`)).statusCode).toBe(200);
    expect((await a.get(`/api/buildings/${b.id}`)).statusCode).toBe(404);
  });

  it('findBuildingByPublicCode is an unscoped internal read', async () => {
    const found = await t.app.services.places.findBuildingByPublicCode(buildingB.publicCode);
    expect(found).toMatchObject({ id: buildingB.id, name: 'B1号楼', compoundName: '站前小区', gridId: areas.gridB.id });
    expect(await t.app.services.places.findBuildingByPublicCode('zzzzzzzzzzzz')).toBeNull();
    expect(await t.app.services.places.findBuildingByPublicCode("' or 1=1")).toBeNull();
  });
});

describe('rooms', () => {
  it('generates units × floors × rooms idempotently with numbers like 101, 102', async () => {
    const a = await t.login('leaderA');
    const b = (await a.post('/api/buildings', body({ name: '6号楼', units: 2, floors: 3 }))).json();
    await makeRoom(t.db, Number(b.id), '1', '101'); // already there: must be skipped, not duplicated
    const g1 = await a.post(`/api/buildings/${b.id}/rooms/generate`, { roomsPerFloor: 2, defaultFloorArea: 89.5 });
    expect(g1.statusCode).toBe(200);
    expect(g1.json()).toEqual({ created: 11, skipped: 1 });
    const g2 = await a.post(`/api/buildings/${b.id}/rooms/generate`, { roomsPerFloor: 2 });
    expect(g2.json()).toEqual({ created: 0, skipped: 12 });
    const rooms = (await a.get(`/api/buildings/${b.id}/rooms`)).json().items;
    expect(rooms).toHaveLength(12);
    const unit2 = rooms.filter((r: { unit: string }) => r.unit === '2').map((r: { number: string }) => r.number);
    expect(unit2.sort()).toEqual(['101', '102', '201', '202', '301', '302']);
    const r302 = rooms.find((r: { unit: string; number: string }) => r.unit === '2' && r.number === '302');
    expect(r302).toMatchObject({ floor: 3, floorArea: 89.5, ownerName: null, householdCount: 0 });
    expect((await a.get(`/api/buildings/${b.id}`)).json().roomCount).toBe(12);
  });

  it('adds, edits and deletes rooms; duplicates are 409 and occupied rooms cannot be deleted', async () => {
    const a = await t.login('admin');
    const b = (await a.post('/api/buildings', body({ name: '7号楼' }))).json();
    const r = await a.post(`/api/buildings/${b.id}/rooms`, { unit: '1', number: '101', floor: 1, floorArea: 120 });
    expect(r.statusCode).toBe(201);
    const room = r.json();
    const dup = await a.post(`/api/buildings/${b.id}/rooms`, { unit: '1', number: '101' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
    const upd = await a.patch(`/api/rooms/${room.id}`, { floorArea: 118.25, ownerName: '张三' });
    expect(upd.json()).toMatchObject({ floorArea: 118.25, ownerName: '张三', unit: '1', number: '101' });
    const cleared = await a.patch(`/api/rooms/${room.id}`, { ownerName: '' });
    expect(cleared.json()).toMatchObject({ floorArea: 118.25, ownerName: null });
    await makeHousehold(t.db, areas.gridA, {
      address: '7号楼 1单元101室',
      buildingId: Number(b.id),
      roomId: Number(room.id),
    });
    const blocked = await a.delete(`/api/rooms/${room.id}`);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().error.code).toBe('NOT_EMPTY');
  });

  it('refuses a generation larger than the limit', async () => {
    const a = await t.login('admin');
    const b = (await a.post('/api/buildings', body({ name: '高层', units: 50, floors: 100 }))).json();
    const res = await a.post(`/api/buildings/${b.id}/rooms/generate`, { roomsPerFloor: 2 });
    expect(res.statusCode).toBe(400);
  });
});

describe('building scope', () => {
  it('a leader of street A gets 404 on street B buildings and rooms, and cannot place a building there', async () => {
    const a = await t.login('leaderA');
    const list = (await a.get('/api/buildings?pageSize=200')).json();
    expect(list.items.some((b: { id: string }) => b.id === String(buildingB.id))).toBe(false);
    expect((await a.get(`/api/buildings/${buildingB.id}`)).statusCode).toBe(404);
    expect((await a.patch(`/api/buildings/${buildingB.id}`, { name: 'x' })).statusCode).toBe(404);
    expect((await a.delete(`/api/buildings/${buildingB.id}`)).statusCode).toBe(404);
    expect((await a.get(`/api/buildings/${buildingB.id}/rooms`)).statusCode).toBe(404);
    expect((await a.post(`/api/buildings/${buildingB.id}/rooms/generate`, { roomsPerFloor: 1 })).statusCode).toBe(404);
    expect((await a.post(`/api/buildings/${buildingB.id}/rooms`, { unit: '1', number: '1' })).statusCode).toBe(404);
    const roomB = await makeRoom(t.db, buildingB.id, '1', '901');
    expect((await a.patch(`/api/rooms/${roomB.id}`, { ownerName: 'x' })).statusCode).toBe(404);
    expect((await a.delete(`/api/rooms/${roomB.id}`)).statusCode).toBe(404);
    const create = await a.post('/api/buildings', body({ gridId: String(areas.gridB.id), compoundId: null }));
    expect(create.statusCode).toBe(404);
  });

  it('a grid worker reads buildings of the own grid but may not change them (403)', async () => {
    const w = await t.login('workerA');
    const list = (await w.get('/api/buildings?pageSize=200')).json();
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.every((b: { gridId: string }) => b.gridId === String(areas.gridA.id))).toBe(true);
    expect(list.items[0].allowedActions).toEqual([]);
    expect((await w.patch(`/api/buildings/${list.items[0].id}`, { name: 'x' })).statusCode).toBe(403);
  });
});
