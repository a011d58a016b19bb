/**
 * Counts per grid (the paper ledger's tallies): current persons per tag or age group, households per tag.
 * Sensitive tags are counted through their keyed hashes and reported as numbers only; the reach is the same
 * as the lists' (a party member counts only their linked households).
 */
import { AppError } from '@grassroots/shared/common/errors';
import {
  ageGroups,
  allHouseholdTags,
  birthDateRange,
  isSensitiveTag,
  personTags,
} from '@grassroots/shared/ledger/ledger.rules';
import type { LedgerCounts } from '@grassroots/shared/ledger/ledger.schema';
import { householdTags } from '@grassroots/shared/places/places.rules';
import { sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import { type LedgerReach, ledgerReach, shanghaiDay, visibleTo } from './ledger.access.js';
import { tagKey } from './person-codec.js';

type Tally = { areaPath: string; key: string | null; n: number | string };

export class LedgerCountsService {
  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  async counts(p: Principal, q: { areaId?: string; by: 'tag' | 'ageGroup' | 'householdTag' }): Promise<LedgerCounts> {
    const reach = await ledgerReach(this.k, p);
    let under = '/';
    if (q.areaId) {
      const a = await this.k.selectFrom('areas').select('path').where('id', '=', Number(q.areaId)).executeTakeFirst();
      if (!a) throw new AppError('NOT_FOUND', { areaId: q.areaId });
      under = a.path;
    }
    const tallies =
      q.by === 'tag'
        ? await this.personTags(reach, under)
        : q.by === 'ageGroup'
          ? await this.ageGroups(reach, under)
          : await this.householdTags(reach, under);
    return { groups: await this.byGrid(reach, under, tallies) };
  }

  /** Grids under `under` the caller reaches (areas, or those of their linked households), with the tallies. */
  private async byGrid(reach: LedgerReach, under: string, tallies: Tally[]) {
    const grids = await this.k
      .selectFrom('areas as g')
      .select(['g.id', 'g.path', 'g.name'])
      .where('g.kind', '=', 'grid')
      .where('g.path', 'like', `${under}%`)
      .where((eb) => {
        const ors = [visibleTo({ ...reach, linked: [] }, 'g.path', 'g.id')(eb)];
        if (reach.linked.length)
          ors.push(eb('g.id', 'in', eb.selectFrom('households').select('gridId').where('id', 'in', reach.linked)));
        return eb.or(ors);
      })
      .orderBy('g.path')
      .execute();
    const byPath = new Map<string, Record<string, number>>();
    for (const t of tallies) {
      if (t.key == null) continue;
      const c = byPath.get(t.areaPath) ?? {};
      c[t.key] = (c[t.key] ?? 0) + Number(t.n);
      byPath.set(t.areaPath, c);
    }
    return grids.map((g) => ({ gridId: String(g.id), gridName: g.name, counts: byPath.get(g.path) ?? {} }));
  }

  private async personTags(reach: LedgerReach, under: string): Promise<Tally[]> {
    const names = new Map(personTags.map((t) => [tagKey(this.ctx.pii, t), t as string]));
    const rows = await this.k
      .selectFrom('ledgerTags as t')
      .innerJoin('persons as p', 'p.id', 't.entityId')
      .select(['p.areaPath', 't.tagKey as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.entityKind', '=', 'person')
      .where('p.movedOutOn', 'is', null)
      .where('p.areaPath', 'like', `${under}%`)
      .where(visibleTo(reach, 'p.areaPath', 'p.householdId'))
      .groupBy(['p.areaPath', 't.tagKey'])
      .execute();
    return rows.map((r) => ({ ...r, key: names.get(r.key) ?? null }));
  }

  private async ageGroups(reach: LedgerReach, under: string): Promise<Tally[]> {
    const today = shanghaiDay(this.ctx.clock.now());
    // One CASE over the indexed birth_date: each group is a half-open range of dates.
    const whens = ageGroups.map((g) => {
      const r = birthDateRange(g, today);
      return sql`WHEN p.birth_date > ${r.after} AND p.birth_date <= ${r.upTo} THEN ${g}`;
    });
    const group = sql<string | null>`CASE ${sql.join(whens, sql` `)} ELSE NULL END`;
    // Grouped in an outer query: PostgreSQL would not see a parameterised CASE in GROUP BY as the selected one.
    const inner = this.k
      .selectFrom('persons as p')
      .select(['p.areaPath', group.as('key')])
      .where('p.movedOutOn', 'is', null)
      .where('p.areaPath', 'like', `${under}%`)
      .where(visibleTo(reach, 'p.areaPath', 'p.householdId'));
    return this.k
      .selectFrom(inner.as('x'))
      .select(['x.areaPath', 'x.key', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['x.areaPath', 'x.key'])
      .execute();
  }

  private async householdTags(reach: LedgerReach, under: string): Promise<Tally[]> {
    const scoped = this.k
      .selectFrom('households as h')
      .where('h.archivedAt', 'is', null)
      .where('h.areaPath', 'like', `${under}%`)
      .where(visibleTo(reach, 'h.areaPath', 'h.id'));
    // Open tags: from households.tags itself (also right for households the places module tagged).
    const open = await scoped
      .select('h.areaPath')
      .select(
        householdTags.map((t) =>
          sql<number>`SUM(CASE WHEN h.tags LIKE ${`%${JSON.stringify(t)}%`} THEN 1 ELSE 0 END)`.as(
            `tag${householdTags.indexOf(t)}`,
          ),
        ),
      )
      .groupBy('h.areaPath')
      .execute();
    const sensitive = allHouseholdTags.filter(isSensitiveTag);
    const names = new Map(sensitive.map((t) => [tagKey(this.ctx.pii, t), t as string]));
    const hashed = await scoped
      .innerJoin('ledgerTags as t', (j) => j.onRef('t.entityId', '=', 'h.id').on('t.entityKind', '=', 'household'))
      .select(['h.areaPath', 't.tagKey as key', (eb) => eb.fn.countAll<number>().as('n')])
      .where('t.tagKey', 'in', [...names.keys()])
      .groupBy(['h.areaPath', 't.tagKey'])
      .execute();
    const out: Tally[] = hashed.map((r) => ({ ...r, key: names.get(r.key) ?? null }));
    for (const row of open as unknown as Record<string, string | number>[])
      householdTags.forEach((t, i) => {
        const n = Number(row[`tag${i}`] ?? 0);
        if (n > 0) out.push({ areaPath: String(row.areaPath), key: t, n });
      });
    return out;
  }
}
