import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkCommunity,
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
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
const ids: Record<string, number> = {};
const PRIVATE_PHONE = '13912345678';

beforeAll(async () => {
  t = await createTestApp();
  const db = t.db;
  areas = await makeTwoStreets(db);
  const { streetA, communityA, gridA, streetB, communityB, gridB } = areas;
  ids.admin = (await makeAccount(db, 'admin', [{ role: 'admin' }])).id;
  ids.leaderA = (
    await makeAccount(db, 'leaderA', [{ role: 'leader', areaId: streetA.id }], { dutyPhone: '0358-1000001' })
  ).id;
  ids.leaderB = (
    await makeAccount(db, 'leaderB', [{ role: 'leader', areaId: streetB.id }], { displayName: '包联领导' })
  ).id;
  ids.secA = (await makeAccount(db, 'secA', [{ role: 'community_secretary', areaId: communityA.id }])).id;
  ids.secB = (await makeAccount(db, 'secB', [{ role: 'community_secretary', areaId: communityB.id }])).id;
  ids.cadreA = (await makeAccount(db, 'cadreA', [{ role: 'cadre', areaId: gridA.id }])).id;
  ids.workerA = (
    await makeAccount(db, 'workerA', [{ role: 'grid_worker', areaId: gridA.id }], {
      displayName: '王网格',
      dutyPhone: '0358-2000002',
    })
  ).id;
  ids.workerB = (await makeAccount(db, 'workerB', [{ role: 'grid_worker', areaId: gridB.id }])).id;
  ids.memberA = (
    await makeAccount(db, 'memberA', [{ role: 'party_member', areaId: gridA.id }], { displayName: '李党员' })
  ).id;
  ids.memberB = (await makeAccount(db, 'memberB', [{ role: 'party_member', areaId: gridB.id }])).id;
  ids.volunteerA = (await makeAccount(db, 'volunteerA', [{ role: 'volunteer', areaId: gridA.id }])).id;
  ids.resident = (await makeAccount(db, 'res', [{ role: 'resident' }])).id;
  // The worker's private phone is stored encrypted; the public page must never show it.
  await setPrivatePhone(db, t.app.ctx.pii, ids.workerA, PRIVATE_PHONE);
  await setDutyLabels(db, ids.workerA, 'grid_worker', ['矛盾调解员', '安全隐患排查员']);
  await setDutyLabels(db, ids.memberA, 'party_member', ['政策宣传员']);
  await linkCommunity(db, ids.leaderB, communityA.id);
  const compound = await makeCompound(db, communityA, '新城壹号', '交口街道滨河路1号');
  const b1 = await makeBuilding(db, gridA, {
    name: '1号楼',
    code: 'BLDA0001',
    address: '新城壹号1号楼',
    compoundId: compound.id,
  });
  ids.b1 = b1.id;
  ids.h101 = (
    await makeHousehold(db, gridA, {
      address: '新城壹号1号楼1单元101',
      buildingId: b1.id,
      unit: '1',
      room: '101',
      noSmartphone: true,
    })
  ).id;
  ids.h102 = (
    await makeHousehold(db, gridA, {
      address: '新城壹号1号楼1单元102',
      buildingId: b1.id,
      unit: '1',
      room: '102',
      noSmartphone: true,
    })
  ).id;
  ids.hB = (await makeHousehold(db, gridB, { address: '站前小区3号楼101', noSmartphone: true })).id;
  await linkHousehold(db, ids.memberA, ids.h101);
  const cB = await makeCompound(db, communityB, '泛华盛世', '城北街道站前路8号');
  await makeBuilding(db, gridB, { name: '3号楼', code: 'BLDB0003', compoundId: cB.id });
});
afterAll(() => t.close());

const names = (level: { people: { name: string }[] }) => level.people.map((p) => p.name).sort();

