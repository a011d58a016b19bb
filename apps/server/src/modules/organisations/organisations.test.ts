import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeTwoStreets } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let areas: Awaited<ReturnType<typeof makeTwoStreets>>;
let admin: Agent;
let center: Agent;
let leaderA: Agent;

beforeAll(async () => {
  t = await createTestApp();
  areas = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'center', [{ role: 'center', areaId: areas.city.id }]);
  await makeAccount(t.db, 'leaderA', [{ role: 'leader', areaId: areas.streetA.id }]);
  await makeAccount(t.db, 'resident', [{ role: 'resident' }]);
  await makeOrg(t.db, 'department', '市场监管局');
  admin = await t.login('admin');
  center = await t.login('center');
  leaderA = await t.login('leaderA');
});
afterAll(() => t.close());

const audits = (action: string, id: string) =>
  t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', action).where('entityId', '=', id).execute();

describe('organisations', () => {
  it('admin and centre create every kind; the row is audited with its area', async () => {
    const kinds = [
      { kind: 'department', name: '城建局' },
      { kind: 'property_company', name: '留义物业', areaId: String(areas.communityA.id), dutyPhone: '0358-2222222' },
      { kind: 'property_center', name: '物业管理服务中心' },
      { kind: 'unit', name: '交口驻区单位', areaId: String(areas.streetA.id), contactName: '王主任' },
      { kind: 'external', name: '12345 热线', code: '12345' },
    ];
    for (const body of kinds) {
      const res = await (body.kind === 'unit' ? center : admin).post('/api/organisations', body);
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ kind: body.kind, name: body.name, disabled: false, version: 1 });
    }
    const unit = (await admin.get('/api/organisations?kind=unit')).json().items[0];
    expect(unit.areaName).toBe('交口街道');
    const rows = await audits('org.created', unit.id);
    expect(rows[0]?.areaPath).toBe(areas.streetA.path);
    const dup = await admin.post('/api/organisations', { kind: 'department', name: '城建局' });
    expect(dup.json().error.code).toBe('DUPLICATE');
  });

  it('everyone in the console lists, filters and searches; residents cannot', async () => {
    const all = (await leaderA.get('/api/organisations?pageSize=100')).json();
    expect(all.total).toBe(6);
    const depts = (await leaderA.get('/api/organisations?kind=department')).json();
    expect(depts.items.map((o: { name: string }) => o.name).sort()).toEqual(['城建局', '市场监管局']);
    const q = (await leaderA.get(`/api/organisations?q=${encodeURIComponent('物业')}`)).json();
    expect(q.items.map((o: { name: string }) => o.name).sort()).toEqual(['物业管理服务中心', '留义物业']);
    const resident = await t.login('resident');
    expect((await resident.get('/api/organisations')).statusCode).toBe(403);
    expect((await t.anon().get('/api/organisations')).statusCode).toBe(401);
  });

  it('only admin and centre write: a leader gets 403 on create, edit, disable', async () => {
    const org = (await admin.get('/api/organisations?kind=unit')).json().items[0];
    expect((await leaderA.post('/api/organisations', { kind: 'unit', name: 'x' })).statusCode).toBe(403);
    expect((await leaderA.patch(`/api/organisations/${org.id}`, { version: org.version, name: 'y' })).statusCode).toBe(
      403,
    );
    expect((await leaderA.post(`/api/organisations/${org.id}/disable`)).statusCode).toBe(403);
  });

  it('edits with a version (stale → 409), disables and enables, all audited', async () => {
    const org = (await admin.get('/api/organisations?kind=property_company')).json().items[0];
    const res = await center.patch(`/api/organisations/${org.id}`, { version: org.version, contactName: '李经理' });
    expect(res.statusCode).toBe(200);
    expect(res.json().contactName).toBe('李经理');
    expect(res.json().version).toBe(org.version + 1);
    const stale = await center.patch(`/api/organisations/${org.id}`, { version: org.version, name: 'z' });
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const updated = await audits('org.updated', org.id);
    expect(JSON.parse(updated[0]?.summary ?? '{}')).toEqual({ contactName: { from: null, to: '李经理' } });
    expect(updated[0]?.areaPath).toBe(areas.communityA.path);
    expect((await admin.post(`/api/organisations/${org.id}/disable`)).json().disabled).toBe(true);
    expect((await admin.get('/api/organisations?status=disabled')).json().total).toBe(1);
    expect((await admin.post(`/api/organisations/${org.id}/enable`)).json().disabled).toBe(false);
    expect(await audits('org.disabled', org.id)).toHaveLength(1);
    expect(await audits('org.enabled', org.id)).toHaveLength(1);
    expect((await admin.get('/api/organisations/999999')).statusCode).toBe(404);
  });

  it('requires the CSRF token on writes', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/organisations',
      headers: { cookie: admin.cookie ?? '' },
      payload: { kind: 'unit', name: 'csrf' },
    });
    expect(res.json().error.code).toBe('CSRF_MISMATCH');
  });
});
