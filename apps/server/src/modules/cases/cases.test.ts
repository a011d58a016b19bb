import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../../../test/factories.areas.js';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ensureDefaultCategories } from '../../db/reference/categories.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let leakId: string; // lj.leak: community tier
let householdA: number;
let worker: { id: number };
let agents: Record<'resident' | 'secA' | 'secB' | 'worker' | 'worker2' | 'leaderA', Agent>;
let hotline: Agent;

beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  await ensureDefaultCategories(t.app.ctx);
  const cat = await t.db.kysely
    .selectFrom('caseCategories')
    .select('id')
    .where('code', '=', 'lj.leak')
    .executeTakeFirstOrThrow();
  leakId = String(cat.id);
  householdA = (await makeHousehold(t.db, areas.gridA, { address: '高家沟1号楼101' })).id;
  const resident = await makeAccount(t.db, 'c_resident', [{ role: 'resident' }]);
  await t.db.kysely
    .insertInto('residentLinks')
    .values({
      accountId: resident.id,
      householdId: householdA,
      areaPath: areas.gridA.path,
      status: 'confirmed',
      createdAt: Date.now(),
    })
    .execute();
  await makeAccount(t.db, 'c_secA', [{ role: 'community_secretary', areaId: areas.communityA.id }]);
  await makeAccount(t.db, 'c_secB', [{ role: 'community_secretary', areaId: areas.communityB.id }]);
  worker = await makeAccount(t.db, 'c_worker', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await makeAccount(t.db, 'c_worker2', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await makeAccount(t.db, 'c_leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  agents = {
    resident: await t.login('c_resident'),
    secA: await t.login('c_secA'),
    secB: await t.login('c_secB'),
    worker: await t.login('c_worker'),
    worker2: await t.login('c_worker2'),
    leaderA: await t.login('c_leaderA'),
  };
  const org = await makeOrg(t.db, 'department', '12345热线', areas.city.id);
  hotline = (await import('../../../test/harness.js')).Agent.withApiKey(
    t.app,
    await makeApiKey(t.db, org.id, ['cases:write']),
  );
});
afterAll(() => t.close());

const submit = (headers?: Record<string, string>, extra: Record<string, unknown> = {}) =>
  agents.resident.post(
    '/api/cases',
    { categoryId: leakId, description: '楼上漏水到我家卫生间', householdId: String(householdA), ...extra },
    headers,
  );
const act = (who: Agent, id: string, action: string, body: Record<string, unknown>) =>
  who.post(`/api/cases/${id}/actions/${action}`, body);