describe('chain view', () => {
  it('shows all five levels of a grid, with linked leaders, labels and linked-household counts', async () => {
    const a = await t.login('secA');
    const res = await a.get(`/api/chain/areas/${areas.gridA.id}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.area).toMatchObject({ id: String(areas.gridA.id), kind: 'grid' });
    expect(body.levels.map((l: { level: number }) => l.level)).toEqual([1, 2, 3, 4, 5]);
    const [l1, l2, l3, l4, l5] = body.levels;
    expect(names(l1)).toEqual(['leaderA', '包联领导'].sort());
    expect(l1.people.find((p: { name: string }) => p.name === '包联领导').via).toBe('community_link');
    expect(names(l2)).toEqual(['secA']);
    expect(names(l3)).toEqual(['cadreA']);
    expect(l4.people).toHaveLength(1);
    expect(l4.people[0]).toMatchObject({ name: '王网格', dutyPhone: '0358-2000002', via: 'assignment' });
    expect(l4.people[0].dutyLabels).toEqual(['矛盾调解员', '安全隐患排查员']);
    expect(l5.people).toEqual([expect.objectContaining({ name: '李党员', linkedHouseholds: 1 })]);
  });

  it('a community shows L3–L5 of its grids; a street only L1 and L2', async () => {
    const admin = await t.login('admin');
    const c = (await admin.get(`/api/chain/areas/${areas.communityA.id}`)).json();
    expect(names(c.levels[3])).toEqual(['王网格']);
    expect(names(c.levels[0])).toContain('包联领导');
    const s = (await admin.get(`/api/chain/areas/${areas.streetA.id}`)).json();
    expect(s.levels.map((l: { level: number }) => l.level)).toEqual([1, 2]);
    expect(names(s.levels[0])).toEqual(['leaderA']);
    expect(names(s.levels[1])).toEqual(['secA']);
  });

  it('out of scope is not found; no console access is forbidden', async () => {
    expect((await (await t.login('secA')).get(`/api/chain/areas/${areas.communityB.id}`)).statusCode).toBe(404);
    expect((await (await t.login('workerA')).get(`/api/chain/areas/${areas.gridB.id}`)).statusCode).toBe(404);
    expect((await (await t.login('res')).get(`/api/chain/areas/${areas.gridA.id}`)).statusCode).toBe(403);
    expect((await t.anon().get(`/api/chain/areas/${areas.gridA.id}`)).statusCode).toBe(401);
  });
});

describe('chain members', () => {
  it('refuses a level that does not fit the area kind', async () => {
    const admin = await t.login('admin');
    const res = await admin.post(`/api/chain/areas/${areas.communityA.id}/members`, {
      accountId: String(ids.volunteerA),
      level: 4,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('INVALID_HIERARCHY');
  });

  it('adds, relabels and removes a grid worker through the accounts service, audited', async () => {
    const a = await t.login('secA');
    const add = await a.post(`/api/chain/areas/${areas.gridA.id}/members`, {
      accountId: String(ids.volunteerA),
      level: 4,
      dutyLabels: ['信息采集员'],
    });
    expect(add.statusCode).toBe(201);
    const grantId = add.json().id;
    let l4 = (await a.get(`/api/chain/areas/${areas.gridA.id}`)).json().levels[3];
    expect(l4.people.find((p: { grantId: string }) => p.grantId === grantId).dutyLabels).toEqual(['信息采集员']);
    expect((await a.patch(`/api/chain/members/${grantId}`, { dutyLabels: ['民生服务员'] })).statusCode).toBe(200);
    l4 = (await a.get(`/api/chain/areas/${areas.gridA.id}`)).json().levels[3];
    expect(l4.people.find((p: { grantId: string }) => p.grantId === grantId).dutyLabels).toEqual(['民生服务员']);
    expect((await a.delete(`/api/chain/members/${grantId}`)).statusCode).toBe(200);
    l4 = (await a.get(`/api/chain/areas/${areas.gridA.id}`)).json().levels[3];
    expect(l4.people.some((p: { grantId: string }) => p.grantId === grantId)).toBe(false);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', String(ids.volunteerA))
      .execute();
    expect(audit.map((r) => r.action)).toEqual(
      expect.arrayContaining(['account.grant_added', 'account.duty_labels_changed', 'account.grant_removed']),
    );
  });

  it('rejects unknown duty labels', async () => {
    const a = await t.login('secA');
    const res = await a.post(`/api/chain/areas/${areas.gridA.id}/members`, {
      accountId: String(ids.volunteerA),
      level: 4,
      dutyLabels: ['不存在的标签'],
    });
    expect(res.statusCode).toBe(400);
  });

  it('a secretary of community A can neither add to nor change community B', async () => {
    const a = await t.login('secA');
    const add = await a.post(`/api/chain/areas/${areas.gridB.id}/members`, {
      accountId: String(ids.memberB),
      level: 5,
    });
    expect(add.statusCode).toBe(404);
    const grantB = await t.db.kysely
      .selectFrom('roleAssignments')
      .select('id')
      .where('accountId', '=', ids.workerB as number)
      .executeTakeFirstOrThrow();
    expect((await a.patch(`/api/chain/members/${grantB.id}`, { dutyLabels: [] })).statusCode).toBe(404);
    expect((await a.delete(`/api/chain/members/${grantB.id}`)).statusCode).toBe(404);
  });

  it('tells each caller what it may do (allowedActions, canAdd) and nothing more', async () => {
    const sec = await t.login('secA');
    const view = (await sec.get(`/api/chain/areas/${areas.gridA.id}`)).json();
    const level = (n: number) => view.levels.find((l: { level: number }) => l.level === n);
    // The secretary manages the grid levels but not the street leader above her.
    expect(level(1).people[0].allowedActions).toEqual([]);
    expect(level(4).people[0].allowedActions).toEqual(['editLabels', 'remove']);
    expect([3, 4, 5].map((n) => level(n).canAdd)).toEqual([true, true, true]);
    expect([1, 2].map((n) => level(n).canAdd)).toEqual([false, false]);
    // Even the admin manages the street leader on the street, not on one of its grids.
    const admin = await t.login('admin');
    const asAdmin = (await admin.get(`/api/chain/areas/${areas.gridA.id}`)).json();
    expect(asAdmin.levels[0].people[0].allowedActions).toEqual([]);
    expect(asAdmin.levels[3].people[0].allowedActions).toEqual(['editLabels', 'remove']);
    const worker = await t.login('workerA');
    const seen = (await worker.get(`/api/chain/areas/${areas.gridA.id}`)).json();
    for (const l of seen.levels) {
      expect(l.canAdd).toBe(false);
      for (const person of l.people) expect(person.allowedActions).toEqual([]);
    }
  });

  it('a grid worker may not write the chain at all', async () => {
    const w = await t.login('workerA');
    const res = await w.post(`/api/chain/areas/${areas.gridA.id}/members`, {
      accountId: String(ids.volunteerA),
      level: 5,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('community links (领导包联社区)', () => {
  it('lists, adds and removes a leader link, only for leaders and communities', async () => {
    const admin = await t.login('admin');
    const list = (await admin.get(`/api/chain/community-links?areaId=${areas.communityA.id}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ name: '包联领导', areaName: '高家沟社区' });
    const bad = await admin.post('/api/chain/community-links', {
      accountId: String(ids.workerA),
      areaId: String(areas.communityB.id),
    });
    expect(bad.json().error.code).toBe('ROLE_REQUIRED');
    const grid = await admin.post('/api/chain/community-links', {
      accountId: String(ids.leaderA),
      areaId: String(areas.gridB.id),
    });
    expect(grid.json().error.code).toBe('INVALID_HIERARCHY');
    const ok = await admin.post('/api/chain/community-links', {
      accountId: String(ids.leaderA),
      areaId: String(areas.communityB.id),
    });
    expect(ok.statusCode).toBe(201);
    const dup = await admin.post('/api/chain/community-links', {
      accountId: String(ids.leaderA),
      areaId: String(areas.communityB.id),
    });
    expect(dup.statusCode).toBe(409);
    expect((await admin.delete(`/api/chain/community-links/${ok.json().id}`)).statusCode).toBe(200);
  });

  it('keeps community B links out of reach of community A', async () => {
    const admin = await t.login('admin');
    const link = await admin.post('/api/chain/community-links', {
      accountId: String(ids.leaderB),
      areaId: String(areas.communityB.id),
    });
    const a = await t.login('secA');
    expect((await a.get(`/api/chain/community-links?areaId=${areas.communityB.id}`)).statusCode).toBe(404);
    const mine = (await a.get('/api/chain/community-links')).json();
    expect(mine.items.every((i: { areaName: string }) => i.areaName === '高家沟社区')).toBe(true);
    expect((await a.delete(`/api/chain/community-links/${link.json().id}`)).statusCode).toBe(404);
    const b = await a.post('/api/chain/community-links', {
      accountId: String(ids.leaderA),
      areaId: String(areas.communityB.id),
    });
    expect(b.statusCode).toBe(404);
  });
});

