import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ensureAdmin } from '../../db/bootstrap.js';

describe('production bootstrap', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ demo: false });
  });
  afterAll(() => t.close());

  it('creates one admin whose printed password must be changed before anything else', async () => {
    const created = await ensureAdmin(t.app.ctx);
    expect(created?.password.length).toBeGreaterThanOrEqual(12);
    expect(await ensureAdmin(t.app.ctx)).toBeNull();
    const a = await t.login('admin', created?.password);
    const me = await a.get('/api/me');
    expect(me.statusCode).toBe(200);
    expect(me.json().account.mustChangePassword).toBe(true);
    const blocked = await a.get('/api/areas/tree');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('PASSWORD_CHANGE_REQUIRED');
    const weak = await a.post('/api/auth/password', { currentPassword: created?.password, newPassword: 'grassroots' });
    expect(weak.json().error.code).toBe('WEAK_PASSWORD');
    const changed = await a.post('/api/auth/password', {
      currentPassword: created?.password,
      newPassword: 'a-strong-secret-9',
    });
    expect(changed.statusCode).toBe(200);
    const b = await t.login('admin', 'a-strong-secret-9');
    expect((await b.get('/api/me')).json().account.mustChangePassword).toBe(false);
  });
});

describe('login rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { loginIpPerMinute: 3 } });
    await makeAccount(t.db, 'someone', [{ role: 'resident' }]);
  });
  afterAll(() => t.close());

  it('answers 429 RATE_LIMITED with a message once an IP exceeds the limit', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await t.anon().post('/api/auth/login', { username: 'someone', password: 'wrong-one' })).statusCode);
    expect(codes.slice(0, 3)).toEqual([401, 401, 401]);
    const last = await t.anon().post('/api/auth/login', { username: 'someone', password: 'wrong-one' });
    expect(last.statusCode).toBe(429);
    expect(last.json().error.code).toBe('RATE_LIMITED');
    expect(last.json().error.message).toBeTruthy();
  });
});

describe('security headers and sessions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await makeAccount(t.db, 'u1', [{ role: 'resident' }]);
  });
  afterAll(() => t.close());

  it('sends a Content-Security-Policy and the usual hardening headers', async () => {
    const res = await t.anon().get('/healthz');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('issues an HttpOnly, SameSite=Lax session cookie and a fresh one at every login', async () => {
    const r1 = await t.anon().post('/api/auth/login', { username: 'u1', password: 'grassroots' });
    const r2 = await t.anon().post('/api/auth/login', { username: 'u1', password: 'grassroots' });
    const c1 = r1.cookies.find((c) => c.name === 'gr_sid');
    const c2 = r2.cookies.find((c) => c.name === 'gr_sid');
    expect(c1?.httpOnly).toBe(true);
    expect(String(c1?.sameSite).toLowerCase()).toBe('lax');
    expect(c1?.value).not.toBe(c2?.value);
    // The database keeps only a hash of the token.
    const raw = await t.db.kysely.selectFrom('sessions').select('id').execute();
    expect(raw.some((s) => s.id === c1?.value)).toBe(false);
  });

  it('marks the cookie Secure behind an HTTPS proxy', async () => {
    const https = await createTestApp({ config: { trustProxy: true } });
    await makeAccount(https.db, 'u2', [{ role: 'resident' }]);
    const res = await https.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { username: 'u2', password: 'grassroots' },
    });
    expect(res.cookies.find((c) => c.name === 'gr_sid')?.secure).toBe(true);
    await https.close();
  });

  it('serves readiness and the OpenAPI document', async () => {
    expect((await t.anon().get('/readyz')).json().status).toBe('ready');
    const doc = (await t.anon().get('/api/openapi.json')).json();
    expect(doc.paths['/api/auth/login']).toBeTruthy();
  });
});
