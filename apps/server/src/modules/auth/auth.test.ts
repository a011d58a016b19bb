import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  const areas = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'leader', [{ role: 'leader', areaId: areas.streetA.id }]);
  await makeAccount(t.db, 'gone', []);
  await t.db.kysely.updateTable('accounts').set({ disabledAt: Date.now() }).where('username', '=', 'gone').execute();
});
afterAll(() => t.close());

describe('login and sessions', () => {
  it('logs in, reports scope and a CSRF token, and audits the login', async () => {
    const a = await t.login('leader');
    const me = await a.get('/api/me');
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body.roles).toEqual(['leader']);
    expect(body.scope.areaPaths).toHaveLength(1);
    expect(body.csrfToken).toBe(a.csrf);
    const audit = await t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'auth.login').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses a wrong password with a stable code and audits the failure', async () => {
    const res = await t.anon().post('/api/auth/login', { username: 'leader', password: 'nope-nope' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('INVALID_CREDENTIALS');
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select('summary')
      .where('action', '=', 'auth.login_failed')
      .execute();
    expect(rows.some((r) => JSON.parse(r.summary).username === 'leader')).toBe(true);
  });

  it('refuses a disabled account', async () => {
    const res = await t.anon().post('/api/auth/login', { username: 'gone', password: 'grassroots' });
    expect(res.json().error.code).toBe('ACCOUNT_DISABLED');
  });

  it('requires the CSRF token on cookie-authenticated writes', async () => {
    const a = await t.login('leader');
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: a.cookie ?? '' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('CSRF_MISMATCH');
  });

  it('logout invalidates the session', async () => {
    const a = await t.login('leader');
    expect((await a.post('/api/auth/logout')).statusCode).toBe(200);
    expect((await a.get('/api/me')).statusCode).toBe(401);
  });

  it('locks an account after repeated failures', async () => {
    await makeAccount(t.db, 'victim', [{ role: 'resident' }]);
    for (let i = 0; i < t.config.loginMaxFailures; i++)
      await t.anon().post('/api/auth/login', { username: 'victim', password: 'wrong-pass' });
    const res = await t.anon().post('/api/auth/login', { username: 'victim', password: 'grassroots' });
    expect(res.statusCode).toBe(429);
    expect(res.json().error.code).toBe('ACCOUNT_LOCKED');
  });

  it('changing the password revokes other sessions', async () => {
    await makeAccount(t.db, 'changer', [{ role: 'resident' }]);
    const a = await t.login('changer');
    const b = await t.login('changer');
    const res = await a.post('/api/auth/password', { currentPassword: 'grassroots', newPassword: 'a-new-secret-1' });
    expect(res.statusCode).toBe(200);
    expect((await b.get('/api/me')).statusCode).toBe(401);
    expect(
      (await t.anon().post('/api/auth/login', { username: 'changer', password: 'a-new-secret-1' })).statusCode,
    ).toBe(200);
  });

  it('resident sign-up stores the phone encrypted and masks it', async () => {
    const res = await t
      .anon()
      .post('/api/auth/signup', { phone: '13812345678', password: 'resident-pw-1', displayName: '王阿姨' });
    expect(res.statusCode).toBe(201);
    const row = await t.db.kysely
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', '13812345678')
      .executeTakeFirstOrThrow();
    expect(row.phoneEnc).not.toContain('13812345678');
    const cookie = res.cookies.find((c) => c.name === 'gr_sid');
    const me = await t.app.inject({ method: 'GET', url: '/api/me', headers: { cookie: `gr_sid=${cookie?.value}` } });
    expect(me.json().account.phoneMasked).toBe('138****5678');
    const dup = await t
      .anon()
      .post('/api/auth/signup', { phone: '13812345678', password: 'resident-pw-1', displayName: 'x' });
    expect(dup.statusCode).toBe(409);
  });
});

describe('production mode', () => {
  it('never accepts the demo password', async () => {
    const prod = await createTestApp({ demo: false });
    await makeAccount(prod.db, 'someone', [{ role: 'resident' }]);
    const res = await prod.anon().post('/api/auth/login', { username: 'someone', password: 'grassroots' });
    expect(res.statusCode).toBe(401);
    await prod.close();
  });
});

describe('audit log is append-only in the database itself', () => {
  it('refuses UPDATE and DELETE', async () => {
    await expect(t.db.kysely.updateTable('auditLog').set({ action: 'tampered' }).execute()).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.kysely.deleteFrom('auditLog').execute()).rejects.toThrow(/append-only/);
  });
});

describe('errors', () => {
  it('unknown API route → 404 envelope; bad JSON → 400; English on request', async () => {
    const r1 = await t.anon().get('/api/nothing-here');
    expect(r1.statusCode).toBe(404);
    expect(r1.json().error.code).toBe('ROUTE_NOT_FOUND');
    const r2 = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      payload: '{bad',
    });
    expect(r2.statusCode).toBe(400);
    expect(r2.json().error.code).toBe('VALIDATION_FAILED');
    expect(r2.json().error.message).toMatch(/invalid/i);
  });
});
