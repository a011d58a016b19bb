/** SQL of campaigns: the campaign rows, the target snapshot, and the counts behind coverage and progress. */

import type { CampaignTarget } from '@grassroots/shared/campaigns/campaigns.schema';
import { birthDateRange } from '@grassroots/shared/ledger/ledger.rules';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { CampaignsTable, Database } from '../../db/database.js';
import { inReach, type Reach, selfAndAncestors } from './campaigns.access.js';

type K = Kysely<Database>;

export type CampaignRow = NonNullable<Awaited<ReturnType<typeof findCampaign>>>;

const campaignColumns = [
  'c.id',
  'c.name',
  'c.description',
  'c.areaId',
  'c.areaPath',
  'c.target',
  'c.form',
  'c.startsOn',
  'c.endsOn',
  'c.status',
  'c.createdBy',
  'c.version',
  'c.createdAt',
  'c.updatedAt',
  'a.name as areaName',
  'u.displayName as creatorName',
] as const;

const withNames = (k: K) =>
  k
    .selectFrom('campaigns as c')
    .innerJoin('areas as a', 'a.id', 'c.areaId')
    .innerJoin('accounts as u', 'u.id', 'c.createdBy');

export function findCampaign(k: K, id: number) {
  return withNames(k).select(campaignColumns).where('c.id', '=', id).executeTakeFirst();
}

export interface CampaignListFilter {
  /** The caller's area subtrees: campaigns inside them, or of an area containing them, are visible. */
  scopePaths: string[];
  /** Where the caller may manage: drafts are visible only there. */
  managePaths: string[];
  status?: string;
  q?: string;
  page: number;
  pageSize: number;
}

export async function listCampaigns(k: K, f: CampaignListFilter, contains: (col: string, text: string) => unknown) {
  const ancestors = [...new Set(f.scopePaths.flatMap(selfAndAncestors))];
  let q = withNames(k).where((eb) => {
    const seen = [
      ...f.scopePaths.map((p) => eb('c.areaPath', 'like', `${p}%`)),
      ...(ancestors.length ? [eb('c.areaPath', 'in', ancestors)] : []),
    ];
    const published = seen.length ? eb.and([eb('c.status', '<>', 'draft'), eb.or(seen)]) : sql<boolean>`1 = 0`;
    const manageable = f.managePaths.map((p) => eb('c.areaPath', 'like', `${p}%`));
    return eb.or([published, ...manageable]);
  });
  if (f.status) q = q.where('c.status', '=', f.status);
  // biome-ignore lint/suspicious/noExplicitAny: containsText is a raw SQL fragment usable as a condition
  if (f.q) q = q.where(contains('c.name', f.q) as any);
  const rows = q.select(campaignColumns).orderBy('c.createdAt', 'desc').orderBy('c.id', 'desc');
  return fetchPage(rows, q, f);
}

export async function insertCampaign(k: K, row: Insertable<CampaignsTable>) {
  const r = await k.insertInto('campaigns').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

/** `UPDATE … SET …, version = version + 1 WHERE id = ? [AND version = ?] [AND status = ?]`: rows changed. */
export async function updateCampaign(
  k: K,
  id: number,
  set: Updateable<CampaignsTable>,
  where: { version?: number; status?: string },
) {
  let q = k
    .updateTable('campaigns')
    .set({ ...set, version: sql<number>`version + 1` })
    .where('id', '=', id);
  if (where.version !== undefined) q = q.where('version', '=', where.version);
  if (where.status !== undefined) q = q.where('status', '=', where.status);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Households of `areaPath` matching the target (tag keys precomputed: sensitive ones are keyed hashes). */
function targetHouseholds(k: K, areaPath: string, target: CampaignTarget, tagKeys: string[], today: string) {
  let q = k.selectFrom('households as h').where('h.areaPath', 'like', `${areaPath}%`).where('h.archivedAt', 'is', null);
  const tags = target.tags ?? [];
  if (tags.length)
    q = q.where((eb) =>
      eb.or([
        // Open household tags live in households.tags (JSON written by places); every tag may also have an
        // index row in ledger_tags (sensitive ones only there, as 's:' + keyed hash).
        ...tags.map((t) => eb('h.tags', 'like', `%${JSON.stringify(t)}%`)),
        eb.exists(
          eb
            .selectFrom('ledgerTags as lt')
            .select('lt.entityId')
            .where('lt.entityKind', '=', 'household')
            .whereRef('lt.entityId', '=', 'h.id')
            .where('lt.tagKey', 'in', tagKeys),
        ),
      ]),
    );
  if (target.noSmartphone) q = q.where('h.noSmartphone', '=', 1);
  if (target.ageGroup) {
    const { after, upTo } = birthDateRange(target.ageGroup, today);
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('persons as p')
          .select('p.id')
          .whereRef('p.householdId', '=', 'h.id')
          .where('p.movedOutOn', 'is', null)
          .where('p.anonymisedAt', 'is', null)
          .where('p.birthDate', '>', after)
          .where('p.birthDate', '<=', upTo),
      ),
    );
  }
  return q;
}

