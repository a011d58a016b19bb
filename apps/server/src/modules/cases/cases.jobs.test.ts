import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actOn, type CaseWorld, dispatchedLeak, makeCaseWorld, submitLeak } from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { HANDBACK_NOTE } from './cases.handback.js';
import { DEADLINES_JOB, RETURN_REASON } from './cases.jobs.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
let t: TestApp;
let w: CaseWorld;
let admin: Agent;
// Monday 2026-01-05 09:00 Shanghai: inside working hours.
const clock = new ManualClock(Date.UTC(2026, 0, 5, 1, 0));

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY } });
  w = await makeCaseWorld(t, 'cj');
  await makeAccount(t.db, 'cj_admin', [{ role: 'admin' }]);
  admin = await t.login('cj_admin');
});
afterAll(() => t.close());

const row = (id: string) =>
  t.db.kysely.selectFrom('cases').selectAll().where('id', '=', Number(id)).executeTakeFirstOrThrow();
const events = (id: string) =>
  t.db.kysely.selectFrom('caseEvents').selectAll().where('caseId', '=', Number(id)).orderBy('id').execute();
const outbox = (id: string, topic: string) =>
  t.db.kysely
    .selectFrom('outbox')
    .selectAll()
    .where('topic', '=', topic)
    .where('link', '=', `/console/cases/${id}`)
    .orderBy('id')
    .execute();
/** Runs the due jobs at `at` (moving the clock there first) and expects the deadline job to have run. */
async function runAt(at: number) {
  clock.set(at);
  const out = await t.app.services.jobs.runDue(at);
  expect(out[DEADLINES_JOB]).toBe('ran');
}

describe('cases.deadlines job', () => {
  it('returns an unanswered dispatch by itself after accept_by, by the system, and tells the registrar', async () => {
    const acceptBy = clock.now() + 2 * HOUR;
    const c = await dispatchedLeak(w, { acceptBy: new Date(acceptBy).toISOString() });
    await runAt(acceptBy - 60_000);
    expect((await row(c.id)).status).toBe('dispatched');
    await runAt(acceptBy + 60_000);
    const r = await row(c.id);
    expect(r).toMatchObject({ status: 'registered', handlerAccountId: null, version: c.version + 1 });
    const last = (await events(c.id)).at(-1)!;
    expect(last).toMatchObject({ action: 'return', actorKind: 'system', actorId: null, fromStatus: 'dispatched' });
    expect(JSON.parse(last.data).reason).toBe(RETURN_REASON);
    const notes = await outbox(c.id, 'case.returned');
    expect(notes.map((n) => n.accountId)).toEqual([w.ids.secA.id]);
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'actorKind'])
      .where('entityType', '=', 'case')
      .where('entityId', '=', c.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'case.return', actorKind: 'system' });
  });

  it('a re-dispatch after an automatic return gets a fresh accept window (no immediate second return)', async () => {
    const acceptBy = clock.now() + 2 * HOUR;
    const c = await dispatchedLeak(w, { acceptBy: new Date(acceptBy).toISOString() });
    await runAt(acceptBy + 60_000);
    const returned = await row(c.id);
    expect(returned.status).toBe('registered');
    clock.set(acceptBy + 120_000);
    const again = await actOn(w.agents.secA, c.id, 'dispatch', {
      version: returned.version,
      target: { kind: 'account', id: String(w.ids.worker.id) },
    });
    expect(again.statusCode).toBe(200);
    const r = await row(c.id);
    expect(r.acceptBy).toBeGreaterThan(clock.now());
    await runAt(clock.now() + 60_000);
    expect((await row(c.id)).status).toBe('dispatched');
  });

  it('warns the handler once at 80 % of the time to resolve_by', async () => {
    const c = await dispatchedLeak(w, { acceptBy: new Date(clock.now() + 30 * DAY).toISOString() });
    const r0 = await row(c.id);
    const at80 = r0.createdAt + Math.ceil(0.8 * (r0.resolveBy - r0.createdAt));
    await runAt(at80 - 2 * 60_000);
    expect(await outbox(c.id, 'case.deadline_warning')).toHaveLength(0);
    await runAt(at80 + 60_000);
    const notes = await outbox(c.id, 'case.deadline_warning');
    expect(notes.map((n) => n.accountId)).toEqual([w.ids.worker.id]);
    expect((await row(c.id)).warnedAt).toBe(at80 + 60_000);
    await runAt(at80 + 3 * 60_000);
    expect(await outbox(c.id, 'case.deadline_warning')).toHaveLength(1);
    expect((await row(c.id)).version).toBe(c.version); // bookkeeping only: a user's next action does not conflict
  });

  it('escalates an overdue case to the street with fresh deadlines, an event by the system and a notification', async () => {
    let c = await dispatchedLeak(w, { acceptBy: new Date(clock.now() + 30 * DAY).toISOString() });
    c = (await actOn(w.agents.worker, c.id, 'accept', { version: c.version })).json();
    expect(c.status).toBe('accepted');
    const before = await row(c.id);
    const at = before.resolveBy + 60_000;
    await runAt(at);
    const after = await row(c.id);
    expect(after).toMatchObject({
      status: 'registered',
      tier: 'street',
      areaId: w.areas.streetA.id,
      handlerAccountId: null,
      overdueAt: at,
      warnedAt: null,
    });
    expect(after.resolveBy).toBeGreaterThan(at);
    const last = (await events(c.id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'escalate',
      actorKind: 'system',
      fromStatus: 'accepted',
      toStatus: 'registered',
    });
    expect((await outbox(c.id, 'case.escalated')).map((n) => n.accountId)).toEqual([w.ids.leaderA.id]);
    // Not processed twice for the same deadline.
    await runAt(at + 2 * 60_000);
    expect((await row(c.id)).version).toBe(after.version);
    expect((await w.agents.leaderA.get(`/api/cases/${c.id}`)).json().allowedActions).toContain('dispatch');
  });

  it('skips (does not fail on) a case a user changed at the same moment', async () => {
    const acceptBy = clock.now() + HOUR;
    const c = await dispatchedLeak(w, { acceptBy: new Date(acceptBy).toISOString() });
    clock.set(acceptBy + 60_000);
    const report = await t.app.services.caseDeadlines.run(clock.now(), {
      beforeRow: async (id) => {
        // The handler accepts between the job's selection and its transaction.
        if (id === Number(c.id))
          expect((await actOn(w.agents.worker, c.id, 'accept', { version: c.version })).statusCode).toBe(200);
      },
    });
    expect(report.skipped).toContain(Number(c.id));
    expect(report.returned).not.toContain(Number(c.id));
    const r = await row(c.id);
    expect(r).toMatchObject({ status: 'accepted', handlerAccountId: w.ids.worker.id });
    expect((await events(c.id)).map((e) => e.action)).not.toContain('return');
  });

  it('only marks an overdue case at the city tier (nothing above) and notifies', async () => {
    const center = await makeAccount(t.db, 'cj_center', [{ role: 'center', areaId: w.areas.city.id }]);
    const c = await submitLeak(w);
    let v = (await actOn(w.agents.secA, c.id, 'register', { version: 0 })).json();
    v = (await actOn(w.agents.secA, c.id, 'escalate', { version: v.version })).json();
    v = (await actOn(w.agents.leaderA, c.id, 'escalate', { version: v.version })).json();
    expect(v.tier).toBe('city');
    const r0 = await row(c.id);
    const at = r0.resolveBy + 60_000;
    await runAt(at);
    const r = await row(c.id);
    expect(r).toMatchObject({ status: 'registered', tier: 'city', overdueAt: at, version: r0.version });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select('action')
      .where('entityId', '=', c.id)
      .where('action', '=', 'case.overdue')
      .execute();
    expect(audit).toHaveLength(1);
    expect((await outbox(c.id, 'case.overdue')).map((n) => n.accountId)).toEqual([center.id]);
  });
});

