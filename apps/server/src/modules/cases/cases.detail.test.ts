/** The detail and list fields (names, masked household and submitter, reopen window, rating comment) and the public look-up. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOn,
  type CaseWorld,
  dispatchedLeak,
  fileCase,
  makeCaseWorld,
  setHouseholdContact,
  submitLeak,
} from '../../../test/factories.cases.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

const DAY = 24 * 3600_000;
let t: TestApp;
let w: CaseWorld;
const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 0));

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY } });
  w = await makeCaseWorld(t, 'cd');
  await t.db.kysely
    .updateTable('accounts')
    .set({ displayName: '王小明' })
    .where('id', '=', w.ids.resident.id)
    .execute();
  await setHouseholdContact(t, w.householdA, '李建国', '13812345678');
});
afterAll(() => t.close());

/** dispatched → accepted → resolved → verified → closed, by the worker and the secretary. */
async function closedLeak() {
  const d = await dispatchedLeak(w);
  let v = (await actOn(w.agents.worker, d.id, 'accept', { version: d.version })).json();
  v = (await actOn(w.agents.worker, d.id, 'resolve', { version: v.version, note: '已修好' })).json();
  v = (await actOn(w.agents.secA, d.id, 'verify', { version: v.version })).json();
  return (await actOn(w.agents.secA, d.id, 'close', { version: v.version })).json();
}

