/** Residents' own data (view, correction/erasure requests, self-export), staff resolution, and retention. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberOf, insertPerson, type LedgerWorld, makeLedgerWorld } from '../../../test/factories.ledger.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { RETENTION_JOB } from './retention.js';

const DAY = 24 * 3600_000;
const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 0));
let t: TestApp;
let w: LedgerWorld;
let me: number;
let spouse: number;
let other: number;
const MY_ID = idNumberOf('1985-05-05', 111);
const SPOUSE_ID = idNumberOf('1986-06-06', 222);

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY, ledgerRetentionDays: 1095 } });
  w = await makeLedgerWorld(t, 'lr');
  me = await insertPerson(t, w.households.hA1, {
    name: '刘居民',
    relation: 'head',
    idNumber: MY_ID,
    birthDate: '1985-05-05',
    phone: '13600001111',
    tags: ['志愿者', '慢性病'],
  });
  spouse = await insertPerson(t, w.households.hA1, {
    name: '陈配偶',
    relation: 'spouse',
    idNumber: SPOUSE_ID,
    birthDate: '1986-06-06',
    phone: '13600002222',
    tags: ['孕产妇'],
    custom: { note: 'x' },
  });
  other = await insertPerson(t, w.households.hA2, { name: '邻居', relation: 'head' });
});
afterAll(() => t.close());

const raw = (id: number) =>
  t.db.kysely.selectFrom('persons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const audits = (action: string) =>
  t.db.kysely.selectFrom('auditLog').selectAll().where('action', '=', action).orderBy('id').execute();

describe('a resident and their household', () => {
  it('sees their own household and members, masked', async () => {
    const res = await w.agents.resident.get('/api/me/household');
    expect(res.statusCode).toBe(200);
    const [h] = res.json().items;
    expect(h).toMatchObject({ id: String(w.households.hA1), address: 'lr高家沟1号楼101' });
    expect(h.members.map((m: { name: string }) => m.name)).toEqual(['刘居民', '陈配偶']);
    expect(h.members[0]).toMatchObject({ idNumber: `142601********${MY_ID.slice(-4)}`, phone: '136****1111' });
    for (const secret of [MY_ID, '13600001111', '慢性病', '邻居']) expect(res.body).not.toContain(secret);
    const none = await w.agents.workerA.get('/api/me/household');
    expect(none.json()).toEqual({ items: [] });
  });

  it('asks for a correction or an erasure of their own household only', async () => {
    const corr = await w.agents.resident.post('/api/me/household/requests', {
      kind: 'correction',
      message: '手机号已更换为 13600009999',
    });
    expect(corr.statusCode).toBe(201);
    expect(corr.json()).toMatchObject({
      kind: 'correction',
      status: 'open',
      householdId: String(w.households.hA1),
      personId: null,
    });
    const row = await t.db.kysely
      .selectFrom('ledgerRequests')
      .selectAll()
      .where('id', '=', Number(corr.json().id))
      .executeTakeFirstOrThrow();
    expect(row.bodyEnc).not.toContain('13600009999');
    const noPerson = await w.agents.resident.post('/api/me/household/requests', { kind: 'erasure', message: '请删除' });
    expect(noPerson.statusCode).toBe(400);
    const notMine = await w.agents.resident.post('/api/me/household/requests', {
      kind: 'erasure',
      personId: String(other),
      message: '请删除',
    });
    expect(notMine.statusCode).toBe(404);
    const erase = await w.agents.resident.post('/api/me/household/requests', {
      kind: 'erasure',
      personId: String(spouse),
      message: '已搬离，请删除其信息',
    });
    expect(erase.statusCode).toBe(201);
    expect(erase.json()).toMatchObject({ personId: String(spouse), personName: '陈配偶' });
    expect((await audits('ledger_request.create')).length).toBe(2);
    const mine = (await w.agents.resident.get('/api/me/household')).json();
    expect(mine.items[0].requests.map((r: { kind: string }) => r.kind)).toEqual(['erasure', 'correction']);
  });

  it('downloads all the ledger holds about the household, in clear, and the download is audited', async () => {
    const res = await w.agents.resident.get('/api/me/household/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    const data = JSON.parse(res.body);
    const members = data.households[0].members;
    expect(members.find((m: { name: string }) => m.name === '刘居民')).toMatchObject({
      idNumber: MY_ID,
      phone: '13600001111',
      tags: ['志愿者'],
      sensitiveTags: ['慢性病'],
    });
    expect(res.body).not.toContain('邻居');
    const audit = await audits('ledger.self_export');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: w.ids.resident.id, entityType: 'account' });
    expect(audit[0]!.summary).not.toContain(MY_ID);
  });
});

describe('staff handle the requests', () => {
  it('lists them within reach only and resolves them once; an erasure done anonymises the person', async () => {
    const list = (await w.agents.workerA.get('/api/ledger/requests?status=open')).json();
    expect(list.total).toBe(2);
    expect(list.items[1].message).toBe('手机号已更换为 13600009999');
    expect((await w.agents.workerB.get('/api/ledger/requests')).json().total).toBe(0);
    const erasure = list.items.find((r: { kind: string }) => r.kind === 'erasure');
    const res = await w.agents.workerA.post(`/api/ledger/requests/${erasure.id}/resolve`, {
      status: 'done',
      resolution: '已核实并删除',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'done',
      resolution: '已核实并删除',
      personName: '已注销',
      handledBy: 'lr_workerA',
    });
    const p = await raw(spouse);
    expect(p).toMatchObject({
      name: '已注销',
      idNoEnc: null,
      idNoHash: null,
      idNoMasked: null,
      phoneEnc: null,
      phoneHash: null,
      phoneMasked: null,
      birthDate: null,
      tags: '[]',
      sensitiveTagsEnc: null,
      custom: '{}',
      anonymisedAt: clock.now(),
      movedOutOn: '2026-01-05',
    });
    const tags = await t.db.kysely
      .selectFrom('ledgerTags')
      .select('tagKey')
      .where('entityId', '=', spouse)
      .where('entityKind', '=', 'person')
      .execute();
    expect(tags).toEqual([]);
    expect((await audits('person.anonymise')).map((a) => JSON.parse(a.summary))).toEqual([
      { reason: 'erasure', householdId: w.households.hA1, requestId: Number(erasure.id) },
    ]);
    const again = await w.agents.workerA.post(`/api/ledger/requests/${erasure.id}/resolve`, {
      status: 'rejected',
      resolution: '重复',
    });
    expect(again.statusCode).toBe(409);
    // The anonymised person is no longer findable by the old ID number and cannot be changed.
    expect((await w.agents.workerA.get(`/api/persons?q=${SPOUSE_ID}&movedOut=all`)).json().items).toEqual([]);
    const view = (await w.agents.workerA.get(`/api/persons/${spouse}`)).json();
    expect(view).toMatchObject({ anonymised: true, allowedActions: [] });
    expect(
      (await w.agents.workerA.patch(`/api/persons/${spouse}`, { version: view.version, name: '复活' })).statusCode,
    ).toBe(409);
  });

  it('a correction is rejected or done without touching the data', async () => {
    const corr = (await w.agents.secA.get('/api/ledger/requests?status=open')).json().items[0];
    const res = await w.agents.secA.post(`/api/ledger/requests/${corr.id}/resolve`, {
      status: 'rejected',
      resolution: '请携带证件到社区办理',
    });
    expect(res.json()).toMatchObject({ status: 'rejected' });
    expect((await raw(me)).name).toBe('刘居民');
  });
});

describe('retention job', () => {
  it('anonymises persons moved out longer than the period, by the system, and leaves the others', async () => {
    const movedAt = clock.now();
    const old = await insertPerson(t, w.households.hA2, {
      name: '早迁出',
      idNumber: idNumberOf('1970-01-01', 333),
      tags: ['党员'],
      movedOutOn: '2026-01-05',
      movedOutAt: movedAt,
    });
    const recent = await insertPerson(t, w.households.hA2, {
      name: '近迁出',
      movedOutOn: '2026-01-05',
      movedOutAt: movedAt + 10 * DAY,
    });
    const stays = await insertPerson(t, w.households.hA2, { name: '常住', idNumber: idNumberOf('1971-01-01', 333) });
    expect(t.app.services.jobs.names).toContain(RETENTION_JOB);

    const before = movedAt + 1094 * DAY;
    clock.set(before);
    expect((await t.app.services.jobs.runDue(before))[RETENTION_JOB]).toBe('ran');
    expect((await raw(old)).anonymisedAt).toBeNull();

    const after = movedAt + 1096 * DAY;
    clock.set(after);
    expect((await t.app.services.jobs.runDue(after))[RETENTION_JOB]).toBe('ran');
    expect(await raw(old)).toMatchObject({
      name: '已注销',
      idNoEnc: null,
      idNoHash: null,
      anonymisedAt: after,
      movedOutOn: '2026-01-05',
    });
    expect((await raw(recent)).anonymisedAt).toBeNull();
    expect(await raw(stays)).toMatchObject({ name: '常住', anonymisedAt: null });
    expect((await raw(stays)).idNoEnc).not.toBeNull();
    const audit = (await audits('person.anonymise')).filter((a) => a.entityId === String(old));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorKind: 'system', actorId: null });
    expect(JSON.parse(audit[0]!.summary)).toMatchObject({ reason: 'retention' });
  });
});
