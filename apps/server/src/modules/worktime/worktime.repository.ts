/** Kysely queries of the working-time calendar: the `holidays` rows and the two `settings` keys. */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/database.js';

type K = Kysely<Database>;
export const PERIODS_KEY = 'worktime.periods';
export const VERSION_KEY = 'worktime.version';

const yearRange = (year: number) => [`${year}-01-01`, `${year}-12-31`] as const;

export class WorktimeRepository {
  allDays(k: K) {
    return k.selectFrom('holidays').select(['date', 'kind', 'name']).orderBy('date').execute();
  }

  daysOfYear(k: K, year: number) {
    const [from, to] = yearRange(year);
    return k
      .selectFrom('holidays')
      .select(['date', 'kind', 'name'])
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .execute();
  }

  /** Distinct years with at least one special date, ascending. */
  async years(k: K): Promise<number[]> {
    const rows = await k
      .selectFrom('holidays')
      .select(sql<string>`substr(${sql.ref('date')}, 1, 4)`.as('year'))
      .distinct()
      .execute();
    return rows.map((r) => Number(r.year)).sort((a, b) => a - b);
  }

  findDay(k: K, date: string) {
    return k.selectFrom('holidays').select(['date', 'kind', 'name']).where('date', '=', date).executeTakeFirst();
  }

  async upsertDay(k: K, day: { date: string; kind: string; name: string }, now: number) {
    await k
      .insertInto('holidays')
      .values({ ...day, updatedAt: now })
      .onConflict((oc) => oc.column('date').doUpdateSet({ kind: day.kind, name: day.name, updatedAt: now }))
      .execute();
  }

  async deleteDay(k: K, date: string) {
    const r = await k.deleteFrom('holidays').where('date', '=', date).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteYear(k: K, year: number) {
    const [from, to] = yearRange(year);
    const r = await k.deleteFrom('holidays').where('date', '>=', from).where('date', '<=', to).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async setting(k: K, key: string): Promise<string | null> {
    const r = await k.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return r?.value ?? null;
  }

  async putSetting(k: K, key: string, value: string, now: number) {
    await k
      .insertInto('settings')
      .values({ key, value, updatedAt: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAt: now }))
      .execute();
  }

  /** Bumps the shared counter other nodes poll (same as areas.geo_version); call inside the write's transaction. */
  async bumpVersion(k: K, now: number) {
    await k
      .insertInto('settings')
      .values({ key: VERSION_KEY, value: '1', updatedAt: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          value: sql<string>`CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT)`,
          updatedAt: now,
        }),
      )
      .execute();
  }
}
