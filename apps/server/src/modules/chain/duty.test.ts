import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkHousehold,
  makeBuilding,
  makeCompound,
  makeHousehold,
  setDutyLabels,
  setPrivatePhone,
} from '../../../test/factories.chain.js';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
const PRIVATE_PHONE = '13912345678';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db;
  const { streetA, communityA, gridA, communityB, gridB } = await makeTwoStreets(db);
  await makeAccount(db, 'leaderA', [{ role: 'leader', areaId: streetA.id }], {
    displayName: '张书记',
    dutyPhone: '0358-1000001',
  });
  await makeAccount(db, 'secA', [{ role: 'community_secretary', areaId: communityA.id }], { displayName: '刘书记' });
  await makeAccount(db, 'cadreA', [{ role: 'cadre', areaId: gridA.id }], { displayName: '赵干部' });
  const worker = await makeAccount(db, 'workerA', [{ role: 'grid_worker', areaId: gridA.id }], {
    displayName: '王网格',
    dutyPhone: '0358-2000002',
  });
  await makeAccount(db, 'workerB', [{ role: 'grid_worker', areaId: gridB.id }], { displayName: '别的网格员' });
  const m1 = await makeAccount(db, 'm1', [{ role: 'party_member', areaId: gridA.id }], {
    displayName: '李党员',
    dutyPhone: '13800000001',
  });
  const m2 = await makeAccount(db, 'm2', [{ role: 'party_member', areaId: communityA.id }], { displayName: '陈党员' });
  await makeAccount(db, 'm3', [{ role: 'party_member', areaId: gridA.id }], { displayName: '未包联党员' });
  await setPrivatePhone(db, t.app.ctx.pii, worker.id, PRIVATE_PHONE);
  await setDutyLabels(db, worker.id, 'grid_worker', ['矛盾调解员', '政策宣传员']);
  await setDutyLabels(db, m1.id, 'party_member', ['党建工作联络员']);
  const cp = await makeCompound(db, communityA, '新城壹号', '交口街道滨河路1号');
  const b = await makeBuilding(db, gridA, {
    name: '1号楼',
    code: 'QRCODE0001',
    address: '新城壹号1号楼',
    compoundId: cp.id,
  });
  const h1 = await makeHousehold(db, gridA, { address: '1号楼1单元101', buildingId: b.id, unit: '1', room: '101' });
  const h2 = await makeHousehold(db, gridA, { address: '1号楼2单元202', buildingId: b.id, unit: '2', room: '202' });
  await makeHousehold(db, gridA, { address: '1号楼2单元201', buildingId: b.id, unit: '2', room: '201' });
  await linkHousehold(db, m1.id, h1.id);
  await linkHousehold(db, m2.id, h2.id);
  const cpB = await makeCompound(db, communityB, '泛华盛世', '城北街道站前路8号');
  await makeBuilding(db, gridB, { name: '泛华3号楼', code: 'QRCODE0002', compoundId: cpB.id });
  await makeBuilding(db, gridB, { name: '100%_楼', code: 'QRCODE0003' });
});
afterAll(() => t.close());

const level = (body: { levels: { level: number; people: { name: string }[] }[] }, n: number) =>
  body.levels.find((l) => l.level === n)?.people ?? [];

