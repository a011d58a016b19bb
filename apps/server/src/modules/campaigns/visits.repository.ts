/** SQL of campaign visits: one row per attempt, found again by the phone's clientRef. */
import type { Insertable, Kysely } from 'kysely';
import type { CampaignVisitsTable, Database } from '../../db/database.js';

type K = Kysely<Database>;

const visitColumns = [
  'v.id',
  'v.campaignId',
  'v.householdId',
  'v.areaPath',
  'v.outcome',
  'v.answers',
  'v.attachmentIds',
  'v.visitedBy',
  'v.visitedAt',
  'v.clientRef',
  'v.createdAt',
  'u.displayName as visitorName',
] as const;

const visits = (k: K) => k.selectFrom('campaignVisits as v').innerJoin('accounts as u', 'u.id', 'v.visitedBy');

export type VisitRow = NonNullable<Awaited<ReturnType<typeof findVisitByRef>>>;

export function findVisitByRef(k: K, campaignId: number, clientRef: string) {
  return visits(k)
    .select(visitColumns)
    .where('v.campaignId', '=', campaignId)
    .where('v.clientRef', '=', clientRef)
    .executeTakeFirst();
}

export function findVisit(k: K, id: number) {
  return visits(k).select(visitColumns).where('v.id', '=', id).executeTakeFirst();
}

/** The household's visits in the campaign, latest first (by when they happened on the phone). */
export function visitsOf(k: K, campaignId: number, householdId: number, limit = 20) {
  return visits(k)
    .select(visitColumns)
    .where('v.campaignId', '=', campaignId)
    .where('v.householdId', '=', householdId)
    .orderBy('v.visitedAt', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

/** The latest visits of a household across campaigns (for the ledger's household view). */
export function latestVisitsOfHousehold(k: K, householdId: number, limit: number) {
  return visits(k)
    .innerJoin('campaigns as c', 'c.id', 'v.campaignId')
    .select([...visitColumns, 'c.name as campaignName'])
    .where('v.householdId', '=', householdId)
    .orderBy('v.visitedAt', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

export async function insertVisit(k: K, row: Insertable<CampaignVisitsTable>) {
  const r = await k.insertInto('campaignVisits').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export function findCampaignHousehold(k: K, campaignId: number, householdId: number) {
  return k
    .selectFrom('campaignHouseholds')
    .selectAll()
    .where('campaignId', '=', campaignId)
    .where('householdId', '=', householdId)
    .executeTakeFirst();
}

/**
 * The household's state follows its latest visit by the phone's time: a visit queued offline that arrives
 * after a newer one must not overwrite it. Ties go to the later arrival.
 */
export async function applyOutcome(k: K, campaignId: number, householdId: number, outcome: string, at: number) {
  await k
    .updateTable('campaignHouseholds')
    .set({ lastOutcome: outcome, lastVisitAt: at })
    .where('campaignId', '=', campaignId)
    .where('householdId', '=', householdId)
    .where((eb) => eb.or([eb('lastVisitAt', 'is', null), eb('lastVisitAt', '<=', at)]))
    .execute();
}

/** Visits of the campaign by household id, for the export (keyset over household ids of one page). */
export function visitsOfHouseholds(k: K, campaignId: number, householdIds: number[]) {
  if (!householdIds.length) return Promise.resolve([]);
  return visits(k)
    .select(visitColumns)
    .where('v.campaignId', '=', campaignId)
    .where('v.householdId', 'in', householdIds)
    .orderBy('v.householdId')
    .orderBy('v.visitedAt')
    .orderBy('v.id')
    .execute();
}
