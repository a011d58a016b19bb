/**
 * The wall's today figures over bulk-loaded cases (`npm run demo -- --cases M`): the loader writes cases with
 * their events, facts and roll-ups but no audit rows, and today's intake and closures still count every case
 * submitted and closed today — for the whole tree and for one street's wall.
 */
import { shanghaiDate } from '@grassroots/shared/common/shanghai-time';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { loadCases } from '../../db/demo/cases-load.js';
import { loadScaleData } from '../../db/demo/seed.js';
import { ensureDefaultCategories } from '../../db/reference/categories.js';
import { shanghaiDayStart } from './live.service.js';

// Monday 23 November 2026, 15:00 in Shanghai.
const clock = new ManualClock(Date.UTC(2026, 10, 23, 7, 0));
let t: TestApp;

beforeAll(async () => {
  t = await createTestApp({ clock });
  await loadScaleData(t.app.ctx, { households: 300, seed: 5, ledger: false });
  await ensureDefaultCategories(t.app.ctx);
  await loadCases(t.app.ctx, { cases: 3000, seed: 21 });
  await makeAccount(t.db, 'lt_admin', [{ role: 'admin' }]);
}, 120_000);
afterAll(() => t.close());

/** Today's submissions and closures (closed still) under `path`, read straight from the cases. */
async function expected(path: string) {
  const since = shanghaiDayStart(clock.now());
  const under = (c: { areaPath: string; placePath: string | null }) =>
    c.areaPath.startsWith(path) || (c.placePath ?? '').startsWith(path);
  const rows = (
    await t.db.kysely
      .selectFrom('cases')
      .select(['createdAt', 'closedAt', 'status', 'areaPath', 'placePath'])
      .where((eb) => eb.or([eb('createdAt', '>=', since), eb('closedAt', '>=', since)]))
      .execute()
  ).filter(under);
  return {
    intake: rows.filter((c) => c.createdAt >= since).length,
    closed: rows.filter((c) => c.status === 'closed' && c.closedAt != null && c.closedAt >= since).length,
  };
}

describe('today on the wall over bulk-loaded cases', () => {
  it('counts the loaded cases submitted and closed today, though the loader writes no audit rows', async () => {
    const closeAudits = await t.db.kysely
      .selectFrom('auditLog')
      .select('id')
      .where('action', '=', 'case.close')
      .execute();
    expect(closeAudits).toHaveLength(0);
    const admin = await t.login('lt_admin');
    const res = await admin.get('/api/live/today');
    expect(res.statusCode, res.body).toBe(200);
    const today = res.json();
    expect(today.date).toBe(shanghaiDate(clock.now()));
    const want = await expected('/');
    expect(want.intake).toBeGreaterThan(0);
    expect(want.closed).toBeGreaterThan(0);
    expect({ intake: today.intake, closed: today.closed }).toEqual(want);
  });

  it('keeps a street’s wall to the street', async () => {
    const street = await t.db.kysely
      .selectFrom('areas')
      .select(['id', 'path'])
      .where('kind', '=', 'street')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    await makeAccount(t.db, 'lt_leader', [{ role: 'leader', areaId: street.id }]);
    const today = (await (await t.login('lt_leader')).get('/api/live/today')).json();
    const want = await expected(street.path);
    expect(want.closed).toBeGreaterThan(0);
    expect({ intake: today.intake, closed: today.closed }).toEqual(want);
  });
});
