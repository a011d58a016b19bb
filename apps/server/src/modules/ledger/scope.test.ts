/** Every ledger route, seen from outside its reach: grid B, a read-only leader, a party member, a resident. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idNumberOf, insertPerson, type LedgerWorld, makeLedgerWorld } from '../../../test/factories.ledger.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';

let t: TestApp;
let w: LedgerWorld;
let pA1: number;
let pA2: number;
let pB1: number;
let requestA: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeLedgerWorld(t, 'ls');
  pA1 = await insertPerson(t, w.households.hA1, {
    name: '甲一',
    idNumber: idNumberOf('1960-01-01', 111),
    tags: ['党员', '低保'],
  });
  pA2 = await insertPerson(t, w.households.hA2, { name: '甲二', tags: ['党员'] });
  pB1 = await insertPerson(t, w.households.hB1, { name: '乙一', tags: ['党员', '低保'] });
  const r = await w.agents.resident.post('/api/me/household/requests', { kind: 'correction', message: '电话换了' });
  expect(r.statusCode).toBe(201);
  requestA = r.json().id;
});
afterAll(() => t.close());

const ids = (res: { json(): { items: { id: string }[] } }) =>
  res
    .json()
    .items.map((x) => Number(x.id))
    .sort();

describe('a grid worker of grid B', () => {
  it('lists only grid B persons, households, counts and requests', async () => {
    const b = w.agents.workerB;
    expect(ids(await b.get('/api/persons'))).toEqual([pB1]);
    expect(ids(await b.get(`/api/persons?q=${idNumberOf('1960-01-01', 111)}`))).toEqual([]);
    expect(ids(await b.get('/api/ledger/households'))).toEqual([w.households.hB1]);
    const counts = (await b.get('/api/ledger/counts')).json();
    expect(counts.groups).toEqual([
      { gridId: String(w.areas.gridB.id), gridName: '站前第一网格', counts: { 党员: 1, 低保: 1 } },
    ]);
    expect((await b.get('/api/ledger/requests')).json().items).toEqual([]);
  });

  it('gets 404 for every read and write of grid A', async () => {
    const b = w.agents.workerB;
    const hA = String(w.households.hA1);
    const calls = [
      b.get(`/api/persons/${pA1}`),
      b.patch(`/api/persons/${pA1}`, { version: 1, name: '改名' }),
      b.post('/api/persons', { householdId: hA, name: '新人', relation: 'other' }),
      b.post(`/api/persons/${pA1}/move-out`, { version: 1, movedOutOn: '2025-01-01' }),
      b.post(`/api/persons/${pA1}/move-in`, { version: 1, movedInOn: '2025-01-01' }),
      b.post(`/api/persons/${pA1}/unmask`, { reason: '核实', fields: ['idNumber'] }),
      b.get(`/api/ledger/households/${hA}`),
      b.patch(`/api/ledger/households/${hA}`, { version: 1, tags: ['独居老人'] }),
      b.post(`/api/ledger/households/${hA}/unmask`, { reason: '核实', fields: ['phone'] }),
      b.post(`/api/ledger/requests/${requestA}/resolve`, { status: 'done', resolution: '已改' }),
      // Moving one of B's people into a household of A is a write in A.
      b.patch(`/api/persons/${pB1}`, { version: 1, householdId: hA }),
    ];
    for (const res of await Promise.all(calls)) expect(res.statusCode, res.body).toBe(404);
    const row = await t.db.kysely.selectFrom('persons').selectAll().where('id', '=', pA1).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: '甲一', version: 1, movedOutOn: null });
    expect(
      await t.db.kysely.selectFrom('auditLog').select('id').where('action', '=', 'person.unmask').execute(),
    ).toEqual([]);
  });
});

describe('a street leader (ledger.read only)', () => {
  it('reads street A but may not write (403) nor unmask (403)', async () => {
    const l = w.agents.leaderA;
    expect(ids(await l.get('/api/persons'))).toEqual([pA1, pA2]);
    expect((await l.get(`/api/persons/${pB1}`)).statusCode).toBe(404);
    expect((await l.patch(`/api/persons/${pA1}`, { version: 1, name: 'x' })).statusCode).toBe(403);
    const create = await l.post('/api/persons', {
      householdId: String(w.households.hA1),
      name: '新人',
      relation: 'other',
    });
    expect(create.statusCode).toBe(403);
    expect((await l.post(`/api/persons/${pA1}/unmask`, { reason: '核实', fields: ['phone'] })).statusCode).toBe(403);
    expect(
      (await l.post(`/api/ledger/requests/${requestA}/resolve`, { status: 'done', resolution: '好的' })).statusCode,
    ).toBe(403);
    const person = (await l.get(`/api/persons/${pA1}`)).json();
    expect(person.allowedActions).toEqual([]);
  });
});

describe('a party member (L5)', () => {
  it('sees only the households linked to them, not their whole grid', async () => {
    const m = w.agents.member;
    expect(ids(await m.get('/api/persons'))).toEqual([pA1]);
    expect((await m.get(`/api/persons/${pA2}`)).statusCode).toBe(404);
    const hs = (await m.get('/api/ledger/households')).json();
    expect(hs.items.map((h: { id: string }) => Number(h.id))).toEqual([w.households.hA1]);
    expect(hs.items[0].partyMember).toEqual({ id: String(w.ids.member.id), name: '党员王' });
    expect((await m.get(`/api/ledger/households/${w.households.hA2}`)).statusCode).toBe(404);
    expect((await m.get('/api/ledger/counts')).json().groups).toEqual([
      { gridId: String(w.areas.gridA.id), gridName: '高家沟第一网格', counts: { 党员: 1, 低保: 1 } },
    ]);
    expect((await m.patch(`/api/persons/${pA1}`, { version: 1, name: 'x' })).statusCode).toBe(403);
  });
});

describe('a resident and an admin', () => {
  it('a resident may not use the staff ledger at all', async () => {
    const r = w.agents.resident;
    expect((await r.get('/api/persons')).statusCode).toBe(403);
    expect((await r.get(`/api/ledger/households/${w.households.hA1}`)).statusCode).toBe(403);
    expect((await r.get('/api/ledger/counts')).statusCode).toBe(403);
  });

  it('an admin reads everything but may not unmask (not a ledger.unmask role)', async () => {
    const a = w.agents.admin;
    expect(ids(await a.get('/api/persons'))).toEqual([pA1, pA2, pB1]);
    expect((await a.post(`/api/persons/${pB1}/unmask`, { reason: '核实', fields: ['phone'] })).statusCode).toBe(403);
  });
});

describe('OpenAPI', () => {
  it('documents the ledger routes (the list query with its custom.<code> keys included)', async () => {
    const res = await t.anon().get('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths;
    for (const p of [
      '/api/persons',
      '/api/persons/{id}/unmask',
      '/api/ledger/households/{id}',
      '/api/me/household/export',
    ])
      expect(paths[p], p).toBeTruthy();
  });
});