describe('cases', () => {
  it('runs the whole loop: submit → register → dispatch → accept → resolve → verify → close → rate', async () => {
    const res = await submit();
    expect(res.statusCode).toBe(201);
    const c = res.json();
    expect(c).toMatchObject({
      status: 'submitted',
      tier: 'community',
      source: 'resident',
      areaId: String(areas.communityA.id),
    });
    expect(c.number).toMatch(/^\d{8}-0*\d+$/);
    expect(c.events.map((e: { action: string }) => e.action)).toEqual(['create']);
    expect(c.allowedActions).toEqual([]);

    let v = (await act(agents.secA, c.id, 'register', { version: 0 })).json();
    expect(v.status).toBe('registered');
    expect(v.allowedActions).toContain('dispatch');
    v = (
      await act(agents.secA, c.id, 'dispatch', {
        version: v.version,
        target: { kind: 'account', id: String(worker.id) },
      })
    ).json();
    expect(v).toMatchObject({
      status: 'dispatched',
      handler: { kind: 'account', id: String(worker.id), name: 'c_worker' },
    });
    v = (await act(agents.worker, c.id, 'accept', { version: v.version })).json();
    expect(v.status).toBe('accepted');
    v = (await act(agents.worker, c.id, 'resolve', { version: v.version, note: '已修复' })).json();
    expect(v.status).toBe('resolved');
    v = (await act(agents.secA, c.id, 'verify', { version: v.version })).json();
    v = (await act(agents.secA, c.id, 'close', { version: v.version })).json();
    expect(v.status).toBe('closed');
    const rated = await act(agents.resident, c.id, 'rate', { version: v.version, rating: 'satisfied' });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ status: 'closed', rating: 'satisfied', version: 7 });
    const events = rated.json().events.map((e: { action: string }) => e.action);
    expect(events).toEqual(['create', 'register', 'dispatch', 'accept', 'resolve', 'verify', 'close', 'rate']);

    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'case')
      .where('entityId', '=', c.id)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'case.create',
      'case.register',
      'case.dispatch',
      'case.accept',
      'case.resolve',
      'case.verify',
      'case.close',
      'case.rate',
    ]);
    // The resident sees the case in the list; community B's secretary does not.
    expect((await agents.resident.get('/api/cases')).json().items.map((i: { id: string }) => i.id)).toContain(c.id);
    expect((await agents.secB.get('/api/cases')).json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
  });

  it('an Idempotency-Key retry makes one case', async () => {
    const h = { 'idempotency-key': 'case-retry-1' };
    const first = await submit(h);
    const second = await submit(h);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    expect(second.headers['idempotent-replayed']).toBe('true');
  });

  it('the same 12345 external number twice is one case (200 the second time)', async () => {
    const body = {
      categoryId: leakId,
      description: '12345转办：漏水',
      location: { lng: 1, lat: 1 },
      externalNo: 'GD-2025-0001',
    };
    const first = await hotline.post('/api/cases', body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ source: 'hotline', unplaced: true, externalNo: 'GD-2025-0001' });
    const second = await hotline.post('/api/cases', { ...body, description: '重复转办' });
    expect(second.statusCode).toBe(200);
    expect(second.json().id).toBe(first.json().id);
    const n = await t.db.kysely.selectFrom('cases').select('id').where('externalNo', '=', 'GD-2025-0001').execute();
    expect(n).toHaveLength(1);
  });

  it('two registrars dispatching with the same version: one 200, one 409', async () => {
    const c = (await submit()).json();
    const reg = (await act(agents.secA, c.id, 'register', { version: 0 })).json();
    const body = { version: reg.version, target: { kind: 'account', id: String(worker.id) } };
    const results = await Promise.all([
      act(agents.secA, c.id, 'dispatch', body),
      act(agents.secA, c.id, 'dispatch', body),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)?.json().error.code).toBe('VERSION_CONFLICT');
  });

  it('scope and capacities: 404 out of scope, 403 without capacity, 409 on an invalid transition, 400 on missing input', async () => {
    const c = (await submit()).json();
    expect((await agents.secB.get(`/api/cases/${c.id}`)).statusCode).toBe(404);
    expect((await act(agents.secB, c.id, 'register', { version: 0 })).statusCode).toBe(404);
    const bad = await act(agents.secA, c.id, 'close', { version: 0 });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('INVALID_TRANSITION');
    expect((await act(agents.secA, c.id, 'reject', { version: 0 })).statusCode).toBe(400);
    const reg = (await act(agents.secA, c.id, 'register', { version: 0 })).json();
    const d = await act(agents.secA, c.id, 'dispatch', {
      version: reg.version,
      target: { kind: 'account', id: String(worker.id) },
    });
    const res = await act(agents.worker2, c.id, 'accept', { version: d.json().version });
    expect(res.statusCode).toBe(403);
    expect((await agents.worker2.get(`/api/cases/${c.id}`)).json().allowedActions).toEqual([]);
    expect((await agents.worker.get(`/api/cases/${c.id}`)).json().allowedActions).toContain('accept');
  });

  it('a registrar dispatches and merges only within its own area', async () => {
    const workerB = await makeAccount(t.db, 'c_workerB', [{ role: 'grid_worker', areaId: areas.gridB.id }]);
    const householdB = (await makeHousehold(t.db, areas.gridB, { address: '站前1号楼101' })).id;
    const caseB = await agents.secB.post('/api/cases', {
      categoryId: leakId,
      description: '站前小区漏水',
      householdId: String(householdB),
    });
    expect(caseB.statusCode).toBe(201);
    const c = (await submit()).json();
    const twin = (await submit()).json();
    const reg = (await act(agents.secA, c.id, 'register', { version: 0 })).json();
    const outside = await act(agents.secA, c.id, 'dispatch', {
      version: reg.version,
      target: { kind: 'account', id: String(workerB.id) },
    });
    expect(outside.statusCode).toBe(400);
    const foreign = await act(agents.secA, twin.id, 'merge', { version: 0, duplicateOf: caseB.json().id });
    expect(foreign.statusCode).toBe(400);
    const merged = await act(agents.secA, twin.id, 'merge', { version: 0, duplicateOf: c.id });
    expect(merged.statusCode).toBe(200);
    expect(merged.json().status).toBe('rejected');
  });

  it('suspension needs the upper registrar; resume keeps deadlines; escalate moves the case to the street', async () => {
    const c = (await submit()).json();
    let v = (await act(agents.secA, c.id, 'register', { version: 0 })).json();
    v = (
      await act(agents.secA, c.id, 'dispatch', {
        version: v.version,
        target: { kind: 'account', id: String(worker.id) },
      })
    ).json();
    v = (await act(agents.worker, c.id, 'accept', { version: v.version })).json();
    v = (await act(agents.worker, c.id, 'requestSuspend', { version: v.version, reason: '等待配件' })).json();
    expect(v).toMatchObject({ status: 'accepted', suspensionPending: true });
    // The community secretary is the registrar, not the upper registrar: no say on suspensions.
    expect((await act(agents.secA, c.id, 'approveSuspend', { version: v.version })).statusCode).toBe(403);
    v = (await act(agents.leaderA, c.id, 'approveSuspend', { version: v.version })).json();
    expect(v).toMatchObject({ status: 'suspended', suspensionPending: false });
    const before = Date.parse(v.deadlines.resolveBy);
    v = (await act(agents.worker, c.id, 'resume', { version: v.version })).json();
    expect(v.status).toBe('accepted');
    expect(Date.parse(v.deadlines.resolveBy)).toBeGreaterThanOrEqual(before);
    v = (await act(agents.worker, c.id, 'escalate', { version: v.version })).json();
    expect(v).toMatchObject({ status: 'registered', tier: 'street', areaId: String(areas.streetA.id), handler: null });
    expect((await agents.leaderA.get(`/api/cases/${c.id}`)).json().allowedActions).toContain('dispatch');
    expect((await agents.secA.get(`/api/cases/${c.id}`)).json().allowedActions).not.toContain('dispatch');
    expect((await act(agents.worker, c.id, 'accept', { version: v.version })).statusCode).toBe(409);
  });

  it('API keys need cases:write; the resident cannot rate twice', async () => {
    const org = await makeOrg(t.db, 'department', '无权限部门', areas.city.id);
    const { Agent: A } = await import('../../../test/harness.js');
    const noScope = A.withApiKey(t.app, await makeApiKey(t.db, org.id, []));
    expect(
      (await noScope.post('/api/cases', { categoryId: leakId, description: 'x', externalNo: 'N-1' })).statusCode,
    ).toBe(403);
    expect((await agents.secB.post('/api/cases', { categoryId: '999999', description: 'x' })).statusCode).toBe(400);
  });

  it('lists with filters and paging', async () => {
    const res = await agents.secA.get('/api/cases?status=submitted,closed&pageSize=2&sort=-createdAt');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.length).toBeLessThanOrEqual(2);
    expect(body.total).toBeGreaterThanOrEqual(1);
    expect(body.items.every((i: { status: string }) => ['submitted', 'closed'].includes(i.status))).toBe(true);
    const q = await agents.secA.get(`/api/cases?q=${encodeURIComponent('卫生间')}`);
    expect(q.json().total).toBeGreaterThanOrEqual(1);
    expect((await agents.secA.get(`/api/cases?q=${encodeURIComponent('不存在的词')}`)).json().total).toBe(0);
  });
});