describe('case detail fields', () => {
  it('names the category and area in the list and the detail', async () => {
    const c = await submitLeak(w);
    expect(c).toMatchObject({ categoryName: '漏水', areaName: '高家沟社区' });
    const list = (await w.agents.secA.get('/api/cases?pageSize=200')).json();
    const item = list.items.find((i: { id: string }) => i.id === c.id);
    expect(item).toMatchObject({ categoryName: '漏水', areaName: '高家沟社区' });
  });

  it('shows the household with its head and phone masked, and masks the submitter for staff only', async () => {
    const c = await submitLeak(w);
    const staff = (await w.agents.secA.get(`/api/cases/${c.id}`)).json();
    expect(staff.household).toEqual({
      id: String(w.householdA),
      address: '高家沟1号楼101',
      headName: '李**',
      phone: '138****5678',
    });
    expect(staff.submitterName).toBe('王**');
    expect(staff.events[0]).toMatchObject({ action: 'create', actorName: '王**' });
    const body = JSON.stringify(staff);
    expect(body).not.toContain('13812345678');
    expect(body).not.toContain('王小明');
    expect(body).not.toContain('李建国');
    const own = (await w.agents.resident.get(`/api/cases/${c.id}`)).json();
    expect(own.submitterName).toBe('王小明');
    expect(own.events[0].actorName).toBe('王小明');
    expect(own.reopenUntil).toBeNull();
  });

  it('a visit recorded by staff: their name stays readable, and rating or reopening is not theirs', async () => {
    await t.db.kysely.updateTable('accounts').set({ displayName: '赵书记' }).where('id', '=', w.ids.secA.id).execute();
    const c = await fileCase(w.agents.secA, {
      categoryId: w.leakId,
      description: '来访反映楼道灯不亮',
      source: 'visit',
      householdId: String(w.householdA),
    });
    let v = (await actOn(w.agents.secA, c.id, 'register', { version: c.version })).json();
    v = (
      await actOn(w.agents.secA, c.id, 'dispatch', {
        version: v.version,
        target: { kind: 'account', id: String(w.ids.worker.id) },
      })
    ).json();
    v = (await actOn(w.agents.worker, c.id, 'accept', { version: v.version })).json();
    v = (await actOn(w.agents.worker, c.id, 'resolve', { version: v.version, note: '已换灯' })).json();
    v = (await actOn(w.agents.secA, c.id, 'verify', { version: v.version })).json();
    v = (await actOn(w.agents.secA, c.id, 'close', { version: v.version })).json();
    expect(v.allowedActions).toEqual([]);
    expect((await actOn(w.agents.secA, c.id, 'reopen', { version: v.version, reason: '再看看' })).statusCode).toBe(403);
    const seen = (await w.agents.worker.get(`/api/cases/${c.id}`)).json();
    expect(seen.submitterName).toBe('赵书记');
    expect(seen.events[0]).toMatchObject({ action: 'create', actorName: '赵书记' });
  });

  it('gives reopenUntil while the 7-day window is open and stores the rating comment', async () => {
    const closed = await closedLeak();
    const closedAt = clock.now();
    const view = (await w.agents.resident.get(`/api/cases/${closed.id}`)).json();
    expect(view.reopenUntil).toBe(new Date(closedAt + 7 * DAY).toISOString());
    const long = await actOn(w.agents.resident, closed.id, 'rate', {
      version: closed.version,
      rating: 'basic',
      note: '好'.repeat(501),
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.details[0].path).toBe('body.note');
    const rated = await actOn(w.agents.resident, closed.id, 'rate', {
      version: closed.version,
      rating: 'basic',
      note: '修得及时，态度很好',
    });
    expect(rated.statusCode).toBe(200);
    expect(rated.json()).toMatchObject({ rating: 'basic', ratingComment: '修得及时，态度很好' });
    const row = await t.db.kysely
      .selectFrom('cases')
      .select('ratingComment')
      .where('id', '=', Number(closed.id))
      .executeTakeFirstOrThrow();
    expect(row.ratingComment).toBe('修得及时，态度很好');
    clock.advance(8 * DAY);
    expect((await w.agents.resident.get(`/api/cases/${closed.id}`)).json().reopenUntil).toBeNull();
  });
});

describe('GET /api/public/cases/:number', () => {
  it('shows progress only: no description, address, names, notes, phones or photos', async () => {
    const closed = await closedLeak();
    const res = await t.anon().get(`/api/public/cases/${closed.number}`);
    expect(res.statusCode).toBe(200);
    const pub = res.json();
    expect(Object.keys(pub).sort()).toEqual([
      'categoryName',
      'closedAt',
      'createdAt',
      'number',
      'rating',
      'status',
      'steps',
    ]);
    expect(pub).toMatchObject({ number: closed.number, status: 'closed', categoryName: '漏水', rating: null });
    expect(pub.steps.map((s: { action: string }) => s.action)).toEqual([
      'create',
      'register',
      'dispatch',
      'accept',
      'resolve',
      'verify',
      'close',
    ]);
    for (const s of pub.steps) expect(Object.keys(s).sort()).toEqual(['action', 'at', 'to']);
    for (const secret of [
      '楼上漏水',
      '高家沟1号楼',
      '王小明',
      '王**',
      '李建国',
      '李**',
      '13812345678',
      '138****',
      '已修好',
      'cd_worker',
      'household',
    ])
      expect(res.body).not.toContain(secret);
  });

  it('404 CASE_NOT_FOUND for an unknown number, and a per-IP limit', async () => {
    const res = await t.anon().get('/api/public/cases/20990101-999999');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CASE_NOT_FOUND');
    let last = 0;
    for (let i = 0; i < 61; i++) {
      const r = await t.app.inject({
        method: 'GET',
        url: '/api/public/cases/20990101-999999',
        remoteAddress: '10.9.8.7',
      });
      last = r.statusCode;
    }
    expect(last).toBe(429);
  });
});

describe('OpenAPI', () => {
  it('lists the new case routes with Chinese summaries', async () => {
    const doc = (await t.anon().get('/api/openapi.json')).json();
    for (const path of [
      '/api/cases/export.csv',
      '/api/cases/{id}/dispatch-targets',
      '/api/cases/{id}/duplicates',
      '/api/public/cases/{number}',
    ]) {
      expect(doc.paths[path]?.get?.summary, path).toMatch(/[\u4e00-\u9fff]/);
    }
    expect(doc.paths['/api/public/cases/{number}'].get.tags).toEqual(['public']);
  });
});
