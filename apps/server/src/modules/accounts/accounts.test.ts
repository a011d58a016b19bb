import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
const ids: Record<string, number> = {};
let orgs: Record<string, number> = {};
let admin: Agent;
let leaderA: Agent;

const auditRows = (action: string, entityId: number) =>
  t.db.kysely
    .selectFrom('auditLog')
    .selectAll()
    .where('action', '=', action)
    .where('entityId', '=', String(entityId))
    .execute();

beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  orgs = {
    dept: (await makeOrg(t.db, 'department', '城建局')).id,
    unitA: (await makeOrg(t.db, 'unit', '交口驻区单位', areas.streetA.id)).id,
    unitB: (await makeOrg(t.db, 'unit', '城北驻区单位', areas.streetB.id)).id,
    center: (await makeOrg(t.db, 'property_center', '物业管理服务中心')).id,
  };
  const mk = async (name: string, grants: Parameters<typeof makeAccount>[2]) => {
    ids[name] = (await makeAccount(t.db, name, grants)).id;
  };
  await mk('admin', [{ role: 'admin' }]);
  await mk('leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  await mk('leaderA2', [{ role: 'leader', areaId: areas.streetA.id }]);
  await mk('leaderB', [{ role: 'leader', areaId: areas.streetB.id }]);
  await mk('secA', [{ role: 'community_secretary', areaId: areas.communityA.id }]);
  await mk('workerA', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  await mk('workerB', [{ role: 'grid_worker', areaId: areas.gridB.id }]);
  await mk('unitB', [{ role: 'unit', orgId: orgs.unitB }]);
  await mk('unitA', [{ role: 'unit', orgId: orgs.unitA }]);
  admin = await t.login('admin');
  leaderA = await t.login('leaderA');
});
afterAll(() => t.close());

const grantIdOf = async (accountId: number) =>
  (
    await t.db.kysely
      .selectFrom('roleAssignments')
      .select('id')
      .where('accountId', '=', accountId)
      .orderBy('id')
      .executeTakeFirstOrThrow()
  ).id;

describe('listing and reading accounts', () => {
  it('admin sees every account with its grants and names', async () => {
    const res = await admin.get('/api/accounts?pageSize=100');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const names = body.items.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(['workerA', 'workerB', 'unitB', 'leaderB']));
    const wa = body.items.find((a: { username: string }) => a.username === 'workerA');
    expect(wa.grants).toEqual([
      expect.objectContaining({ role: 'grid_worker', areaId: String(areas.gridA.id), areaName: '高家沟第一网格' }),
    ]);
    expect(body.total).toBe(body.items.length);
  });

  it('a leader sees only accounts placed inside its street (area or organisation grants)', async () => {
    const res = await leaderA.get('/api/accounts?pageSize=100');
    const names = res.json().items.map((a: { username: string }) => a.username);
    expect(names).toEqual(expect.arrayContaining(['workerA', 'secA', 'unitA', 'leaderA']));
    expect(names).not.toContain('workerB');
    expect(names).not.toContain('unitB');
    expect(names).not.toContain('admin');
  });

  it('filters by q, role, area and status, and paginates', async () => {
    const q = (await admin.get('/api/accounts?q=worker')).json();
    expect(q.items.map((a: { username: string }) => a.username).sort()).toEqual(['workerA', 'workerB']);
    const role = (await admin.get('/api/accounts?role=unit')).json();
    expect(role.total).toBe(2);
    const area = (await admin.get(`/api/accounts?areaId=${areas.streetB.id}`)).json();
    expect(area.items.map((a: { username: string }) => a.username).sort()).toEqual(['leaderB', 'unitB', 'workerB']);
    const page = (await admin.get('/api/accounts?pageSize=2&page=2')).json();
    expect(page.items).toHaveLength(2);
    expect(page.page).toBe(2);
    expect((await admin.get('/api/accounts?status=disabled')).json().total).toBe(0);
  });

  it('a leader cannot read an account of another street (404) and a worker cannot list (403)', async () => {
    expect((await leaderA.get(`/api/accounts/${ids.workerB}`)).statusCode).toBe(404);
    expect((await leaderA.get(`/api/accounts/${ids.workerA}`)).statusCode).toBe(200);
    const worker = await t.login('workerA');
    expect((await worker.get('/api/accounts')).statusCode).toBe(403);
    expect((await worker.get('/api/accounts/lookup?q=a')).statusCode).toBe(403);
  });

  it('lookup is scoped: a community secretary finds its grid worker, not the other street', async () => {
    const sec = await t.login('secA');
    const items = (await sec.get('/api/accounts/lookup?q=worker')).json().items;
    expect(items.map((i: { username: string }) => i.username)).toEqual(['workerA']);
    const svc = await t.app.services.accounts.lookup({ ...(await principalOf('admin')) }, 'worker', 1);
    expect(svc).toHaveLength(1);
  });
});