describe('account.disabled hand-back', () => {
  it('disabling the handler puts its accepted case back to registered with an event, in the same transaction', async () => {
    const handler = await makeAccount(t.db, 'cj_handler', [{ role: 'grid_worker', areaId: w.areas.gridA.id }]);
    const hAgent = await t.login('cj_handler');
    const c = await submitLeak(w);
    let v = (await actOn(w.agents.secA, c.id, 'register', { version: 0 })).json();
    v = (
      await actOn(w.agents.secA, c.id, 'dispatch', {
        version: v.version,
        target: { kind: 'account', id: String(handler.id) },
        acceptBy: new Date(clock.now() + 30 * DAY).toISOString(),
      })
    ).json();
    v = (await actOn(hAgent, c.id, 'accept', { version: v.version })).json();
    expect(v.status).toBe('accepted');
    const res = await admin.post(`/api/accounts/${handler.id}/disable`);
    expect(res.statusCode).toBe(200);
    const r = await row(c.id);
    expect(r).toMatchObject({ status: 'registered', handlerAccountId: null, version: v.version + 1 });
    const last = (await events(c.id)).at(-1)!;
    expect(last).toMatchObject({
      action: 'return',
      fromStatus: 'accepted',
      toStatus: 'registered',
      note: HANDBACK_NOTE,
    });
    const audit = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'actorId'])
      .where('entityId', '=', c.id)
      .where('action', '=', 'case.hand_back')
      .execute();
    expect(audit).toHaveLength(1);
    // The registrar can dispatch again.
    expect((await w.agents.secA.get(`/api/cases/${c.id}`)).json().allowedActions).toContain('dispatch');
  });
});
