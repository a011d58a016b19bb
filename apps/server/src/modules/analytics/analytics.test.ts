import { dateOfDayNumber, drillFigures, shanghaiDayNumber } from '@grassroots/shared/analytics/analytics.facts';
import { type KpiGroup, kpiResponse } from '@grassroots/shared/analytics/analytics.schema';
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
import { makeAccount } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { ROLLUP_JOB } from './analytics.rollup.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
// Monday 2025-12-15 09:00 Shanghai: a December case first (the previous period), then January.
const clock = new ManualClock(Date.UTC(2025, 11, 15, 1, 0));
const JAN = 'from=2026-01-01&to=2026-01-31';

let t: TestApp;
let w: CaseWorld;
let admin: Agent;
let secB: Agent;
let dept: Awaited<ReturnType<typeof makeDepartment>>;
let householdB: number;

const drain = () => t.app.services.analytics.rollup.drain(clock.now());
async function kpis(who: Agent, qs: string) {
  const res = await who.get(`/api/analytics/kpis?${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return kpiResponse.parse(res.json());
}
async function listTotal(who: Agent, qs: string) {
  const res = await who.get(`/api/cases?pageSize=1&${qs}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().total as number;
}
/** Moves a case on by one action as `who`, reading its version first. */
async function step(who: Agent, id: string, action: string, body: Record<string, unknown> = {}) {
  const got = await who.get(`/api/cases/${id}`);
  if (got.statusCode !== 200) throw new Error(`GET ${id} as ${action}: ${got.statusCode}`);
  const v = got.json().version;
  const res = await actOn(who, id, action, { version: v, ...body });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}
const toWorker = () => ({ target: { kind: 'account', id: String(w.ids.worker.id) } });

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY } });
  w = await makeCaseWorld(t, 'an');
  await makeAccount(t.db, 'an_admin', [{ role: 'admin' }]);
  admin = await t.login('an_admin');
  await makeAccount(t.db, 'an_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
  secB = await t.login('an_secB');
  dept = await makeDepartment(t, 'an_dept', '城建局（分析）');
  householdB = (await makeHousehold(t.db, w.areas.gridB, { address: '站前3号楼' })).id;
  const { secA, worker, resident } = w.agents;

  // December: one case, closed.
  const dec = await submitLeak(w);
  await step(secA, dec.id, 'register');
  await step(secA, dec.id, 'dispatch', toWorker());
  for (const a of ['accept', 'resolve']) await step(worker, dec.id, a, { note: '已处理' });
  for (const a of ['verify', 'close']) await step(secA, dec.id, a);

  clock.set(Date.UTC(2026, 0, 5, 1, 0)); // Monday 2026-01-05 09:00
  // A1: the whole loop, rated 满意.
  const a1 = await submitLeak(w);
  await step(secA, a1.id, 'register');
  await step(secA, a1.id, 'dispatch', toWorker());
  await step(worker, a1.id, 'accept');
  clock.advance(2 * HOUR);
  await step(worker, a1.id, 'resolve', { note: '已修好' });
  for (const a of ['verify', 'close']) await step(secA, a1.id, a);
  await step(resident, a1.id, 'rate', { rating: 'satisfied' });
  // A2: to the department, which declines; then to the grid worker, who accepts.
  const a2 = await submitLeak(w);
  await step(secA, a2.id, 'register');
  await step(secA, a2.id, 'dispatch', { target: { kind: 'organisation', id: String(dept.org.id) } });
  // The case leaves the department's sight with the return: the action answers 404 (see the report).
  const v2 = (await dept.agent.get(`/api/cases/${a2.id}`)).json().version;
  await actOn(dept.agent, a2.id, 'return', { version: v2, reason: '不属于本单位职责' });
  await step(secA, a2.id, 'dispatch', toWorker());
  await step(worker, a2.id, 'accept');
  // A3: rejected.
  const a3 = await submitLeak(w);
  await step(secA, a3.id, 'reject', { reason: '重复反映' });
  // A4: the department accepts and resolves. Filed a day later, on another Shanghai day.
  clock.advance(DAY);
  const a4 = await submitLeak(w);
  await step(secA, a4.id, 'register');
  await step(secA, a4.id, 'dispatch', { target: { kind: 'organisation', id: String(dept.org.id) } });
  await step(dept.agent, a4.id, 'accept');
  await step(dept.agent, a4.id, 'resolve', { note: '已维修' });
  // A5: a 下水道 case at the street tier, only submitted.
  await fileCase(resident, {
    categoryId: await categoryIdOf(t, 'sz.sewer'),
    description: '小区下水道堵塞',
    householdId: String(w.householdA),
  });
  // B1: community B, registered.
  const b1 = await fileCase(secB, { categoryId: w.leakId, description: '站前漏水', householdId: String(householdB) });
  await step(secB, b1.id, 'register');
  clock.advance(HOUR);
  await drain();
});
afterAll(() => t.close());