describe('household links (党员包联户)', () => {
  it('shows links, the no-smartphone gaps, and links a member to a household of its grid', async () => {
    const a = await t.login('secA');
    const list = (await a.get(`/api/chain/household-links?gridId=${areas.gridA.id}`)).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ memberName: '李党员', noSmartphone: true, householdId: String(ids.h101) });
    expect(list.unlinkedNoSmartphone).toBe(1);
    const gaps = (await a.get(`/api/chain/household-links/gaps?gridId=${areas.gridA.id}`)).json();
    expect(gaps.items.map((g: { householdId: string }) => g.householdId)).toEqual([String(ids.h102)]);

    const notMember = await a.post('/api/chain/household-links', {
      accountId: String(ids.workerA),
      householdId: String(ids.h102),
    });
    expect(notMember.json().error.code).toBe('ROLE_REQUIRED');
    const wrongGrid = await (await t.login('admin')).post('/api/chain/household-links', {
      accountId: String(ids.memberB),
      householdId: String(ids.h102),
    });
    expect(wrongGrid.json().error.code).toBe('ROLE_REQUIRED');
    const ok = await a.post('/api/chain/household-links', {
      accountId: String(ids.memberA),
      householdId: String(ids.h102),
    });
    expect(ok.statusCode).toBe(201);
    expect((await a.get(`/api/chain/household-links?gridId=${areas.gridA.id}`)).json().unlinkedNoSmartphone).toBe(0);
    expect((await a.delete(`/api/chain/household-links/${ok.json().id}`)).statusCode).toBe(200);
  });

  it('keeps grid B households out of reach of community A', async () => {
    const a = await t.login('secA');
    const res = await a.post('/api/chain/household-links', {
      accountId: String(ids.memberB),
      householdId: String(ids.hB),
    });
    expect(res.statusCode).toBe(404);
    const list = (await a.get(`/api/chain/household-links/gaps?gridId=${areas.gridB.id}`)).json();
    expect(list.total).toBe(0);
    const admin = await t.login('admin');
    const linkB = await admin.post('/api/chain/household-links', {
      accountId: String(ids.memberB),
      householdId: String(ids.hB),
    });
    expect(linkB.statusCode).toBe(201);
    expect((await a.delete(`/api/chain/household-links/${linkB.json().id}`)).statusCode).toBe(404);
  });
});
