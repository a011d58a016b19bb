/**
 * The bulk loader writes case facts and roll-ups as it loads (`npm run demo -- --cases M`): afterwards they
 * equal a recomputation from the raw events, the roll-up job has nothing left to do, and the job's time sweep
 * and a second load keep them equal — on both dialects.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectRollupsEqualRecomputation } from '../../../test/factories.analytics.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { rollupRepository } from '../../modules/analytics/analytics.repository.js';
import { ensureDefaultCategories } from '../reference/categories.js';
import { maxEventId } from './cases-facts.js';
import { loadCases } from './cases-load.js';
import { loadScaleData } from './seed.js';

const DAY = 86_400_000;
const clock = new ManualClock(Date.UTC(2026, 10, 23, 2, 0));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
  await loadScaleData(t.app.ctx, { households: 600, seed: 4, ledger: false });
  await ensureDefaultCategories(t.app.ctx);
});
afterAll(() => t.close());

const drain = () => t.app.services.analytics.rollup.drain(clock.now());

describe('bulk-loaded analytics', () => {
  it('loads cases with facts and roll-ups equal to a recomputation; the job finds nothing to do', async () => {
    // Few roll-up rows held: the load writes the rows of finished days with each batch, the rest at its end.
    // In one transaction with the indexes rebuilt (as a large load): the rows of new days go in as plain inserts.
    const { counts } = await loadCases(t.app.ctx, { cases: 2500, seed: 11, holdRows: 300, rebuildIndexes: true });
    expect(counts.cases).toBe(2500);
    expect(counts.rollupWrites).toBeGreaterThanOrEqual(3); // batches of 250, 1000, 1000 and 250 cases
    const state = await rollupRepository.state(t.db.kysely);
    expect(state.eventCursor).toBe(await maxEventId(t.db.kysely));
    const eq = await expectRollupsEqualRecomputation(t.db, clock.now());
    expect(eq.cases).toBe(2500);
    expect(eq.rows).toBeGreaterThan(100);
    expect(await drain()).toMatchObject({ events: 0, cases: 0, swept: 0, drained: true });
  }, 120_000);

  it('stays equal when deadlines pass (time sweep) and when more cases are loaded later', async () => {
    clock.advance(40 * DAY);
    const swept = await drain();
    expect(swept.events).toBe(0);
    // Open cases whose deadline was still ahead at load time are looked at again.
    expect(swept.swept).toBeGreaterThan(0);
    await expectRollupsEqualRecomputation(t.db, clock.now());
    await loadCases(t.app.ctx, { cases: 400, seed: 12 });
    expect(await drain()).toMatchObject({ events: 0, cases: 0, swept: 0 });
    expect((await expectRollupsEqualRecomputation(t.db, clock.now())).cases).toBe(2900);
    // Into stored roll-ups in one transaction: rows of days already there are added to, the later ones inserted.
    await loadCases(t.app.ctx, { cases: 600, seed: 13, holdRows: 100, rebuildIndexes: true });
    expect(await drain()).toMatchObject({ events: 0, cases: 0, swept: 0 });
    expect((await expectRollupsEqualRecomputation(t.db, clock.now())).cases).toBe(3500);
  }, 120_000);
});