describe('GET /api/analytics/kpis', () => {
  it('answers the figures of the caller’s top area for the period, with the previous period', async () => {
    const r = await kpis(w.agents.secA, JAN);
    expect(r.areaId).toBe(String(w.areas.communityA.id));
    expect(r).toMatchObject({ from: '2026-01-01', to: '2026-01-31', groupBy: 'area' });
    expect(r.total).toMatchObject({ submitted: 5, valid: 3, resolved: 2, rated: 1, satisfactionRate: 1 });
    expect(r.total).toMatchObject({ dispatches: 4, returned: 1, dispatchAccuracy: 0.75 });
    expect(r.previous).toMatchObject({ from: '2025-12-01', to: '2025-12-31' });
    expect(r.previous.total).toMatchObject({ submitted: 1, valid: 1, resolved: 1, rated: 0 });
    expect(r.total.avgHandlingHours).toBeGreaterThan(0);
    expect(r.total.medianHandlingHours).toBeGreaterThan(0);
    // communityA's only child is gridA, holding every placed case.
    expect(r.groups.map((g) => [g.key, g.label, g.submitted])).toEqual([
      [String(w.areas.gridA.id), '高家沟第一网格', 5],
    ]);
    expect(r.lagSeconds).toBe(0);
  });

  it('weighs 综合 0.1 / 0.5 / 0.4 by default, as configured otherwise', async () => {
    const { total } = await kpis(w.agents.secA, JAN);
    const [x, y, z] = [total.responseRate!, total.resolutionRate!, total.satisfactionRate!];
    expect(total.composite).toBeCloseTo(0.1 * x + 0.5 * y + 0.4 * z, 12);
    const config = t.app.ctx.config;
    const saved = config.kpiWeights;
    config.kpiWeights = { response: 1, resolution: 1, satisfaction: 0 };
    try {
      expect((await kpis(w.agents.secA, JAN)).total.composite).toBeCloseTo((x + y) / 2, 12);
    } finally {
      config.kpiWeights = saved;
    }
  });

  it('groups by area: the children of the area asked for', async () => {
    const r = await kpis(admin, `${JAN}&areaId=${w.areas.district.id}`);
    expect(r.groups.map((g) => [g.label, g.submitted, g.valid])).toEqual([
      ['交口街道', 5, 3],
      ['城北街道', 1, 1],
    ]);
    expect(r.total.submitted).toBe(6);
  });

  it('groups by day, week and month, gap-free', async () => {
    const byDay = await kpis(admin, `from=2026-01-04&to=2026-01-07&groupBy=day&areaId=${w.areas.district.id}`);
    expect(byDay.groups.map((g) => [g.key, g.submitted])).toEqual([
      ['2026-01-04', 0],
      ['2026-01-05', 3],
      ['2026-01-06', 3],
      ['2026-01-07', 0],
    ]);
    const byWeek = await kpis(admin, `from=2025-12-01&to=2026-01-31&groupBy=week&areaId=${w.areas.district.id}`);
    expect(byWeek.groups.find((g) => g.key === '2026-W02')?.submitted).toBe(6);
    expect(byWeek.groups.find((g) => g.key === '2025-W51')?.submitted).toBe(1);
    const byMonth = await kpis(admin, `from=2025-12-01&to=2026-01-31&groupBy=month&areaId=${w.areas.district.id}`);
    expect(byMonth.groups.map((g) => [g.key, g.label, g.submitted])).toEqual([
      ['2025-12', '2025年12月', 1],
      ['2026-01', '2026年1月', 6],
    ]);
  });

  it('groups by source, category and handler', async () => {
    const base = `${JAN}&areaId=${w.areas.district.id}`;
    const bySource = await kpis(admin, `${base}&groupBy=source`);
    expect(Object.fromEntries(bySource.groups.map((g) => [g.key, g.submitted]))).toEqual({ resident: 5, visit: 1 });
    const byCategory = await kpis(admin, `${base}&groupBy=category`);
    expect(byCategory.groups.map((g) => [g.label, g.submitted]).sort()).toEqual([
      ['下水道', 1],
      ['漏水', 5],
    ]);
    const byHandler = await kpis(admin, `${base}&groupBy=handler`);
    expect(Object.fromEntries(byHandler.groups.map((g) => [g.key, g.submitted]))).toEqual({
      [`account:${w.ids.worker.id}`]: 2,
      [`organisation:${dept.org.id}`]: 1,
    });
    expect(byHandler.groups.find((g) => g.key.startsWith('organisation'))?.label).toBe('城建局（分析）');
  });

  it('reads the previous period with the current one: it equals a request for those days', async () => {
    const district = `areaId=${w.areas.district.id}`;
    for (const range of [JAN, 'from=2026-01-06&to=2026-01-06'])
      for (const groupBy of ['area', 'day', 'week', 'month', 'source', 'category', 'handler']) {
        const r = await kpis(admin, `${range}&groupBy=${groupBy}&${district}`);
        expect(r.previous.total.submitted).toBeGreaterThan(0);
        const own = await kpis(admin, `from=${r.previous.from}&to=${r.previous.to}&groupBy=${groupBy}&${district}`);
        const { from, to, total, groups } = own;
        expect([range, groupBy, r.previous]).toEqual([range, groupBy, { from, to, total, groups }]);
      }
  });

  it('filters by category, source and handler', async () => {
    const base = `${JAN}&areaId=${w.areas.district.id}`;
    expect((await kpis(admin, `${base}&category=${w.leakId}`)).total.submitted).toBe(5);
    expect((await kpis(admin, `${base}&source=visit`)).total.submitted).toBe(1);
    expect((await kpis(admin, `${base}&handler=organisation:${dept.org.id}`)).total).toMatchObject({
      submitted: 1,
      resolved: 1,
    });
  });
});

