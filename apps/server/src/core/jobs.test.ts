/** The job runner over a real database: two runners (two "nodes") share one database and its job_leases. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from './clock.js';
import type { AppContext } from './context.js';
import { type Job, JobRunner } from './jobs.js';

let t: TestApp;
const clock = new ManualClock(Date.UTC(2026, 2, 2, 2, 0));
let ctx: AppContext;
const errors: unknown[] = [];
const log = { error: (obj: unknown) => void errors.push(obj) };

beforeAll(async () => {
  t = await createTestApp({ clock });
  ctx = t.app.ctx;
});
afterAll(() => t?.close());

/** A job that counts its runs per runner. */
function counting(name: string, intervalMs: number, fail = false) {
  const runs: string[] = [];
  const make = (holder: string): Job => ({
    name,
    intervalMs,
    leaseMs: 60_000,
    async run() {
      runs.push(holder);
      if (fail) throw new Error(`boom ${holder}`);
    },
  });
  return { runs, make };
}

function twoNodes(...jobs: ((holder: string) => Job)[]) {
  const a = new JobRunner(ctx, { holder: 'node-a', log });
  const b = new JobRunner(ctx, { holder: 'node-b', log });
  for (const make of jobs) {
    a.registerJob(make('a'));
    b.registerJob(make('b'));
  }
  return { a, b };
}

const lease = (name: string) =>
  ctx.db.kysely.selectFrom('jobLeases').selectAll().where('name', '=', name).executeTakeFirst();

describe('JobRunner', () => {
  it('runs a due job on one node only', async () => {
    const job = counting('t.only-one', 60_000);
    const { a, b } = twoNodes(job.make);
    const now = clock.now();
    expect(await a.runDue(now)).toEqual({ 't.only-one': 'ran' });
    expect(await b.runDue(now)).toEqual({ 't.only-one': 'held_elsewhere' });
    expect(job.runs).toEqual(['a']);
    expect(await lease('t.only-one')).toMatchObject({ holder: 'node-a', expiresAt: now + 60_000 });
  });

  it('both racing at once: exactly one runs', async () => {
    const job = counting('t.race', 60_000);
    const { a, b } = twoNodes(job.make);
    const now = clock.now();
    const results = await Promise.all([a.runDue(now), b.runDue(now)]);
    expect(results.map((r) => r['t.race']).sort()).toEqual(['held_elsewhere', 'ran']);
    expect(job.runs).toHaveLength(1);
  });

  it('respects the interval, on the holder and on its peer', async () => {
    const job = counting('t.interval', 60_000);
    const { a, b } = twoNodes(job.make);
    const start = clock.now();
    await a.runDue(start);
    expect(await a.runDue(start + 59_999)).toEqual({ 't.interval': 'not_due' });
    expect(await b.runDue(start + 59_999)).toEqual({ 't.interval': 'held_elsewhere' });
    expect(await a.runDue(start + 60_000)).toEqual({ 't.interval': 'ran' });
    expect(job.runs).toEqual(['a', 'a']);
  });

  it('when the holder stops renewing, its lease expires and the other node takes over', async () => {
    const job = counting('t.takeover', 60_000);
    const { a, b } = twoNodes(job.make);
    const start = clock.now();
    await a.runDue(start);
    // node a dies: it never runs again
    expect(await b.runDue(start + 30_000)).toEqual({ 't.takeover': 'held_elsewhere' });
    expect(await b.runDue(start + 60_001)).toEqual({ 't.takeover': 'ran' });
    expect(job.runs).toEqual(['a', 'b']);
    expect((await lease('t.takeover'))?.holder).toBe('node-b');
    // …and now a (back again) is the one kept out
    expect(await a.runDue(start + 60_002)).toEqual({ 't.takeover': 'held_elsewhere' });
  });

  it('a lease taken for a run that never finished (crashed node) blocks others until it expires', async () => {
    await ctx.db.kysely
      .insertInto('jobLeases')
      .values({ name: 't.crashed', holder: 'node-dead', expiresAt: clock.now() + 10_000 })
      .execute();
    const job = counting('t.crashed', 1_000);
    const { a } = twoNodes(job.make);
    expect(await a.runDue(clock.now())).toEqual({ 't.crashed': 'held_elsewhere' });
    expect(await a.runDue(clock.now() + 10_000)).toEqual({ 't.crashed': 'ran' });
  });

  it('a failing job is logged, releases its lease and does not stop the next job', async () => {
    const bad = counting('t.bad', 60_000, true);
    const good = counting('t.good', 60_000);
    const { a, b } = twoNodes(bad.make, good.make);
    const now = clock.now();
    errors.length = 0;
    expect(await a.runDue(now)).toEqual({ 't.bad': 'failed', 't.good': 'ran' });
    expect(errors).toHaveLength(1);
    expect(String((errors[0] as { err: Error }).err.message)).toBe('boom a');
    expect((await lease('t.bad'))?.expiresAt).toBe(0);
    // released: the peer may retry it at once, while the good job stays with a
    expect(await b.runDue(now + 1)).toEqual({ 't.bad': 'failed', 't.good': 'held_elsewhere' });
    expect(bad.runs).toEqual(['a', 'b']);
  });

  it('refuses a job registered twice', () => {
    const r = new JobRunner(ctx, { log });
    const job = counting('t.twice', 1000);
    r.registerJob(job.make('x'));
    expect(() => r.registerJob(job.make('x'))).toThrow(/twice/);
  });

  it('the app has one runner with the outbox job registered and a random holder id', () => {
    expect(t.app.services.jobs.names).toContain('outbox.deliver');
    expect(t.app.services.jobs.holder).toMatch(/^\d+-[0-9a-f]{12}$/);
    expect(new JobRunner(ctx).holder).not.toBe(t.app.services.jobs.holder);
  });

  it('start/stop: one timer, stopped cleanly', async () => {
    const r = new JobRunner(ctx, { holder: 'node-timer', log });
    const job = counting('t.timer', 60_000);
    r.registerJob(job.make('timer'));
    r.start({ tickMs: 3_600_000 }); // the first tick runs at once; the next would be an hour away
    r.start({ tickMs: 3_600_000 }); // a second start is a no-op
    await r.stop();
    expect(job.runs).toEqual(['timer']);
  });
});
