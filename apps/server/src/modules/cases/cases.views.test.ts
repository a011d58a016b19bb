/** GET /api/cases?view=all|tasks|mine, per role, and the fixed number of queries of a list page. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOn,
  type CaseWorld,
  categoryIdOf,
  countQueries,
  dispatchedLeak,
  fileCase,
  makeCaseWorld,
  makeDepartment,
  submitLeak,
} from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: CaseWorld;
let dept: Awaited<ReturnType<typeof makeDepartment>>;
let secB: Agent;
const c: Record<string, { id: string; version: number }> = {};

const ids = async (who: Agent, query: string) => {
  const res = await who.get(`/api/cases?pageSize=200&${query}`);
  expect(res.statusCode).toBe(200);
  return new Set<string>(res.json().items.map((i: { id: string }) => i.id));
};
/** Which of the named cases `who` gets for `query`, sorted. */
const named = async (who: Agent, query: string) => {
  const got = await ids(who, query);
  return Object.keys(c)
    .filter((k) => got.has(c[k]!.id))
    .sort();
};
const step = async (who: Agent, key: string, action: string, body: Record<string, unknown> = {}) => {
  const res = await actOn(who, c[key]!.id, action, { version: c[key]!.version, ...body });
  if (res.statusCode !== 200) throw new Error(`${action} ${res.statusCode} ${res.body}`);
  c[key] = res.json();
};

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'cv');
  dept = await makeDepartment(t, 'cv_dept', '城建局（测试）');
  await makeAccount(t.db, 'cv_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
  secB = await t.login('cv_secB');
  const { secA, worker, leaderA } = w.agents;
  c.submitted = await submitLeak(w);
  c.registered = await submitLeak(w);
  await step(secA, 'registered', 'register');
  c.dispatched = await dispatchedLeak(w);
  c.pending = await dispatchedLeak(w);
  await step(worker, 'pending', 'accept');
  await step(worker, 'pending', 'requestSuspend', { reason: '等待配件' });
  c.resolved = await dispatchedLeak(w);
  await step(worker, 'resolved', 'accept');
  await step(worker, 'resolved', 'resolve', { note: '已修好' });
  c.verified = await dispatchedLeak(w);
  await step(worker, 'verified', 'accept');
  await step(worker, 'verified', 'resolve', { note: '已修好' });
  await step(secA, 'verified', 'verify');
  c.closed = await dispatchedLeak(w);
  for (const a of ['accept', 'resolve']) await step(worker, 'closed', a);
  for (const a of ['verify', 'close']) await step(secA, 'closed', a);
  c.toDept = await submitLeak(w);
  await step(secA, 'toDept', 'register');
  await step(secA, 'toDept', 'dispatch', { target: { kind: 'organisation', id: String(dept.org.id) } });
  // 下水道 is handled at the street tier: the leader registers it.
  c.street = await fileCase(w.agents.resident, {
    categoryId: await categoryIdOf(t, 'sz.sewer'),
    description: '小区下水道堵塞',
    householdId: String(w.householdA),
  });
  expect(c.street).toMatchObject({ tier: 'street' } as object);
  // The worker files for the resident's household (on behalf): the resident sees it among "mine".
  c.onBehalf = await fileCase(worker, {
    categoryId: w.leakId,
    description: '代居民上报：楼道漏水',
    householdId: String(w.householdA),
    onBehalfReason: '老人不会用手机',
  });
  const householdB = (await makeHousehold(t.db, w.areas.gridB, { address: '站前2号楼' })).id;
  c.otherCommunity = await fileCase(secB, {
    categoryId: w.leakId,
    description: '站前社区漏水',
    householdId: String(householdB),
  });
  void leaderA;
});
afterAll(() => t.close());

describe('view=tasks', () => {
  it('community secretary: submitted, registered, resolved and verified cases at its community tier', async () => {
    expect(await named(w.agents.secA, 'view=tasks')).toEqual([
      'onBehalf',
      'registered',
      'resolved',
      'submitted',
      'verified',
    ]);
  });

  it('grid worker: cases dispatched to it (to accept or resolve), not the ones it resolved itself', async () => {
    expect(await named(w.agents.worker, 'view=tasks')).toEqual(['dispatched', 'pending']);
  });

  it('department staff: cases dispatched to its organisation', async () => {
    expect(await named(dept.agent, 'view=tasks')).toEqual(['toDept']);
    // …and only those: the department sees nothing else either.
    expect(await named(dept.agent, 'view=all')).toEqual(['toDept']);
  });

  it('street leader: suspension requests from its communities and street-tier cases', async () => {
    expect(await named(w.agents.leaderA, 'view=tasks')).toEqual(['pending', 'street']);
  });

  it('another community sees only its own tasks; a resident has none', async () => {
    expect(await named(secB, 'view=tasks')).toEqual(['otherCommunity']);
    expect(await named(w.agents.resident, 'view=tasks')).toEqual([]);
  });

  it('every task is a case the caller can act on now', async () => {
    for (const who of [w.agents.secA, w.agents.worker, w.agents.leaderA, dept.agent]) {
      for (const id of await ids(who, 'view=tasks')) {
        const v = (await who.get(`/api/cases/${id}`)).json();
        expect(v.allowedActions.filter((a: string) => a !== 'escalate').length, `${v.number}`).toBeGreaterThan(0);
      }
    }
  });

  it('combines with the other filters', async () => {
    expect(await named(w.agents.secA, 'view=tasks&status=resolved,verified')).toEqual(['resolved', 'verified']);
  });
});

describe('view=mine and the defaults', () => {
  it('a resident sees by default the cases it submitted and those of its household', async () => {
    const all = Object.keys(c).filter((k) => k !== 'otherCommunity' && k !== 'onBehalf');
    expect(await named(w.agents.resident, '')).toEqual([...all, 'onBehalf'].sort());
    expect(await named(w.agents.resident, 'view=mine')).toEqual(await named(w.agents.resident, ''));
  });

  it('staff: mine is what they filed; the default is everything in scope', async () => {
    expect(await named(w.agents.worker, 'view=mine')).toEqual(['onBehalf']);
    const all = await named(w.agents.secA, '');
    expect(all).toEqual(await named(w.agents.secA, 'view=all'));
    expect(all).toContain('closed');
    expect(all).not.toContain('otherCommunity');
  });

  it('rejects an unknown view', async () => {
    expect((await w.agents.secA.get('/api/cases?view=everything')).statusCode).toBe(400);
  });
});

describe('list queries', () => {
  it('makes the same, small number of queries whatever the page size', async () => {
    const one = await countQueries(t, () => w.agents.secA.get('/api/cases?pageSize=1'));
    const many = await countQueries(t, () => w.agents.secA.get('/api/cases?pageSize=100'));
    expect(one.result.json().items).toHaveLength(1);
    expect(many.result.json().items.length).toBeGreaterThan(5);
    expect(many.queries).toBe(one.queries);
    expect(many.queries).toBeLessThanOrEqual(6);
    const tasks = await countQueries(t, () => w.agents.secA.get('/api/cases?view=tasks&q=漏水&category=1&area=1'));
    expect(tasks.result.statusCode).toBe(200);
    expect(tasks.queries).toBeLessThanOrEqual(many.queries + 1);
  });
});
