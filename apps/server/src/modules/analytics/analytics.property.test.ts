/**
 * Roll-up equivalence (issue 5): random case histories driven through the real case actions, the deadline job
 * and the roll-up job at random moments; once the roll-up job has drained, case_facts, case_rollup_daily and
 * case_rollup_hours equal a recomputation from the raw events with the shared pure functions.
 */
import { caseRatings } from '@grassroots/shared/cases/cases.lifecycle';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRollupsEqualRecomputation } from '../../../test/factories.analytics.js';
import { actOn, type CaseWorld, fileCase, makeCaseWorld, makeDepartment } from '../../../test/factories.cases.js';
import { makeAccount } from '../../../test/factories.js';
import { makeHousehold } from '../../../test/factories.places.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const clock = new ManualClock(Date.UTC(2026, 2, 2, 1, 0)); // Monday 2026-03-02 09:00 Shanghai
let t: TestApp;
let w: CaseWorld;
let actors: Agent[];
let deptOrg: number;
let householdB: number;
let secB: Agent;

beforeAll(async () => {
  t = await createTestApp({ clock, config: { sessionTtlMs: 3650 * DAY } });
  w = await makeCaseWorld(t, 'ap');
  const dept = await makeDepartment(t, 'ap_dept', '城建局（性质）');
  deptOrg = dept.org.id;
  await makeAccount(t.db, 'ap_secB', [{ role: 'community_secretary', areaId: w.areas.communityB.id }]);
  secB = await t.login('ap_secB');
  householdB = (await makeHousehold(t.db, w.areas.gridB, { address: '站前5号楼' })).id;
  const { secA, worker, leaderA, resident } = w.agents;
  actors = [secA, worker, leaderA, resident, dept.agent, secB];
});
afterAll(() => t.close());

/** Actions the driver takes when a caller is offered them (assign and merge need chosen areas/cases). */
const DRIVEN = new Set([
  'register',
  'reject',
  'dispatch',
  'accept',
  'return',
  'resolve',
  'verify',
  'rework',
  'close',
  'rate',
  'reopen',
  'escalate',
  'requestSuspend',
  'approveSuspend',
  'denySuspend',
  'resume',
]);

const BOUNCE = new Set(['reject', 'escalate', 'return', 'rework', 'denySuspend']);
const arbStep = fc.record({
  actor: fc.integer({ min: 0, max: 999 }),
  pick: fc.integer({ min: 0, max: 999 }),
  // Mostly within working hours; now and then days, so deadlines pass (overdue, escalation, the time sweep).
  minutes: fc.oneof(
    { arbitrary: fc.integer({ min: 0, max: 120 }), weight: 5 },
    { arbitrary: fc.integer({ min: 0, max: 96 * 60 }), weight: 1 },
  ),
  rollup: fc.boolean(),
  deadlines: fc.boolean(),
});
const arbCase = fc.record({
  inB: fc.boolean(),
  visit: fc.boolean(),
  steps: fc.array(arbStep, { minLength: 2, maxLength: 14 }),
});

async function fileOne(c: { inB: boolean; visit: boolean }) {
  if (c.inB) return fileCase(secB, { categoryId: w.leakId, description: '站前漏水', householdId: String(householdB) });
  if (c.visit)
    return fileCase(w.agents.secA, {
      categoryId: w.leakId,
      description: '来访反映漏水',
      source: 'visit',
      householdId: String(w.householdA),
    });
  return fileCase(w.agents.resident, {
    categoryId: w.leakId,
    description: '楼上漏水',
    householdId: String(w.householdA),
  });
}

/** One step: of every (caller, action) any caller is offered now, the `pick`-th; then maybe the jobs. */
async function takeStep(id: string, s: StepT) {
  clock.advance(s.minutes * 60_000);
  const options: { who: Agent; action: string; version: number }[] = [];
  for (const who of actors) {
    const got = await who.get(`/api/cases/${id}`);
    if (got.statusCode !== 200) continue;
    const view = got.json();
    for (const a of view.allowedActions as string[])
      if (DRIVEN.has(a)) options.push({ who, action: a, version: view.version });
  }
  // Ending or bouncing a case is one choice in six, so most histories get far along the loop.
  const onward = options.filter((o) => !BOUNCE.has(o.action));
  if (s.pick % 6 !== 0 && onward.length) options.splice(0, options.length, ...onward);
  if (options.length) {
    const { who, action, version } = options[s.pick % options.length]!;
    const target =
      s.actor % 2 ? { kind: 'organisation', id: String(deptOrg) } : { kind: 'account', id: String(w.ids.worker.id) };
    const res = await actOn(who, id, action, {
      version,
      reason: '测试原因',
      note: '测试说明',
      rating: caseRatings[s.actor % caseRatings.length],
      ...(action === 'dispatch' ? { target } : {}),
    });
    tally[`${action}:${res.statusCode}`] = (tally[`${action}:${res.statusCode}`] ?? 0) + 1;
  }
  if (s.deadlines) await t.app.services.caseDeadlines.run(clock.now());
  if (s.rollup) await t.app.services.analytics.rollup.run(clock.now());
}
/** action:status → how often the driver took it. */
const tally: Record<string, number> = {};
type StepT = { actor: number; pick: number; minutes: number; rollup: boolean; deadlines: boolean };

describe('roll-up equivalence', () => {
  it('equals a recomputation from the raw events after random histories', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(arbCase, { minLength: 1, maxLength: 5 }), async (scripts) => {
        const ids: string[] = [];
        for (const s of scripts) ids.push((await fileOne(s)).id);
        // Interleave the cases' steps, so a run of the job sees some cases half-way.
        const longest = Math.max(...scripts.map((s) => s.steps.length));
        for (let i = 0; i < longest; i++)
          for (const [j, s] of scripts.entries()) if (s.steps[i]) await takeStep(ids[j]!, s.steps[i]!);
        clock.advance(HOUR);
        const r = await t.app.services.analytics.rollup.drain(clock.now());
        expect(r.drained).toBe(true);
        await expectRollupsEqualRecomputation(t.db, clock.now());
        runs++;
      }),
      { numRuns: 12, seed: Number(process.env.FC_SEED ?? 20261123), endOnFailure: true },
    );
    expect(runs).toBeGreaterThan(0);
    // The histories got far along the loop (not only intake and rejections).
    for (const a of ['dispatch', 'accept', 'resolve', 'close']) expect(tally[`${a}:200`] ?? 0).toBeGreaterThan(0);
    // Much later, with no event at all: every deadline has passed; the time sweep alone keeps them equal.
    clock.advance(60 * DAY);
    await t.app.services.analytics.rollup.drain(clock.now());
    const end = await expectRollupsEqualRecomputation(t.db, clock.now());
    expect(end.rows).toBeGreaterThan(0);
  }, 300_000);
});
