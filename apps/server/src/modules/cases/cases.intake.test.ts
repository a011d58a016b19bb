/**
 * Intake's fast path: the new case's answer is built from what intake knows instead of being read back, and the
 * Idempotency-Key claim shares the creating transaction. These tests pin both to what the database then holds.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiKey } from '../../../test/factories.areas.js';
import { actOn, type CaseWorld, makeCaseWorld } from '../../../test/factories.cases.js';
import { makeAccount, makeOrg } from '../../../test/factories.js';
import { makeBuilding } from '../../../test/factories.places.js';
import { Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { textIndexIds } from '../../db/dialect.js';
import { CASE_SEARCH } from './cases.repository.js';

let t: TestApp;
let w: CaseWorld;
let hotline: Agent;
let staff: Agent;
let buildingId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await makeCaseWorld(t, 'ik');
  // A household with a head and an encrypted phone: the view shows both masked.
  await t.db.kysely
    .updateTable('households')
    .set({ headName: '王建国', phoneEnc: t.app.ctx.pii.encrypt('13812345678') })
    .where('id', '=', w.householdA)
    .execute();
  const org = await makeOrg(t.db, 'external', '12345 市民热线', w.areas.city.id);
  hotline = Agent.withApiKey(t.app, await makeApiKey(t.db, org.id, ['cases:write']));
  await makeAccount(t.db, 'ik_center', [{ role: 'center', areaId: w.areas.city.id }]);
  staff = await t.login('ik_center');
  buildingId = String((await makeBuilding(t.db, w.areas.gridA, { name: '高家沟2号楼' })).id);
});
afterAll(() => t.close());

/** The answer of POST /api/cases equals what GET /api/cases/:id then shows the same caller. */
async function createdEqualsRead(who: Agent, body: Record<string, unknown>) {
  const created = await who.post('/api/cases', body);
  expect(created.statusCode).toBe(201);
  const read = await who.get(`/api/cases/${created.json().id}`);
  expect(read.statusCode).toBe(200);
  expect(created.json()).toEqual(read.json());
  return created.json();
}

describe('the new case answer', () => {
  it('is the stored case: a resident for their household (masked contact, own name)', async () => {
    const v = await createdEqualsRead(w.agents.resident, {
      categoryId: w.leakId,
      description: '厨房下水管漏水',
      householdId: String(w.householdA),
    });
    expect(v.household).toMatchObject({ headName: '王**', phone: '138****5678' });
    expect(v.submitterName).not.toBeNull();
    expect(v.events).toHaveLength(1);
    expect(v.areaName).toBe(w.areas.communityA.name);
  });

  it('is the stored case: a grid worker on behalf of a household, with answers', async () => {
    const v = await createdEqualsRead(w.agents.worker, {
      categoryId: w.leakId,
      description: '独居老人家漏水，代为上报',
      householdId: String(w.householdA),
      onBehalfReason: '老人无智能手机',
    });
    expect(v.source).toBe('on_behalf');
    expect(v.events[0].actorName).not.toBeNull();
  });

  it('is the stored case: a 12345 transfer by API key, placed by building (no account name on the event)', async () => {
    const v = await createdEqualsRead(hotline, {
      categoryId: w.leakId,
      description: '市民来电：楼道漏水',
      buildingId,
      externalNo: 'IK-0001',
    });
    expect(v).toMatchObject({ source: 'hotline', submitterName: '12345 市民热线', unplaced: false });
    // The event's actor is the key: no account's name may be joined onto it.
    expect(v.events[0]).toMatchObject({ action: 'create', actorName: null });
  });

  it('is the stored case: staff with a point in no grid (unplaced)', async () => {
    const v = await createdEqualsRead(staff, {
      categoryId: w.leakId,
      description: '来访：河边护栏损坏漏水',
      source: 'visit',
      location: { lng: 1, lat: 1 },
      address: '滨河路',
    });
    expect(v).toMatchObject({ unplaced: true, address: '滨河路' });
  });

  it('numbers the case from its id, with its search terms written', async () => {
    const v = await createdEqualsRead(w.agents.resident, {
      categoryId: w.leakId,
      description: '阳台顶棚渗水',
      householdId: String(w.householdA),
    });
    expect(v.number).toMatch(new RegExp(`^\\d{8}-0*${v.id}$`));
    expect(await textIndexIds(t.db, CASE_SEARCH, Number(v.id), Number(v.id))).toEqual([Number(v.id)]);
    const found = await w.agents.resident.get(`/api/cases?view=mine&q=${encodeURIComponent('渗水')}`);
    expect(found.json().items.map((i: { id: string }) => i.id)).toContain(v.id);
  });
});

