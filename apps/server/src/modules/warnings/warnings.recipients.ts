/**
 * Who is told about a warning: the registrars of its area — community secretaries and cadres of the
 * community holding it (a repeat warning sits on a building's grid), or the street's leaders for a street.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database.js';
import type { NotificationsService } from '../notifications/notifications.service.js';

const registrarsOf: Record<string, string[]> = {
  community: ['community_secretary', 'cadre'],
  street: ['leader'],
};

/** Ancestors of a path, nearest first: '/1/7/42/' → ['/1/7/42/', '/1/7/', '/1/']. */
export function pathsUp(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.map((_, i) => `/${parts.slice(0, parts.length - i).join('/')}/`);
}

export async function registrarsFor(k: Kysely<Database>, areaPath: string): Promise<number[]> {
  const chain = await k
    .selectFrom('areas')
    .select(['id', 'path', 'kind'])
    .where('path', 'in', pathsUp(areaPath))
    .execute();
  const nearest = chain.filter((a) => registrarsOf[a.kind]).sort((a, b) => b.path.length - a.path.length)[0];
  if (!nearest) return [];
  const rows = await k
    .selectFrom('roleAssignments as r')
    .innerJoin('accounts as a', 'a.id', 'r.accountId')
    .select('r.accountId')
    .distinct()
    .where('r.role', 'in', registrarsOf[nearest.kind]!)
    .where('r.areaId', '=', nearest.id)
    .where('a.disabledAt', 'is', null)
    .orderBy('r.accountId')
    .execute();
  return rows.map((r) => r.accountId);
}

export async function notifyRegistrars(
  trx: Kysely<Database>,
  notifications: NotificationsService,
  areaPath: string,
  n: { topic: string; title: string; link: string; payload: Record<string, unknown> },
) {
  for (const accountId of await registrarsFor(trx, areaPath))
    await notifications.enqueue(trx, { channel: 'in_app', accountId, ...n });
}
