import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBuilding, makeHousehold } from '../../../test/factories.chain.js';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
const ids: Record<string, number> = {};

async function signup(phone: string, displayName: string): Promise<Agent> {
  const res = await t.anon().post('/api/auth/signup', { phone, password: 'resident-pass-1', displayName });
  expect(res.statusCode).toBe(201);
  return t.login(phone, 'resident-pass-1');
}

beforeAll(async () => {
  t = await createTestApp();
  const { communityA, gridA, gridB } = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'workerA', [{ role: 'grid_worker', areaId: gridA.id }]);
  await makeAccount(t.db, 'workerB', [{ role: 'grid_worker', areaId: gridB.id }]);
  await makeAccount(t.db, 'secA', [{ role: 'community_secretary', areaId: communityA.id }]);
  await makeAccount(t.db, 'leaderX', [{ role: 'leader', areaId: communityA.id }]);
  const b = await makeBuilding(t.db, gridA, { name: '1号楼', code: 'RESB0001' });
  ids.h101 = (
    await makeHousehold(t.db, gridA, {
      address: '新城壹号1号楼1单元101',
      buildingId: b.id,
      unit: '1',
      room: '101',
      head: '张大爷',
    })
  ).id;
  ids.h102 = (
    await makeHousehold(t.db, gridA, { address: '新城壹号1号楼1单元102', buildingId: b.id, unit: '1', room: '102' })
  ).id;
  ids.hB = (await makeHousehold(t.db, gridB, { address: '站前小区3号楼101' })).id;
});
afterAll(() => t.close());

describe('resident link requests', () => {
  it('request by building code + unit + room → the grid worker confirms → the household is in scope', async () => {
    const r = await signup('13700000001', '张小明');
    const req = await r.post('/api/residents/me/link-requests', {
      buildingCode: 'RESB0001',
      unit: '1',
      room: '101',
      note: '户主之子',
    });
    expect(req.statusCode).toBe(201);
    expect(req.json()).toMatchObject({ householdId: String(ids.h101), status: 'pending', note: '户主之子' });
    const mine = (await r.get('/api/residents/me/link-requests')).json();
    expect(mine.items.map((i: { status: string }) => i.status)).toEqual(['pending']);
    expect((await r.get('/api/residents/me/households')).json().items).toEqual([]);

    const w = await t.login('workerA');
    const queue = (await w.get('/api/resident-links?status=pending')).json();
    const item = queue.items.find((i: { householdId: string }) => i.householdId === String(ids.h101));
    expect(item).toMatchObject({ accountName: '张小明', phoneMasked: '137****0001', headName: '张大爷' });
    expect(JSON.stringify(queue)).not.toContain('13700000001');
    const ok = await w.post(`/api/resident-links/${item.id}/confirm`, {});
    expect(ok.statusCode).toBe(200);
    const me = (await r.get('/api/me')).json();
    expect(me.scope.householdIds).toEqual([String(ids.h101)]);
    const households = (await r.get('/api/residents/me/households')).json().items;
    expect(households).toEqual([
      {
        householdId: String(ids.h101),
        address: '新城壹号1号楼1单元101',
        gridName: '高家沟第一网格',
        buildingCode: 'RESB0001',
      },
    ]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'resident_link')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['resident_link.requested', 'resident_link.confirmed']),
    );
    // Deciding twice is refused.
    expect((await w.post(`/api/resident-links/${item.id}/reject`, {})).statusCode).toBe(409);
  });

  it('refuses a second open request for the same household', async () => {
    const r = await signup('13700000002', '李四');
    expect((await r.post('/api/residents/me/link-requests', { householdId: String(ids.h102) })).statusCode).toBe(201);
    const dup = await r.post('/api/residents/me/link-requests', { buildingCode: 'RESB0001', unit: '1', room: '102' });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().error.code).toBe('DUPLICATE');
  });

  it('rejects with a note; the resident sees it and may ask again', async () => {
    const r = await signup('13700000003', '王五');
    const req = (await r.post('/api/residents/me/link-requests', { householdId: String(ids.h102) })).json();
    const w = await t.login('workerA');
    const res = await w.post(`/api/resident-links/${req.id}/reject`, { note: '台账中无此人' });
    expect(res.json()).toEqual({ ok: true, status: 'rejected' });
    const mine = (await r.get('/api/residents/me/link-requests')).json().items[0];
    expect(mine).toMatchObject({ status: 'rejected', decisionNote: '台账中无此人' });
    expect((await r.get('/api/me')).json().scope.householdIds).toEqual([]);
    const rejected = (await w.get('/api/resident-links?status=rejected')).json();
    expect(rejected.items.some((i: { id: string }) => i.id === req.id)).toBe(true);
    expect((await r.post('/api/residents/me/link-requests', { householdId: String(ids.h102) })).statusCode).toBe(201);
  });

  it('unknown household or room is not found; bad bodies are 400', async () => {
    const r = await signup('13700000004', '赵六');
    expect(
      (await r.post('/api/residents/me/link-requests', { buildingCode: 'RESB0001', unit: '9', room: '999' }))
        .statusCode,
    ).toBe(404);
    expect((await r.post('/api/residents/me/link-requests', { householdId: '999999' })).statusCode).toBe(404);
    expect((await r.post('/api/residents/me/link-requests', { buildingCode: 'RESB0001' })).statusCode).toBe(400);
    expect((await t.anon().get('/api/residents/me/households')).statusCode).toBe(401);
  });

  it('a worker of grid A neither sees nor decides a request in grid B; residents cannot confirm', async () => {
    const r = await signup('13700000005', '孙七');
    const req = (await r.post('/api/residents/me/link-requests', { householdId: String(ids.hB) })).json();
    const wa = await t.login('workerA');
    const queue = (await wa.get('/api/resident-links')).json();
    expect(queue.items.some((i: { id: string }) => i.id === req.id)).toBe(false);
    expect((await wa.post(`/api/resident-links/${req.id}/confirm`, {})).statusCode).toBe(404);
    expect((await (await t.login('secA')).post(`/api/resident-links/${req.id}/confirm`, {})).statusCode).toBe(404);
    expect((await r.post(`/api/resident-links/${req.id}/confirm`, {})).statusCode).toBe(403);
    expect((await (await t.login('leaderX')).get('/api/resident-links')).statusCode).toBe(403);
    const wb = await t.login('workerB');
    expect((await wb.get('/api/resident-links')).json().items.map((i: { id: string }) => i.id)).toEqual([req.id]);
    expect((await wb.post(`/api/resident-links/${req.id}/confirm`, { note: '已核对' })).statusCode).toBe(200);
    expect((await r.get('/api/me')).json().scope.householdIds).toEqual([String(ids.hB)]);
  });
});
