/**
 * The roll-up equivalence check (issue 5), shared by the property test and the bulk loader's test: every
 * facts row and roll-up row against a recomputation from the raw cases and events at `now`, with the shared
 * pure functions (condenseCase, factsOf, contributions) — independent of the writers' code paths.
 */
import {
  addSums,
  condenseCase,
  contributions,
  factsOf,
  MEASURES,
  type Sums,
  zeroSums,
} from '@grassroots/shared/analytics/analytics.facts';
import { expect } from 'vitest';
import type { Db } from '../src/db/dialect.js';
import {
  DIMENSIONS,
  HOUR_COLUMNS,
  LEVELS,
  type Level,
  levelPaths,
} from '../src/modules/analytics/analytics.repository.js';

const keyOf = (level: Level, r: Record<string, unknown>, extra: string[] = []) =>
  [...level.dims, ...extra].map((c) => String(r[c])).join('|');
const num = (r: Record<string, unknown>, cols: readonly string[]) =>
  Object.fromEntries(cols.map((c) => [c, Number(r[c])]));

/** Asserts the analytics tables equal a recomputation; returns the number of cases and daily roll-up rows. */
export async function expectRollupsEqualRecomputation(db: Db, now: number) {
  const k = db.kysely;
  const cases = await k.selectFrom('cases').selectAll().execute();
  const events = await k
    .selectFrom('caseEvents')
    .select(['caseId', 'action', 'toStatus', 'at', 'data'])
    .orderBy('caseId')
    .orderBy('at')
    .orderBy('id')
    .execute();
  const eventsOf = new Map<number, typeof events>();
  for (const e of events) eventsOf.set(e.caseId, [...(eventsOf.get(e.caseId) ?? []), e]);
  // Per level (LEVELS order): expected daily sums and histogram counts by the level's key.
  const daily = LEVELS.map(() => new Map<string, Sums>());
  const hours = LEVELS.map(() => new Map<string, number>());
  const facts = new Map<number, Record<string, unknown>>();
  for (const c of cases) {
    const evs = (eventsOf.get(c.id) ?? []).map((e) => ({ ...e, data: JSON.parse(e.data) }));
    const h = condenseCase(c, evs);
    const f = factsOf(h, now);
    const dims = {
      areaPath: c.placePath ?? c.areaPath,
      categoryId: c.categoryId,
      source: c.source,
      handlerKey: h.handlerKey ?? '',
    };
    facts.set(c.id, { ...dims, ...f });
    for (const [i, level] of LEVELS.entries())
      for (const areaPath of levelPaths(level, dims.areaPath)) {
        for (const part of contributions(f)) {
          const key = keyOf(level, { ...dims, areaPath, day: part.day });
          daily[i]!.set(key, addSums(daily[i]!.get(key) ?? zeroSums(), part.sums));
        }
        if (f.hoursBucket !== null) {
          const key = keyOf(level, { ...dims, areaPath, day: f.day, bucket: f.hoursBucket }, ['bucket']);
          hours[i]!.set(key, (hours[i]!.get(key) ?? 0) + 1);
        }
      }
  }
  const factRows = await k.selectFrom('caseFacts').selectAll().execute();
  expect(factRows.length).toBe(cases.length);
  const cols = ['day', 'dueDay', 'resolveBy', 'hoursBucket', ...MEASURES, ...DIMENSIONS] as const;
  const pick = (o: Record<string, unknown>) =>
    Object.fromEntries(cols.map((c) => [c, o[c] === null || typeof o[c] === 'string' ? o[c] : Number(o[c])]));
  const gotFacts = Object.fromEntries(factRows.map((r) => [r.caseId, pick(r)]));
  const wantFacts = Object.fromEntries([...facts].map(([id, f]) => [id, pick(f)]));
  expect(gotFacts).toEqual(wantFacts);
  let rows = 0;
  for (const [i, level] of LEVELS.entries()) {
    const dailyRows = await k.selectFrom(level.daily).selectAll().execute();
    const got = new Map(dailyRows.map((r) => [keyOf(level, r), num(r, MEASURES)]));
    const want = new Map([...daily[i]!].filter(([, s]) => MEASURES.some((m) => s[m] !== 0)));
    expect([level.name, Object.fromEntries([...got].sort())]).toEqual([
      level.name,
      Object.fromEntries([...want].sort()),
    ]);
    // The histogram: rows of its own table, or the daily rows' bucket columns (each non-zero one a count).
    const hourRows: Record<string, unknown>[] = level.hours
      ? await k.selectFrom(level.hours).selectAll().execute()
      : dailyRows.flatMap((r: Record<string, unknown>) =>
          HOUR_COLUMNS.map((c, bucket) => ({ ...r, bucket, n: Number(r[c]) })).filter((h) => h.n !== 0),
        );
    const gotHours = Object.fromEntries(hourRows.map((r) => [keyOf(level, r, ['bucket']), Number(r.n)]).sort());
    expect([level.name, gotHours]).toEqual([level.name, Object.fromEntries([...hours[i]!].sort())]);
    rows += dailyRows.length;
  }
  return { cases: cases.length, rows };
}