describe('the registrar area’s name (kept per node, compared with the areas table once a second)', () => {
  it('a renamed area shows its new name on the next cases', async () => {
    const body = { categoryId: w.leakId, description: '改名前后的漏水', householdId: String(w.householdA) };
    await createdEqualsRead(w.agents.resident, body);
    const id = w.areas.communityA.id;
    const area = (await staff.get(`/api/areas/${id}`)).json();
    const renamed = await staff.patch(`/api/areas/${id}`, { version: area.version, name: '高家沟新社区' });
    expect(renamed.statusCode).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const v = await createdEqualsRead(w.agents.resident, body);
    expect(v.areaName).toBe('高家沟新社区');
  });
});

describe('Idempotency-Key in the creating transaction', () => {
  const body = { categoryId: '', description: '同一次提交的重试', householdId: '' };
  const post = (key: string) =>
    w.agents.resident.post(
      '/api/cases',
      { ...body, categoryId: w.leakId, householdId: String(w.householdA) },
      { 'idempotency-key': key },
    );

  it('two simultaneous requests with one key make one case; the second replays the first answer', async () => {
    const [a, b] = await Promise.all([post('ik-same-1'), post('ik-same-1')]);
    expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
    expect(a.json().id).toBe(b.json().id);
    expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
  });

  /** The answer the key's row keeps. */
  const keptAnswer = async (key: string) =>
    (
      await t.db.kysely
        .selectFrom('idempotencyKeys')
        .select('response')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).response;

  it('the key keeps the case id, not its view; a replay answers the case as it stands then', async () => {
    const first = await post('ik-kept-1');
    expect(first.statusCode).toBe(201);
    const c = first.json();
    expect(JSON.parse(await keptAnswer('ik-kept-1'))).toEqual({ caseId: c.id });
    const registered = await actOn(w.agents.secA, c.id, 'register', { version: c.version });
    expect(registered.statusCode).toBe(200);
    const again = await post('ik-kept-1');
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toEqual((await w.agents.resident.get(`/api/cases/${c.id}`)).json());
    expect(again.json()).toMatchObject({ id: c.id, number: c.number, status: 'registered' });
  });

  it('a key that kept the whole view (stored before keys kept ids) replays it as kept', async () => {
    const first = await post('ik-whole-1');
    await t.db.kysely
      .updateTable('idempotencyKeys')
      .set({ response: first.body })
      .where('key', '=', 'ik-whole-1')
      .execute();
    const again = await post('ik-whole-1');
    expect([again.statusCode, again.headers['idempotent-replayed']]).toEqual([201, 'true']);
    expect(again.json()).toEqual(first.json());
  });

  it('a 12345 ticket filed twice: the key of the second keeps the first case’s id', async () => {
    const transfer = { categoryId: w.leakId, description: '12345转办：楼道漏水', externalNo: 'IK-KEPT-12345' };
    const a = await hotline.post('/api/cases', { ...transfer, buildingId }, { 'idempotency-key': 'ik-ticket-a' });
    const b = await hotline.post('/api/cases', { ...transfer, buildingId }, { 'idempotency-key': 'ik-ticket-b' });
    expect([a.statusCode, b.statusCode]).toEqual([201, 200]);
    expect(JSON.parse(await keptAnswer('ik-ticket-b'))).toEqual({ caseId: a.json().id });
    const retry = await hotline.post('/api/cases', { ...transfer, buildingId }, { 'idempotency-key': 'ik-ticket-b' });
    expect([retry.statusCode, retry.headers['idempotent-replayed'], retry.json().id]).toEqual([
      200,
      'true',
      a.json().id,
    ]);
  });

  it('a failed create leaves no claim behind: the key is free for the corrected retry', async () => {
    const bad = await w.agents.resident.post(
      '/api/cases',
      { categoryId: w.leakId, description: '附件不存在', householdId: String(w.householdA), attachmentIds: ['999999'] },
      { 'idempotency-key': 'ik-fail-1' },
    );
    expect(bad.statusCode).toBe(404);
    const row = await t.db.kysely
      .selectFrom('idempotencyKeys')
      .select('key')
      .where('key', '=', 'ik-fail-1')
      .executeTakeFirst();
    expect(row).toBeUndefined();
    const cases = await t.db.kysely.selectFrom('cases').select('id').where('description', '=', '附件不存在').execute();
    expect(cases).toHaveLength(0);
  });

  it('the same 12345 ticket sent twice at once is one case: 201 and 200', async () => {
    const send = (key: string) =>
      hotline.post(
        '/api/cases',
        { categoryId: w.leakId, description: '并发转办', buildingId, externalNo: 'IK-RACE-1' },
        { 'idempotency-key': key },
      );
    const [a, b] = await Promise.all([send('ik-race-a'), send('ik-race-b')]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 201]);
    expect(a.json().id).toBe(b.json().id);
  });
});
