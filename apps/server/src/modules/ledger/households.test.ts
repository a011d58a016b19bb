/** The ledger's households (sensitive household tags, members, cases, party member), counts and custom fields. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setHouseholdContact } from '../../../test/factories.cases.js';
import { idNumberOf, insertPerson, type LedgerWorld, makeLedgerWorld } from '../../../test/factories.ledger.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { ensureDefaultCategories } from '../../db/reference/categories.js';

const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 0));
let t: TestApp;
let w: LedgerWorld;
let head: number;

beforeAll(async () => {
  t = await createTestApp({ clock });
  w = await makeLedgerWorld(t, 'lh');
  await setHouseholdContact(t, w.households.hA1, '赵大爷', '13711112222');
  head = await insertPerson(t, w.households.hA1, {
    name: '赵大爷',
    relation: 'head',
    idNumber: idNumberOf('1940-02-02', 111),
    birthDate: '1940-02-02',
    tags: ['党员', '残疾'],
  });
  await insertPerson(t, w.households.hA1, {
    name: '赵小妹',
    relation: 'grandchild',
    birthDate: '2015-09-09',
    tags: ['留守儿童'],
  });
  await insertPerson(t, w.households.hA1, {
    name: '赵已迁',
    relation: 'child',
    birthDate: '1975-01-01',
    tags: ['党员'],
    movedOutOn: '2025-01-01',
    movedOutAt: Date.now(),
  });
});
afterAll(() => t.close());

const hA1 = () => String(w.households.hA1);

describe('ledger households', () => {
  it('lists households with members, the party member, a masked phone and no sensitive tag in clear', async () => {
    const res = await w.agents.workerA.get('/api/ledger/households');
    expect(res.statusCode).toBe(200);
    const h = res.json().items.find((x: { id: string }) => x.id === hA1());
    expect(h).toMatchObject({
      address: 'lh高家沟1号楼101',
      gridName: '高家沟第一网格',
      headName: '赵大爷',
      phone: '137****2222',
      memberCount: 2,
      noSmartphone: true,
      sensitiveTagCount: 0,
      partyMember: { id: String(w.ids.member.id), name: '党员王' },
      allowedActions: ['update', 'addPerson', 'unmask'],
    });
    expect(res.body).not.toContain('13711112222');
    const phone = await w.agents.workerA.get('/api/ledger/households?q=137 1111 2222');
    expect(phone.json().items.map((x: { id: string }) => x.id)).toEqual([hA1()]);
  });

  it('sets open and sensitive household tags: sensitive ones encrypted and indexed by hash; filters find both', async () => {
    const cur = (await w.agents.workerA.get(`/api/ledger/households/${hA1()}`)).json();
    const res = await w.agents.workerA.patch(`/api/ledger/households/${hA1()}`, {
      version: cur.version,
      tags: ['独居老人'],
      sensitiveTags: ['低保户'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ tags: ['独居老人'], sensitiveTagCount: 1, version: cur.version + 1 });
    expect(res.body).not.toContain('低保户');
    const raw = await t.db.kysely
      .selectFrom('households')
      .selectAll()
      .where('id', '=', w.households.hA1)
      .executeTakeFirstOrThrow();
    const index = await t.db.kysely
      .selectFrom('ledgerTags')
      .select('tagKey')
      .where('entityKind', '=', 'household')
      .where('entityId', '=', w.households.hA1)
      .execute();
    expect(JSON.stringify(raw) + JSON.stringify(index)).not.toContain('低保户');
    expect(index.map((r) => r.tagKey).sort()).toEqual(['独居老人', expect.stringMatching(/^s:/)].sort());
    const byTag = async (tag: string) =>
      (await w.agents.workerA.get(`/api/ledger/households?tag=${encodeURIComponent(tag)}`))
        .json()
        .items.map((x: { id: string }) => x.id);
    expect(await byTag('低保户')).toEqual([hA1()]);
    expect(await byTag('独居老人')).toEqual([hA1()]);
    expect(await byTag('特困户')).toEqual([]);
    const stale = await w.agents.workerA.patch(`/api/ledger/households/${hA1()}`, { version: cur.version, tags: [] });
    expect(stale.statusCode).toBe(409);
    // Changing only the open tags keeps the sensitive ones.
    const open = await w.agents.workerA.patch(`/api/ledger/households/${hA1()}`, {
      version: cur.version + 1,
      tags: ['独居老人', '党员户'],
    });
    expect(open.json()).toMatchObject({ tags: ['独居老人', '党员户'], sensitiveTagCount: 1 });
  });

  it('unmasks the household phone and sensitive tags with a logged reason', async () => {
    const res = await w.agents.workerA.post(`/api/ledger/households/${hA1()}/unmask`, {
      reason: '低保复核',
      fields: ['phone', 'sensitiveTags'],
    });
    expect(res.json()).toEqual({ phone: '13711112222', sensitiveTags: ['低保户'] });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'household.unmask')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.summary)).toEqual({ reason: '低保复核', fields: ['phone', 'sensitiveTags'] });
    expect(
      (await w.agents.leaderA.post(`/api/ledger/households/${hA1()}/unmask`, { reason: '看看', fields: ['phone'] }))
        .statusCode,
    ).toBe(403);
  });

  it('shows members (moved-out ones on request), the latest cases and the party member', async () => {
    await ensureDefaultCategories(t.app.ctx);
    const cat = await t.db.kysely
      .selectFrom('caseCategories')
      .select('id')
      .where('code', '=', 'lj.leak')
      .executeTakeFirstOrThrow();
    const c = await w.agents.resident.post('/api/cases', {
      categoryId: String(cat.id),
      description: '楼上漏水到我家卫生间',
      householdId: hA1(),
    });
    expect(c.statusCode, c.body).toBe(201);
    const d = (await w.agents.workerA.get(`/api/ledger/households/${hA1()}`)).json();
    expect(d.members.map((m: { name: string }) => m.name)).toEqual(['赵大爷', '赵小妹']);
    expect(d.members[0]).toMatchObject({
      id: String(head),
      relation: 'head',
      sensitiveTags: null,
      sensitiveTagCount: 1,
    });
    expect(d.cases).toEqual([
      expect.objectContaining({ id: c.json().id, number: c.json().number, description: '楼上漏水到我家卫生间' }),
    ]);
    expect(d.visits).toEqual([]);
    expect(d.partyMember).toEqual({ id: String(w.ids.member.id), name: '党员王' });
    const all = (await w.agents.workerA.get(`/api/ledger/households/${hA1()}?includeMovedOut=true`)).json();
    expect(all.members.map((m: { name: string }) => m.name)).toEqual(['赵大爷', '赵小妹', '赵已迁']);
  });
});

describe('counts per grid', () => {
  it('counts current persons per tag (sensitive ones through their hash), per age group, and household tags', async () => {
    const byTag = (await w.agents.secA.get(`/api/ledger/counts?areaId=${w.areas.communityA.id}&by=tag`)).json();
    expect(byTag.groups).toEqual([
      { gridId: String(w.areas.gridA.id), gridName: '高家沟第一网格', counts: { 党员: 1, 残疾: 1, 留守儿童: 1 } },
    ]);
    const byAge = (await w.agents.secA.get('/api/ledger/counts?by=ageGroup')).json();
    expect(byAge.groups[0].counts).toEqual({ '80+': 1, '7-17': 1 });
    const byHousehold = (await w.agents.secA.get('/api/ledger/counts?by=householdTag')).json();
    expect(byHousehold.groups[0].counts).toEqual({ 独居老人: 1, 党员户: 1, 低保户: 1 });
    const street = (await w.agents.admin.get(`/api/ledger/counts?areaId=${w.areas.streetB.id}`)).json();
    expect(street.groups).toEqual([{ gridId: String(w.areas.gridB.id), gridName: '站前第一网格', counts: {} }]);
  });
});

describe('custom fields', () => {
  it('are managed by ledgerFields.manage holders, versioned, with unique codes', async () => {
    const a = w.agents.admin;
    const created = await a.post('/api/ledger/fields', {
      code: 'blood',
      label: '血型',
      datatype: 'string',
      sortOrder: 2,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: 'blood',
      label: '血型',
      datatype: 'string',
      active: true,
      version: 1,
    });
    expect(
      (await a.post('/api/ledger/fields', { code: 'blood', label: '又一个', datatype: 'string' })).statusCode,
    ).toBe(409);
    expect((await a.post('/api/ledger/fields', { code: 'sel', label: '空选项', datatype: 'select' })).statusCode).toBe(
      400,
    );
    expect(
      (await w.agents.secA.post('/api/ledger/fields', { code: 'x1', label: '无权', datatype: 'string' })).statusCode,
    ).toBe(403);
    const id = created.json().id;
    const upd = await a.patch(`/api/ledger/fields/${id}`, { version: 1, label: '血型（ABO）', active: false });
    expect(upd.json()).toMatchObject({ label: '血型（ABO）', active: false, version: 2 });
    expect((await a.patch(`/api/ledger/fields/${id}`, { version: 1, label: '旧' })).statusCode).toBe(409);
    const list = (await w.agents.workerA.get('/api/ledger/fields')).json().items.map((f: { code: string }) => f.code);
    expect(list).not.toContain('blood');
    const all = (await w.agents.workerA.get('/api/ledger/fields?includeInactive=true')).json();
    expect(all.items.map((f: { code: string }) => f.code)).toContain('blood');
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityType', '=', 'ledger_field')
      .execute();
    expect(audit.map((r) => r.action)).toEqual(['ledger_field.create', 'ledger_field.update']);
  });
});