export async function countTarget(k: K, areaPath: string, target: CampaignTarget, tagKeys: string[], today: string) {
  const r = await targetHouseholds(k, areaPath, target, tagKeys, today)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** INSERT … SELECT: the target's households become the campaign's list, in one statement. Rows inserted. */
export async function snapshotTarget(
  k: K,
  campaignId: number,
  areaPath: string,
  target: CampaignTarget,
  tagKeys: string[],
  today: string,
) {
  const select = targetHouseholds(k, areaPath, target, tagKeys, today).select([
    // A typed literal: PostgreSQL cannot infer the type of a bare parameter in an INSERT … SELECT list.
    sql<number>`CAST(${campaignId} AS INTEGER)`.as('campaignId'),
    'h.id as householdId',
    'h.gridId',
    'h.areaPath',
  ]);
  const r = await k
    .insertInto('campaignHouseholds')
    .columns(['campaignId', 'householdId', 'gridId', 'areaPath'])
    .expression(select)
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0);
}

/** Rows of campaign_households grouped by `by` and outcome (NULL outcome = pending), within the reach. */
export function outcomeCounts<B extends 'ch.campaignId' | 'ch.gridId'>(k: K, reach: Reach, by: B) {
  return k
    .selectFrom('campaignHouseholds as ch')
    .where(inReach(reach, 'ch.areaPath', 'ch.householdId'))
    .select([by, 'ch.lastOutcome', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy([by, 'ch.lastOutcome']);
}

export async function progressOf(k: K, campaignIds: number[], reach: Reach) {
  if (!campaignIds.length) return [];
  return outcomeCounts(k, reach, 'ch.campaignId').where('ch.campaignId', 'in', campaignIds).execute();
}

export async function gridCounts(k: K, campaignId: number, reach: Reach) {
  return outcomeCounts(k, reach, 'ch.gridId').where('ch.campaignId', '=', campaignId).execute();
}

/** Active campaigns with households in the reach, and their counts there. */
export async function activeInReach(k: K, reach: Reach) {
  return outcomeCounts(k, reach, 'ch.campaignId')
    .innerJoin('campaigns as c', 'c.id', 'ch.campaignId')
    .where('c.status', '=', 'active')
    .execute();
}

export async function campaignsByIds(k: K, ids: number[]) {
  if (!ids.length) return [];
  return withNames(k).select(campaignColumns).where('c.id', 'in', ids).execute();
}

export async function areaNames(k: K, ids: number[]) {
  if (!ids.length) return new Map<number, { name: string; sortOrder: number }>();
  const rows = await k.selectFrom('areas').select(['id', 'name', 'sortOrder']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, { name: r.name, sortOrder: r.sortOrder }]));
}

export function findArea(k: K, id: number) {
  return k.selectFrom('areas').select(['id', 'path', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
}

export type HouseholdStateRow = Awaited<ReturnType<typeof householdRows>>['rows'][number];

/** The campaign's households joined to their address, grid and phone: the base of lists and the export. */
export function campaignHouseholds(k: K, campaignId: number) {
  return k
    .selectFrom('campaignHouseholds as ch')
    .innerJoin('households as h', 'h.id', 'ch.householdId')
    .innerJoin('areas as g', 'g.id', 'ch.gridId')
    .where('ch.campaignId', '=', campaignId);
}

export const householdColumns = [
  'ch.householdId',
  'ch.gridId',
  'ch.areaPath',
  'ch.lastOutcome',
  'ch.lastVisitAt',
  'g.name as gridName',
  'h.address',
  'h.headName',
  'h.phoneEnc',
  'h.tags',
  'h.noSmartphone',
] as const;

type HouseholdQuery = ReturnType<typeof campaignHouseholds>;

export function withState(q: HouseholdQuery, state: string | undefined): HouseholdQuery {
  if (!state) return q;
  if (state === 'pending') return q.where('ch.lastOutcome', 'is', null);
  if (state === 'todo')
    return q.where((eb) => eb.or([eb('ch.lastOutcome', 'is', null), eb('ch.lastOutcome', '=', 'not_home')]));
  return q.where('ch.lastOutcome', '=', state);
}

export async function householdRows(
  q: HouseholdQuery,
  page: { page: number; pageSize: number },
): Promise<{ rows: Awaited<ReturnType<ReturnType<typeof selectHouseholds>['execute']>>; total: number }> {
  return fetchPage(selectHouseholds(q), q, page);
}

export const selectHouseholds = (q: HouseholdQuery) =>
  q.select(householdColumns).orderBy('g.sortOrder').orderBy('g.id').orderBy('h.address').orderBy('ch.householdId');
