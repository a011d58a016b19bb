/**
 * Anonymising a person (PIPL): an erasure request done, or the retention period after a move-out passed.
 * The row stays (counts of the past, the household's history) but every personal field is emptied, its
 * tag index rows go, and a current person is recorded as moved out so no list shows them as a resident.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Database } from '../../db/database.js';
import { shanghaiDay } from './ledger.access.js';
import { anonymisedColumns } from './person-codec.js';

export interface AnonymiseTarget {
  id: number;
  areaPath: string;
  householdId: number;
  movedOutOn: string | null;
  movedOutAt: number | null;
}

/** Returns false when the person was already anonymised (a concurrent request or job run). */
export async function anonymisePerson(
  ctx: AppContext,
  trx: Kysely<Database>,
  actor: Actor,
  p: AnonymiseTarget,
  reason: 'erasure' | 'retention',
  extra: Record<string, unknown> = {},
): Promise<boolean> {
  const now = ctx.clock.now();
  const r = await trx
    .updateTable('persons')
    .set({
      ...anonymisedColumns(now),
      movedOutOn: p.movedOutOn ?? shanghaiDay(now),
      movedOutAt: p.movedOutAt ?? now,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', p.id)
    .where('anonymisedAt', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return false;
  await trx.deleteFrom('ledgerTags').where('entityKind', '=', 'person').where('entityId', '=', p.id).execute();
  await ctx.audit.write(trx, actor, {
    action: 'person.anonymise',
    entityType: 'person',
    entityId: p.id,
    areaPath: p.areaPath,
    summary: { reason, householdId: p.householdId, ...extra },
  });
  return true;
}