describe('scope', () => {
  it('community A cannot read community B (404), B sees only its own', async () => {
    expect((await w.agents.secA.get(`/api/analytics/kpis?areaId=${w.areas.communityB.id}`)).statusCode).toBe(404);
    expect((await w.agents.secA.get(`/api/analytics/kpis?areaId=${w.areas.streetA.id}`)).statusCode).toBe(404);
    const b = await kpis(secB, JAN);
    expect(b.areaId).toBe(String(w.areas.communityB.id));
    expect(b.total).toMatchObject({ submitted: 1, valid: 1 });
  });
  it('a department sees its own handler rows only', async () => {
    const r = await kpis(dept.agent, `${JAN}&groupBy=handler`);
    expect(r.total).toMatchObject({ submitted: 1, resolved: 1 });
    expect(r.groups.map((g) => g.key)).toEqual([`organisation:${dept.org.id}`]);
    const other = `handler=account:${w.ids.worker.id}`;
    expect((await dept.agent.get(`/api/analytics/kpis?${other}`)).statusCode).toBe(404);
  });
  it('residents and anonymous callers get nothing', async () => {
    expect((await w.agents.resident.get('/api/analytics/kpis')).statusCode).toBe(403);
    expect((await t.anon().get('/api/analytics/kpis')).statusCode).toBe(401);
  });
  it('refuses bad ranges with 400', async () => {
    expect((await admin.get('/api/analytics/kpis?from=2026-02-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await admin.get('/api/analytics/kpis?from=2020-01-01&to=2026-01-01')).statusCode).toBe(400);
    expect((await admin.get('/api/analytics/kpis?groupBy=year')).statusCode).toBe(400);
  });
});

/** KPI field of each drill-down figure. */
const kpiField: Record<(typeof drillFigures)[number], keyof KpiGroup> = {
  valid: 'valid',
  responded: 'responded',
  resolved: 'resolved',
  rated: 'rated',
  overdue: 'overdue',
  due: 'due',
  closedOnTime: 'closedOnTime',
  reopened: 'reopened',
};

async function expectDrillEquality(who: Agent, kpiQs: string, listQs: string) {
  const r = await kpis(who, kpiQs);
  for (const f of drillFigures) {
    expect([f, await listTotal(who, `${listQs}&figure=${f}`)]).toEqual([f, r.total[kpiField[f]]]);
  }
  expect(await listTotal(who, listQs)).toBe(r.total.submitted);
  return r;
}

describe('drill-down: every figure equals the total of its case list', () => {
  it('holds once deadlines have passed (overdue, due, on time)', async () => {
    // Ten days on: the open cases are past their deadlines. The time sweep catches that without any event
    // (the deadline job is not run here: it would escalate them, with fresh deadlines).
    clock.advance(10 * DAY);
    const before = await kpis(admin, `${JAN}&areaId=${w.areas.district.id}`);
    expect(before.total).toMatchObject({ overdue: 0, due: 0 });
    const run = await t.app.services.analytics.rollup.run(clock.now());
    expect(run).toMatchObject({ events: 0, drained: true });
    expect(run.swept).toBeGreaterThan(0);
    const r = await expectDrillEquality(
      admin,
      `${JAN}&areaId=${w.areas.district.id}`,
      `${JAN}&area=${w.areas.district.id}`,
    );
    expect(r.total.overdue).toBeGreaterThan(0);
    expect(r.total.due).toBeGreaterThan(0);
    expect(r.total.closedOnTime).toBeGreaterThan(0);
  });
  it('holds for the area, category, source and handler filters and per group', async () => {
    const d = w.areas;
    await expectDrillEquality(w.agents.secA, JAN, `${JAN}&area=${d.communityA.id}`);
    await expectDrillEquality(secB, JAN, `${JAN}&area=${d.communityB.id}`);
    await expectDrillEquality(admin, `${JAN}&areaId=${d.gridA.id}`, `${JAN}&area=${d.gridA.id}`);
    await expectDrillEquality(
      admin,
      `${JAN}&areaId=${d.district.id}&category=${w.leakId}`,
      `${JAN}&area=${d.district.id}&category=${w.leakId}`,
    );
    await expectDrillEquality(
      admin,
      `${JAN}&areaId=${d.district.id}&source=visit`,
      `${JAN}&area=${d.district.id}&source=visit`,
    );
    const h = `handler=account:${w.ids.worker.id}`;
    await expectDrillEquality(admin, `${JAN}&areaId=${d.district.id}&${h}`, `${JAN}&area=${d.district.id}&${h}`);
    await expectDrillEquality(dept.agent, JAN, JAN);
    // Each group of a grouped answer drills into the list with the group's filter.
    const listParam = { handler: 'handler', source: 'source', category: 'category' } as const;
    for (const by of ['area', 'handler', 'source', 'category'] as const) {
      const r = await kpis(admin, `${JAN}&areaId=${d.district.id}&groupBy=${by}`);
      expect(r.groups.length).toBeGreaterThan(0);
      for (const g of r.groups)
        for (const f of drillFigures) {
          const filter = by === 'area' ? `area=${g.key}` : `area=${d.district.id}&${listParam[by]}=${g.key}`;
          const qs = `${JAN}&${filter}&figure=${f}`;
          expect([by, g.key, f, await listTotal(admin, qs)]).toEqual([by, g.key, f, g[kpiField[f]]]);
        }
    }
    await expectDrillEquality(
      admin,
      `from=2025-12-01&to=2025-12-31&areaId=${d.district.id}`,
      `from=2025-12-01&to=2025-12-31&area=${d.district.id}`,
    );
  });
  it('follows a reopen and a rating on the next run, with the lag reported meanwhile', async () => {
    const c = await submitLeak(w);
    await step(w.agents.secA, c.id, 'register');
    await step(w.agents.secA, c.id, 'dispatch', toWorker());
    for (const a of ['accept', 'resolve']) await step(w.agents.worker, c.id, a, { note: '好了' });
    for (const a of ['verify', 'close']) await step(w.agents.secA, c.id, a);
    await step(w.agents.resident, c.id, 'reopen', { reason: '又漏了' });
    clock.advance(30_000);
    const stale = await kpis(w.agents.secA, '');
    expect(stale.lagSeconds).toBeGreaterThanOrEqual(30);
    const ran = await t.app.services.jobs.runDue(clock.now());
    expect(ran[ROLLUP_JOB]).toBe('ran');
    const month = dateOfDayNumber(shanghaiDayNumber(clock.now()));
    const r = await expectDrillEquality(
      w.agents.secA,
      `from=${month}&to=${month}`,
      `from=${month}&to=${month}&area=${w.areas.communityA.id}`,
    );
    expect(r.total).toMatchObject({ submitted: 1, reopened: 1, reopenRate: 1 });
    expect(r.lagSeconds).toBe(0);
  });
});

describe('a caller with two areas', () => {
  it('gets the figures of both, grouped by area, each number equal to its case list for that caller', async () => {
    const { communityA, communityB, district } = w.areas;
    await makeAccount(t.db, 'an_secAB', [
      { role: 'community_secretary', areaId: communityA.id },
      { role: 'cadre', areaId: communityB.id },
    ]);
    const ab = await t.login('an_secAB');
    const [a, b] = [
      await kpis(admin, `${JAN}&areaId=${communityA.id}`),
      await kpis(admin, `${JAN}&areaId=${communityB.id}`),
    ];
    expect(a.total.submitted).toBeGreaterThan(0);
    expect(b.total.submitted).toBeGreaterThan(0);
    const r = await expectDrillEquality(ab, JAN, JAN);
    expect(r.areaId).toBeNull();
    expect(r.areaIds).toEqual([String(communityA.id), String(communityB.id)]);
    expect(r.total.submitted).toBe(a.total.submitted + b.total.submitted);
    expect(r.total.resolved).toBe(a.total.resolved + b.total.resolved);
    expect(r.groups.map((g) => [g.key, g.label, g.submitted, g.valid])).toEqual([
      [String(communityA.id), '高家沟社区', a.total.submitted, a.total.valid],
      [String(communityB.id), '站前社区', b.total.submitted, b.total.valid],
    ]);
    expect(r.previous.total.submitted).toBe(a.previous.total.submitted + b.previous.total.submitted);
    for (const g of r.groups)
      for (const f of drillFigures)
        expect([g.key, f, await listTotal(ab, `${JAN}&area=${g.key}&figure=${f}`)]).toEqual([g.key, f, g[kpiField[f]]]);
    // With a category (the full roll-up level, read as two path ranges) and other groupings, the same holds.
    await expectDrillEquality(ab, `${JAN}&category=${w.leakId}`, `${JAN}&category=${w.leakId}`);
    const byArea = await kpis(ab, `${JAN}&category=${w.leakId}&groupBy=area`);
    expect(byArea.groups.map((g) => g.submitted)).toEqual([a.total.submitted - 1, b.total.submitted]); // A's 下水道
    for (const by of ['category', 'source', 'handler', 'day'] as const)
      expect((await kpis(ab, `${JAN}&groupBy=${by}`)).total).toEqual(r.total);
    // One of them asked for: that one alone; an area holding both is not the caller's.
    expect((await kpis(ab, `${JAN}&areaId=${communityB.id}`)).total).toEqual(b.total);
    expect((await ab.get(`/api/analytics/kpis?${JAN}&areaId=${district.id}`)).statusCode).toBe(404);
    const xlsx = await ab.get(`/api/analytics/kpis/export.xlsx?${JAN}`);
    expect(xlsx.statusCode).toBe(200);
    expect(decodeURIComponent(String(xlsx.headers['content-disposition']))).toContain('高家沟社区、站前社区');
  });
});

describe('area moves', () => {
  it('move the figures of the moved subtree with it', async () => {
    const { communityB, streetA, district } = w.areas;
    const before = await kpis(admin, `${JAN}&areaId=${district.id}`);
    const ownBefore = await kpis(admin, `${JAN}&areaId=${communityB.id}&groupBy=month`);
    const version = (await admin.get(`/api/areas/${communityB.id}`)).json().version;
    const moved = await admin.post(`/api/areas/${communityB.id}/move`, { parentId: String(streetA.id), version });
    expect(moved.statusCode, moved.body).toBe(200);
    const r = await kpis(admin, `${JAN}&areaId=${district.id}`);
    // Street A had 5 + 1 (the reopened one) January cases; community B's one came with it.
    expect(r.groups.map((g) => [g.label, g.submitted])).toEqual([
      ['交口街道', 7],
      ['城北街道', 0],
    ]);
    await expectDrillEquality(admin, `${JAN}&areaId=${streetA.id}`, `${JAN}&area=${streetA.id}`);
    // The district, an ancestor of both the old and the new place, keeps its total; the community its own.
    expect(r.total).toEqual(before.total);
    expect((await kpis(admin, `${JAN}&areaId=${communityB.id}&groupBy=month`)).total).toEqual(ownBefore.total);
  });
});