describe('public 亮身份 page', () => {
  it('shows the grid chain of a building without login, with duty labels and duty phones', async () => {
    const res = await t.anon().get('/api/public/duty/buildings/QRCODE0001');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.building).toMatchObject({
      name: '1号楼',
      compound: '新城壹号',
      grid: '高家沟第一网格',
      community: '高家沟社区',
      street: '交口街道',
    });
    expect(level(body, 1)).toEqual([{ name: '张书记', dutyLabels: [], dutyPhone: '0358-1000001' }]);
    expect(level(body, 2).map((p) => p.name)).toEqual(['刘书记']);
    expect(level(body, 3).map((p) => p.name)).toEqual(['赵干部']);
    expect(level(body, 4)).toEqual([
      { name: '王网格', dutyLabels: ['矛盾调解员', '政策宣传员'], dutyPhone: '0358-2000002' },
    ]);
    // L5 = members linked to households of this building, not every party member of the grid.
    expect(
      level(body, 5)
        .map((p) => p.name)
        .sort(),
    ).toEqual(['李党员', '陈党员'].sort());
    expect(body.units).toEqual([
      { unit: '1', rooms: ['101'] },
      { unit: '2', rooms: ['201', '202'] },
    ]);
    expect(res.body).not.toContain('别的网格员');
  });

  it('never reveals a private phone, encrypted or clear', async () => {
    const res = await t.anon().get('/api/public/duty/buildings/QRCODE0001');
    const enc = await t.db.kysely
      .selectFrom('accounts')
      .select('phoneEnc')
      .where('username', '=', 'workerA')
      .executeTakeFirstOrThrow();
    expect(enc.phoneEnc).toBeTruthy();
    expect(res.body).not.toContain(PRIVATE_PHONE);
    expect(res.body).not.toContain('5678');
    expect(res.body).not.toContain(enc.phoneEnc as string);
    expect(res.body).not.toMatch(/phoneEnc|phone_enc|phoneHash/);
  });

  it('narrows L5 to the household of a unit and room', async () => {
    const body = (await t.anon().get('/api/public/duty/buildings/QRCODE0001?unit=1&room=101')).json();
    expect(level(body, 5).map((p) => p.name)).toEqual(['李党员']);
    expect(body.household).toEqual({ unit: '1', room: '101' });
    const none = (await t.anon().get('/api/public/duty/buildings/QRCODE0001?unit=2&room=201')).json();
    expect(level(none, 5)).toEqual([]);
    expect(level(none, 4)).toHaveLength(1);
    expect((await t.anon().get('/api/public/duty/buildings/QRCODE0001?unit=9&room=909')).statusCode).toBe(404);
  });

  it('answers 404 NOT_FOUND for an unknown code', async () => {
    const res = await t.anon().get('/api/public/duty/buildings/NOSUCHCODE');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('NOT_FOUND');
  });

  it('searches by Chinese compound name, building name and address', async () => {
    const byCompound = (await t.anon().get(`/api/public/duty/search?q=${encodeURIComponent('壹号')}`)).json();
    expect(byCompound).toEqual([
      { code: 'QRCODE0001', building: '1号楼', compound: '新城壹号', address: '新城壹号1号楼' },
    ]);
    const byAddress = (await t.anon().get(`/api/public/duty/search?q=${encodeURIComponent('站前')}`)).json();
    expect(byAddress.map((h: { code: string }) => h.code)).toEqual(['QRCODE0002']);
    const byBuilding = (await t.anon().get(`/api/public/duty/search?q=${encodeURIComponent('3号楼')}`)).json();
    expect(byBuilding.map((h: { code: string }) => h.code)).toEqual(['QRCODE0002']);
  });

  it('treats LIKE wildcards in the query literally and refuses short queries', async () => {
    const pct = (await t.anon().get(`/api/public/duty/search?q=${encodeURIComponent('0%_')}`)).json();
    expect(pct.map((h: { code: string }) => h.code)).toEqual(['QRCODE0003']);
    const under = (await t.anon().get(`/api/public/duty/search?q=${encodeURIComponent('号_')}`)).json();
    expect(under).toEqual([]);
    expect((await t.anon().get('/api/public/duty/search?q=壹')).statusCode).toBe(400);
  });

  it('rate-limits per client', async () => {
    let last = 0;
    for (let i = 0; i < 62; i++)
      last = (await t.app.inject({ method: 'GET', url: '/api/public/duty/search?q=ab', remoteAddress: '10.9.9.9' }))
        .statusCode;
    expect(last).toBe(429);
  });
});
