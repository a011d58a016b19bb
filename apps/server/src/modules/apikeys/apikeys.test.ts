import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

let t: TestApp;
const clock = new ManualClock();
let admin: Agent;
let hotline: number;

beforeAll(async () => {
  t = await createTestApp({ clock });
  const areas = await makeTwoStreets(t.db);
  hotline = (await makeOrg(t.db, 'external', '12345 热线', areas.city.id)).id;
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'leader', [{ role: 'leader', areaId: areas.streetA.id }]);
  admin = await t.login('admin');
});
afterAll(() => t.close());

const create = (body: object) => admin.post('/api/api-keys', { orgId: String(hotline), name: '12345 对接', ...body });

describe('API keys', () => {
  it('creates a key shown once, stored as the SHA-256 of the whole key, and usable', async () => {
    const res = await create({ scopes: ['cases:write', 'cases:read'], rateLimit: 120 });
    expect(res.statusCode).toBe(201);
    const { id, key, apiKey } = res.json();
    expect(key).toMatch(/^grk_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43,}$/);
    expect(apiKey).toMatchObject({ orgName: '12345 热线', status: 'active', rateLimit: 120, prefix: key.slice(4, 12) });
    const row = await t.db.kysely
      .selectFrom('apiKeys')
      .selectAll()
      .where('id', '=', Number(id))
      .executeTakeFirstOrThrow();
    expect(row.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(key.slice(13));
    const list = (await admin.get('/api/api-keys')).json();
    expect(JSON.stringify(list)).not.toContain(key.slice(13));
    const who = await Agent.withApiKey(t.app, key).get('/api/api-keys/whoami');
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ orgName: '12345 热线', scopes: ['cases:write', 'cases:read'] });
    // An account-only route refuses a key.
    expect((await Agent.withApiKey(t.app, key).get('/api/me')).statusCode).toBe(403);
    // Keys do not manage keys.
    expect((await Agent.withApiKey(t.app, key).get('/api/api-keys')).statusCode).toBe(403);
    const audit = await t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'apikey.created').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.summary).not.toContain(key.slice(13));
  });

  it('logs every use and sets lastUsedAt', async () => {
    const { id, key } = (await create({ scopes: ['areas:read'] })).json();
    const agent = Agent.withApiKey(t.app, key);
    await agent.get('/api/api-keys/whoami');
    await agent.get('/api/api-keys/whoami?x=1');
    await agent.get('/api/me');
    const uses = (await admin.get(`/api/api-keys/${id}/uses`)).json();
    expect(uses.total).toBe(3);
    expect(uses.items.map((u: { status: number }) => u.status).sort()).toEqual([200, 200, 403]);
    expect(uses.items[0]).toMatchObject({ method: 'GET' });
    expect(uses.items.every((u: { path: string }) => !u.path.includes('?'))).toBe(true);
    const view = (await admin.get('/api/api-keys')).json().items.find((k: { id: string }) => k.id === id);
    expect(view.lastUsedAt).not.toBeNull();
  });

  it('logs every use of requests answered at the same time (the log writes them in batches)', async () => {
    const { id, key } = (await create({ scopes: ['areas:read'] })).json();
    const agent = Agent.withApiKey(t.app, key);
    const codes = await Promise.all(Array.from({ length: 25 }, () => agent.get('/api/api-keys/whoami')));
    expect(codes.every((r) => r.statusCode === 200)).toBe(true);
    const uses = (await admin.get(`/api/api-keys/${id}/uses?pageSize=100`)).json();
    expect(uses.total).toBe(25);
    const view = (await admin.get('/api/api-keys')).json().items.find((k: { id: string }) => k.id === id);
    expect(view.lastUsedAt).toEqual(expect.any(String));
  });

  it('enforces the own requests-per-minute limit of each key, then lets it through in the next minute', async () => {
    const { key } = (await create({ scopes: ['areas:read'], rateLimit: 3 })).json();
    const agent = Agent.withApiKey(t.app, key);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await agent.get('/api/api-keys/whoami')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await agent.get('/api/api-keys/whoami');
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { limitPerMinute: 3 } });
    clock.advance(61_000);
    expect((await agent.get('/api/api-keys/whoami')).statusCode).toBe(200);
  });

  it('a revoked key is refused with 401 API_KEY_INVALID; revocation is audited', async () => {
    const { id, key } = (await create({ scopes: ['open311'] })).json();
    const res = await admin.post(`/api/api-keys/${id}/revoke`);
    expect(res.json()).toMatchObject({ status: 'revoked' });
    const used = await Agent.withApiKey(t.app, key).get('/api/api-keys/whoami');
    expect(used.statusCode).toBe(401);
    expect(used.json().error.code).toBe('API_KEY_INVALID');
    const audit = await t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', 'apikey.revoked').execute();
    expect(audit.map((a) => a.entityId)).toEqual([id]);
    expect((await admin.get('/api/api-keys?status=revoked')).json().total).toBe(1);
  });

  it('an expired key is refused; a tampered key is refused', async () => {
    const expiresAt = new Date(clock.now() + 3600_000).toISOString();
    const { key } = (await create({ scopes: ['cases:read'], expiresAt })).json();
    const agent = Agent.withApiKey(t.app, key);
    expect((await agent.get('/api/api-keys/whoami')).statusCode).toBe(200);
    clock.advance(2 * 3600_000);
    const res = await agent.get('/api/api-keys/whoami');
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('API_KEY_INVALID');
    expect((await admin.get('/api/api-keys?status=expired')).json().total).toBe(1);
    const tampered = `${key.slice(0, -2)}xx`;
    expect((await Agent.withApiKey(t.app, tampered).get('/api/api-keys/whoami')).statusCode).toBe(401);
  });

  it('validates input: scopes, past expiry, unknown organisation', async () => {
    expect((await create({ scopes: ['everything'] })).statusCode).toBe(400);
    expect((await create({ scopes: [] })).statusCode).toBe(400);
    const past = new Date(clock.now() - 1000).toISOString();
    expect((await create({ scopes: ['cases:read'], expiresAt: past })).json().error.code).toBe('VALIDATION_FAILED');
    const bad = await admin.post('/api/api-keys', { orgId: '999999', name: 'x', scopes: ['cases:read'] });
    expect(bad.statusCode).toBe(400);
  });

  it('only admin manages keys; CSRF enforced', async () => {
    const leader = await t.login('leader');
    expect((await leader.get('/api/api-keys')).statusCode).toBe(403);
    expect(
      (await leader.post('/api/api-keys', { orgId: String(hotline), name: 'x', scopes: ['cases:read'] })).statusCode,
    ).toBe(403);
    expect((await leader.post('/api/api-keys/1/revoke')).statusCode).toBe(403);
    expect((await leader.get('/api/api-keys/1/uses')).statusCode).toBe(403);
    expect((await leader.get('/api/api-keys/whoami')).statusCode).toBe(403);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/api-keys',
      headers: { cookie: admin.cookie ?? '' },
      payload: { orgId: String(hotline), name: 'x', scopes: ['cases:read'] },
    });
    expect(res.json().error.code).toBe('CSRF_MISMATCH');
    expect((await admin.get('/api/api-keys/999999/uses')).statusCode).toBe(404);
  });
});