async function principalOf(username: string) {
  const { loadGrants, computeScope } = await import('../../core/scope.js');
  const id = ids[username] as number;
  const grants = await loadGrants(t.db.kysely, id);
  return {
    kind: 'account' as const,
    accountId: id,
    apiKeyId: null,
    name: username,
    roles: [...new Set(grants.map((g) => g.role))],
    grants,
    scope: await computeScope(t.db.kysely, id, grants),
    apiScopes: [],
    mustChangePassword: false,
    sessionId: null,
    csrfToken: null,
  };
}
const actor = { id: null, kind: 'system' as const, name: 'test', ip: null };

describe('creating and editing accounts', () => {
  it('creates with a generated password shown once, must change it, phone encrypted and masked', async () => {
    const res = await admin.post('/api/accounts', {
      username: 'newbie',
      displayName: '新同事',
      phone: '13912345678',
      dutyPhone: '0358-1234567',
      grants: [{ role: 'grid_worker', areaId: String(areas.gridA.id), dutyLabels: ['矛盾调解员'] }],
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.initialPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(body.account.phoneMasked).toBe('139****5678');
    expect(body.account.mustChangePassword).toBe(true);
    expect(body.account.grants[0].dutyLabels).toEqual(['矛盾调解员']);
    const row = await t.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', 'newbie')
      .executeTakeFirstOrThrow();
    expect(row.phoneEnc).not.toContain('13912345678');
    expect(row.phoneHash).toHaveLength(64);
    const found = (await admin.get('/api/accounts?q=13912345678')).json();
    expect(found.items.map((a: { username: string }) => a.username)).toEqual(['newbie']);
    const login = await t.anon().post('/api/auth/login', { username: 'newbie', password: body.initialPassword });
    expect(login.json().mustChangePassword).toBe(true);
    const audit = await auditRows('account.created', row.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.areaPath).toBe(areas.gridA.path);
    expect(audit[0]?.summary).not.toContain('13912345678');
  });

  it('refuses weak and demo passwords, and duplicate usernames', async () => {
    const base = { displayName: 'x', grants: [{ role: 'cadre', areaId: String(areas.gridA.id) }] };
    const demo = await admin.post('/api/accounts', { ...base, username: 'weak1', password: 'grassroots' });
    expect(demo.json().error.code).toBe('WEAK_PASSWORD');
    const short = await admin.post('/api/accounts', { ...base, username: 'weak2', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.code).toBe('WEAK_PASSWORD');
    const dup = await admin.post('/api/accounts', { ...base, username: 'workerA', password: 'long-enough-1' });
    expect(dup.json().error.code).toBe('DUPLICATE');
  });

  it('a leader creates inside its street only and cannot hand out admin, leader or center', async () => {
    const ok = await leaderA.post('/api/accounts', {
      username: 'cadreA',
      displayName: '干部',
      password: 'long-enough-1',
      grants: [{ role: 'cadre', areaId: String(areas.gridA.id) }],
    });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().initialPassword).toBeUndefined();
    ids.cadreA = Number(ok.json().account.id);
    for (const role of ['admin', 'leader', 'center']) {
      const res = await leaderA.post('/api/accounts', {
        username: `bad-${role}`,
        displayName: 'x',
        grants: [role === 'admin' ? { role } : { role, areaId: String(areas.streetA.id) }],
      });
      expect(res.statusCode).toBe(403);
    }
    const other = await leaderA.post('/api/accounts', {
      username: 'badB',
      displayName: 'x',
      grants: [{ role: 'cadre', areaId: String(areas.gridB.id) }],
    });
    expect(other.statusCode).toBe(403);
    const none = await leaderA.post('/api/accounts', { username: 'badNone', displayName: 'x' });
    expect(none.json().error.code).toBe('INVALID_GRANT');
  });

  it('PATCH compares the version (stale → 409) and audits the change', async () => {
    const cur = (await admin.get(`/api/accounts/${ids.workerA}`)).json();
    const res = await admin.patch(`/api/accounts/${ids.workerA}`, { version: cur.version, dutyPhone: '0358-8888888' });
    expect(res.statusCode).toBe(200);
    expect(res.json().dutyPhone).toBe('0358-8888888');
    expect(res.json().version).toBe(cur.version + 1);
    const stale = await admin.patch(`/api/accounts/${ids.workerA}`, { version: cur.version, displayName: 'z' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    expect(await auditRows('account.updated', ids.workerA as number)).toHaveLength(1);
    const b = (await admin.get(`/api/accounts/${ids.workerB}`)).json();
    expect(
      (await leaderA.patch(`/api/accounts/${ids.workerB}`, { version: b.version, displayName: 'x' })).statusCode,
    ).toBe(404);
  });

  it('requires the CSRF token', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/accounts',
      headers: { cookie: admin.cookie ?? '' },
      payload: { username: 'csrf1', displayName: 'x' },
    });
    expect(res.json().error.code).toBe('CSRF_MISMATCH');
  });
});

describe('disable, enable and reset password', () => {
  it('disabling kills sessions, blocks login, emits the event in the same transaction; enabling restores', async () => {
    const victim = await t.login('cadreA', 'long-enough-1');
    const seen: Array<number | null> = [];
    const off = t.app.services.events.on('account.disabled', async (payload, trx) => {
      // Read through the caller's transaction: the uncommitted change is visible only there.
      const row = await trx
        .selectFrom('accounts')
        .select('disabledAt')
        .where('id', '=', payload.accountId)
        .executeTakeFirst();
      seen.push(row?.disabledAt ?? null);
    });
    const res = await leaderA.post(`/api/accounts/${ids.cadreA}/disable`);
    off();
    expect(res.statusCode).toBe(200);
    expect(res.json().disabled).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(0);
    expect((await victim.get('/api/me')).statusCode).toBe(401);
    const login = await t.anon().post('/api/auth/login', { username: 'cadreA', password: 'long-enough-1' });
    expect(login.json().error.code).toBe('ACCOUNT_DISABLED');
    expect(await auditRows('account.disabled', ids.cadreA as number)).toHaveLength(1);
    expect((await leaderA.post(`/api/accounts/${ids.cadreA}/enable`)).json().disabled).toBe(false);
    expect(await auditRows('account.enabled', ids.cadreA as number)).toHaveLength(1);
    expect((await t.anon().post('/api/auth/login', { username: 'cadreA', password: 'long-enough-1' })).statusCode).toBe(
      200,
    );
  });

  it('a failing handler rolls the disable back', async () => {
    const off = t.app.services.events.on('account.disabled', () => {
      throw new Error('handler failed');
    });
    const res = await admin.post(`/api/accounts/${ids.secA}/disable`);
    off();
    expect(res.statusCode).toBe(500);
    const row = await t.db.kysely
      .selectFrom('accounts')
      .select('disabledAt')
      .where('id', '=', ids.secA as number)
      .executeTakeFirstOrThrow();
    expect(row.disabledAt).toBeNull();
    expect(await auditRows('account.disabled', ids.secA as number)).toHaveLength(0);
  });

  it('a leader cannot disable, enable or reset accounts of another street, nor a peer leader, nor itself', async () => {
    for (const action of ['disable', 'enable', 'reset-password'])
      expect((await leaderA.post(`/api/accounts/${ids.workerB}/${action}`)).statusCode).toBe(404);
    expect((await leaderA.post(`/api/accounts/${ids.leaderA2}/disable`)).statusCode).toBe(403);
    expect((await leaderA.post(`/api/accounts/${ids.leaderA}/disable`)).statusCode).toBe(403);
    // …and the responses say so, so the console shows no button that would be refused.
    const actionsOf = async (id: number | undefined) =>
      (await leaderA.get(`/api/accounts/${id}`)).json().allowedActions;
    expect(await actionsOf(ids.leaderA2)).toEqual([]);
    expect(await actionsOf(ids.workerA)).toEqual(['edit', 'grants', 'resetPassword', 'disable']);
  });

  it('reset password returns a temporary password once, revokes sessions and forces a change', async () => {
    const old = await t.login('workerA');
    const res = await leaderA.post(`/api/accounts/${ids.workerA}/reset-password`);
    expect(res.statusCode).toBe(200);
    const { temporaryPassword } = res.json();
    expect(temporaryPassword).toMatch(/^[A-Za-z0-9]{12}$/);
    expect((await old.get('/api/me')).statusCode).toBe(401);
    const login = await t.anon().post('/api/auth/login', { username: 'workerA', password: temporaryPassword });
    expect(login.json().mustChangePassword).toBe(true);
    expect(await auditRows('account.password_reset', ids.workerA as number)).toHaveLength(1);
    // Leave workerA usable for later tests.
    await t.db.kysely
      .updateTable('accounts')
      .set({
        passwordHash: (
          await t.db.kysely
            .selectFrom('accounts')
            .select('passwordHash')
            .where('id', '=', ids.workerB as number)
            .executeTakeFirstOrThrow()
        ).passwordHash,
        mustChangePassword: 0,
      })
      .where('id', '=', ids.workerA as number)
      .execute();
  });
});

describe('grants', () => {
  it('adding a grant revokes the old session; the new login carries the new role', async () => {
    const old = await t.login('workerA');
    const res = await leaderA.post(`/api/accounts/${ids.workerA}/grants`, {
      role: 'party_member',
      areaId: String(areas.gridA.id),
      dutyLabels: ['政策宣传员'],
    });
    expect(res.statusCode).toBe(201);
    expect((await old.get('/api/me')).statusCode).toBe(401);
    const fresh = await t.login('workerA');
    expect((await fresh.get('/api/me')).json().roles).toEqual(expect.arrayContaining(['grid_worker', 'party_member']));
    const rows = await auditRows('account.grant_added', ids.workerA as number);
    expect(rows[0]?.areaPath).toBe(areas.gridA.path);
    const dup = await leaderA.post(`/api/accounts/${ids.workerA}/grants`, {
      role: 'party_member',
      areaId: String(areas.gridA.id),
    });
    expect(dup.statusCode).toBe(409);
  });

  it('checks the place each role needs', async () => {
    const post = (body: object) => admin.post(`/api/accounts/${ids.workerA}/grants`, body);
    const code = async (body: object) => (await post(body)).json().error?.code;
    expect(await code({ role: 'department' })).toBe('INVALID_GRANT');
    expect(await code({ role: 'department', orgId: String(orgs.unitA) })).toBe('INVALID_GRANT');
    expect(await code({ role: 'grid_worker', orgId: String(orgs.dept) })).toBe('INVALID_GRANT');
    expect(await code({ role: 'admin', areaId: String(areas.city.id) })).toBe('INVALID_GRANT');
    expect(await code({ role: 'cadre' })).toBe('INVALID_GRANT');
    expect(await code({ role: 'resident', areaId: String(areas.gridA.id) })).toBe('INVALID_GRANT');
    expect((await post({ role: 'department', orgId: String(orgs.dept) })).statusCode).toBe(201);
    expect((await post({ role: 'property_center', orgId: String(orgs.center) })).statusCode).toBe(201);
    expect((await post({ role: 'property_center', areaId: String(areas.city.id) })).statusCode).toBe(201);
    expect((await post({ role: 'resident' })).statusCode).toBe(201);
  });

  it('a leader cannot grant admin/leader/center, nor grant on another street, nor touch grants there', async () => {
    const admin2 = await t.login('admin');
    const post = (body: object) => leaderA.post(`/api/accounts/${ids.secA}/grants`, body);
    expect((await post({ role: 'admin' })).statusCode).toBe(403);
    expect((await post({ role: 'leader', areaId: String(areas.streetA.id) })).statusCode).toBe(403);
    expect((await post({ role: 'center', areaId: String(areas.city.id) })).statusCode).toBe(403);
    expect((await post({ role: 'cadre', areaId: String(areas.gridB.id) })).statusCode).toBe(403);
    expect((await post({ role: 'unit', orgId: String(orgs.unitB) })).statusCode).toBe(403);
    expect((await post({ role: 'unit', orgId: String(orgs.unitA) })).statusCode).toBe(201);
    const grantB = await grantIdOf(ids.workerB as number);
    expect(
      (await leaderA.post(`/api/accounts/${ids.workerB}/grants`, { role: 'cadre', areaId: String(areas.gridA.id) }))
        .statusCode,
    ).toBe(404);
    expect((await leaderA.delete(`/api/accounts/${ids.workerB}/grants/${grantB}`)).statusCode).toBe(404);
    expect(
      (await leaderA.patch(`/api/accounts/${ids.workerB}/grants/${grantB}`, { dutyLabels: ['x'] })).statusCode,
    ).toBe(404);
    const peer = await grantIdOf(ids.leaderA2 as number);
    expect((await leaderA.delete(`/api/accounts/${ids.leaderA2}/grants/${peer}`)).statusCode).toBe(403);
    // The admin can do all of it.
    expect(
      (await admin2.post(`/api/accounts/${ids.leaderB}/grants`, { role: 'center', areaId: String(areas.city.id) }))
        .statusCode,
    ).toBe(201);
  });

  it('changes duty labels and removes grants, with audit rows carrying the area', async () => {
    const sec = await grantIdOf(ids.secA as number);
    const res = await leaderA.patch(`/api/accounts/${ids.secA}/grants/${sec}`, { dutyLabels: ['矛盾调解员'] });
    expect(res.statusCode).toBe(200);
    const view = (await leaderA.get(`/api/accounts/${ids.secA}`)).json();
    expect(view.grants.find((g: { id: string }) => g.id === String(sec)).dutyLabels).toEqual(['矛盾调解员']);
    const changed = await auditRows('account.duty_labels_changed', ids.secA as number);
    expect(changed[0]?.areaPath).toBe(areas.communityA.path);
    const unit = view.grants.find((g: { role: string }) => g.role === 'unit');
    expect((await leaderA.delete(`/api/accounts/${ids.secA}/grants/${unit.id}`)).statusCode).toBe(200);
    const removed = await auditRows('account.grant_removed', ids.secA as number);
    expect(removed[0]?.areaPath).toBe(areas.streetA.path);
    // The grant must belong to the account named in the URL.
    expect((await leaderA.delete(`/api/accounts/${ids.workerA}/grants/${sec}`)).statusCode).toBe(404);
  });

  it('chain.write holders use the service: a secretary staffs its own community only', async () => {
    const p = await principalOf('secA');
    const svc = t.app.services.accounts;
    const { id } = await svc.addGrant(p, actor, {
      accountId: ids.workerA as number,
      role: 'cadre',
      areaId: areas.gridA.id,
    });
    expect(id).toBeGreaterThan(0);
    await svc.updateDutyLabels(p, actor, id, ['信息采集员']);
    await expect(
      svc.addGrant(p, actor, { accountId: ids.workerA as number, role: 'leader', areaId: areas.streetA.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      svc.addGrant(p, actor, { accountId: ids.workerB as number, role: 'cadre', areaId: areas.gridB.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await svc.removeGrant(p, actor, id);
    const worker = await principalOf('workerB');
    await expect(svc.lookup(worker, '')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
