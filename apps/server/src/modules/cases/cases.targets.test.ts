/** GET /api/cases/:id/dispatch-targets (and that dispatch/assign accept exactly what it lists) and …/duplicates. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOn,
  type CaseWorld,
  categoryIdOf,
  fileCase,
  makeCaseWorld,
  makeDepartment,
  submitLeak,
} from '../../../test/factories.cases.js';
import { makeAccount, makeOrg } from '../../../test/factories.js';
import { makeBuilding, makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CaseWorld;
let dept: Awaited<ReturnType<typeof makeDepartment>>;
let workerB: { id: number };
let externalOrg: { id: number };
let disabledOrg: { id: number };
let secB: Agent;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'ct');
  dept = await makeDepartment(t, 'ct_dept', '城建局（派单）');
  workerB = await makeAccount(t.db, 'ct_workerB', [{ role: 'grid_worker', areaId: w.areas.gridB.id }]);
  await makeAccount(t.db, 'ct_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
  secB = await t.login('ct_secB');
  // An organisation that does not handle cases (the 12345 desk's key holder) and a disabled department.
  externalOrg = await makeOrg(t.db, 'external', '12345热线');
  disabledOrg = await makeOrg(t.db, 'department', '已撤销的局');
  await t.db.kysely.updateTable('organisations').set({ disabled: 1 }).where('id', '=', disabledOrg.id).execute();
  // A disabled grid worker of grid A is no target either.
  const gone = await makeAccount(t.db, 'ct_gone', [{ role: 'grid_worker', areaId: w.areas.gridA.id }]);
  await t.db.kysely.updateTable('accounts').set({ disabledAt: Date.now() }).where('id', '=', gone.id).execute();
});
afterAll(() => t.close());

async function registeredLeak() {
  const c = await submitLeak(w);
  return (await actOn(w.agents.secA, c.id, 'register', { version: c.version })).json();
}
const targetsOf = (who: Agent, id: string) => who.get(`/api/cases/${id}/dispatch-targets`);

describe('GET /api/cases/:id/dispatch-targets', () => {
  it('lists people in the registrar area (grid workers of the case grid first) and handling organisations', async () => {
    const c = await registeredLeak();
    const res = await targetsOf(w.agents.secA, c.id);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accounts[0]).toEqual({
      id: String(w.ids.worker.id),
      name: 'ct_worker',
      role: 'grid_worker',
      areaName: '高家沟第一网格',
    });
    const accountIds = body.accounts.map((a: { id: string }) => a.id);
    expect(accountIds).toContain(String(w.ids.secA.id));
    expect(accountIds).not.toContain(String(workerB.id));
    expect(accountIds).not.toContain(String(dept.staff.id));
    expect(accountIds).not.toContain(String(w.ids.resident.id));
    expect(accountIds).not.toContain(String(w.ids.leaderA.id)); // above the community: outside its scope
    const orgIds = body.organisations.map((o: { id: string }) => o.id);
    expect(orgIds).toContain(String(dept.org.id));
    expect(orgIds).not.toContain(String(externalOrg.id));
    expect(orgIds).not.toContain(String(disabledOrg.id));
    expect(body.areas).toEqual([]); // community tier: nothing below to assign to
  });

  it('dispatch accepts every listed target and refuses unlisted ones', async () => {
    const probe = await registeredLeak();
    const { accounts, organisations } = (await targetsOf(w.agents.secA, probe.id)).json();
    const targets = [
      ...accounts.map((a: { id: string }) => ({ kind: 'account', id: a.id })),
      ...organisations.map((o: { id: string }) => ({ kind: 'organisation', id: o.id })),
    ];
    for (const target of targets) {
      const c = await registeredLeak();
      const res = await actOn(w.agents.secA, c.id, 'dispatch', { version: c.version, target });
      expect(res.statusCode, JSON.stringify(target)).toBe(200);
    }
    const refused = [
      { kind: 'account', id: String(workerB.id) },
      { kind: 'account', id: String(dept.staff.id) },
      { kind: 'organisation', id: String(externalOrg.id) },
      { kind: 'organisation', id: String(disabledOrg.id) },
    ];
    for (const target of refused) {
      const res = await actOn(w.agents.secA, probe.id, 'dispatch', { version: probe.version, target });
      expect(res.statusCode, JSON.stringify(target)).toBe(400);
    }
  });

  it('a street-tier case offers the community containing its place for assign, and assign agrees', async () => {
    const c = await fileCase(w.agents.resident, {
      categoryId: await categoryIdOf(t, 'sz.sewer'),
      description: '下水道堵塞',
      householdId: String(w.householdA),
    });
    const reg = (await actOn(w.agents.leaderA, c.id, 'register', { version: c.version })).json();
    const body = (await targetsOf(w.agents.leaderA, c.id)).json();
    expect(body.areas).toEqual([{ id: String(w.areas.communityA.id), name: '高家沟社区', kind: 'community' }]);
    expect(body.accounts[0].id).toBe(String(w.ids.worker.id));
    const wrong = await actOn(w.agents.leaderA, c.id, 'assign', {
      version: reg.version,
      target: { kind: 'area', id: String(w.areas.communityB.id) },
    });
    expect(wrong.statusCode).toBe(400);
    const ok = await actOn(w.agents.leaderA, c.id, 'assign', {
      version: reg.version,
      target: { kind: 'area', id: body.areas[0].id },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ tier: 'community', areaId: String(w.areas.communityA.id) });
  });

  it('403 for someone who sees the case but does not register it; 404 out of scope', async () => {
    const c = await registeredLeak();
    expect((await targetsOf(w.agents.worker, c.id)).statusCode).toBe(403);
    expect((await targetsOf(secB, c.id)).statusCode).toBe(404);
    expect((await targetsOf(w.agents.resident, c.id)).statusCode).toBe(403);
  });
});

describe('GET /api/cases/:id/duplicates', () => {
  const at = (lng: number, lat: number, description: string, categoryId = w.leakId) =>
    fileCase(w.agents.leaderA, { categoryId, description, location: { lng, lat } });
  const dupIds = async (who: Agent, id: string) => {
    const res = await who.get(`/api/cases/${id}/duplicates`);
    expect(res.statusCode).toBe(200);
    return res.json().items as { id: string; match: { reason: string; distanceM?: number } }[];
  };

  it('finds open cases of the same category within 300 m and 30 days, nearest first', async () => {
    const base = await at(111.13, 37.52, '路口积水漏水');
    const near = await at(111.13, 37.5209, '路口漏水 100 米'); // ≈ 100 m north
    const nearer = await at(111.1305, 37.52, '路口漏水 44 米'); // ≈ 44 m east
    const far = await at(111.13, 37.5245, '路口漏水 500 米');
    const other = await at(111.13, 37.52, '同一地点的停车问题', await categoryIdOf(t, 'wy.parking'));
    const old = await at(111.13, 37.52, '40 天前的漏水');
    await t.db.kysely
      .updateTable('cases')
      .set({ createdAt: Date.parse(base.createdAt) - 40 * 24 * 3600_000 })
      .where('id', '=', Number(old.id))
      .execute();
    const rejected = await at(111.13, 37.5201, '已不予立案');
    await actOn(w.agents.leaderA, rejected.id, 'reject', { version: rejected.version, reason: '重复' });
    const items = await dupIds(w.agents.leaderA, base.id);
    expect(items.map((i) => i.id)).toEqual([nearer.id, near.id]);
    expect(items[0]!.match).toEqual({ reason: 'distance', distanceM: 44 });
    expect(items[1]!.match.distanceM).toBeGreaterThan(95);
    expect(items[1]!.match.distanceM).toBeLessThan(105);
    for (const no of [far, other, old, rejected, base]) expect(items.map((i) => i.id)).not.toContain(no.id);
  });

  it('matches the same household or building first, and only what the caller may see', async () => {
    const building = await makeBuilding(t.db, w.areas.gridA, { name: '高家沟3号楼' });
    const h1 = (await makeHousehold(t.db, w.areas.gridA, { address: '3号楼101', buildingId: building.id })).id;
    const byBuilding = await fileCase(w.agents.secA, {
      categoryId: w.leakId,
      description: '3号楼漏水',
      buildingId: String(building.id),
    });
    const byHousehold = await fileCase(w.agents.secA, {
      categoryId: w.leakId,
      description: '3号楼101漏水',
      householdId: String(h1),
    });
    const sameHousehold = await fileCase(w.agents.secA, {
      categoryId: w.leakId,
      description: '101 又漏水',
      householdId: String(h1),
    });
    const items = await dupIds(w.agents.secA, byHousehold.id);
    expect(items.map((i) => [i.id, i.match.reason])).toEqual([
      [sameHousehold.id, 'household'],
      [byBuilding.id, 'building'],
    ]);
    // Community B's secretary cannot even ask; the resident (not its case) neither.
    expect((await secB.get(`/api/cases/${byHousehold.id}/duplicates`)).statusCode).toBe(404);
    expect((await w.agents.resident.get(`/api/cases/${byHousehold.id}/duplicates`)).statusCode).toBe(404);
  });
});

describe('an action that takes the case out of the actor’s reach', () => {
  it('a department returning its case gets 200 with no actions left, then no longer sees it', async () => {
    const c = await registeredLeak();
    const d = await actOn(w.agents.secA, c.id, 'dispatch', {
      version: c.version,
      target: { kind: 'organisation', id: String(dept.org.id) },
    });
    expect(d.statusCode, d.body).toBe(200);
    const back = await actOn(dept.agent, c.id, 'return', { version: d.json().version, reason: '不属于本局职责' });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().status).toBe('registered');
    expect(back.json().allowedActions).toEqual([]);
    expect((await dept.agent.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
  });
});
