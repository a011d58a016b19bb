/**
 * Where a new case goes: the grid of its place (household → building → point), and the registrar area of its
 * tier along that grid's path (community tier → the grid's community, street → its street, city → the root).
 * No grid (a point outside every grid, or no place at all): the case is `unplaced` and goes to the street of
 * the submitter's own area, else to the city root, at that area's tier, waiting for manual placement.
 */
import { type CaseTier, caseTiers } from '@grassroots/shared/cases/cases.lifecycle';
import { AppError } from '@grassroots/shared/common/errors';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { BuildingsTable, Database, HouseholdsTable } from '../../db/database.js';
import { type Db, idIn, snakeCase } from '../../db/dialect.js';
import type { AreasService } from '../areas/areas.service.js';
import { casesRepository as repo } from './cases.repository.js';

type K = Kysely<Database>;
export interface Placement {
  gridId: number | null;
  placePath: string | null;
  areaId: number;
  areaPath: string;
  /** The registrar area's name, and the household read on the way: what the new case's view shows. */
  areaName: string;
  tier: CaseTier;
  address: string | null;
  household: PlacedHousehold | null;
}
export interface PlacedHousehold {
  id: number;
  address: string;
  headName: string | null;
  phoneEnc: string | null;
}
interface PlaceInput {
  householdId?: string;
  buildingId?: string;
  location?: { lng: number; lat: number };
  address?: string;
}

const TIER_KIND: Record<CaseTier, string> = { community: 'community', street: 'street', city: 'city' };
const idsOf = (path: string) => path.split('/').filter(Boolean).map(Number);
const bad = (field: string, reason: string) => new AppError('VALIDATION_FAILED', [{ path: `body.${field}`, reason }]);

type AreaOnPath = Awaited<ReturnType<typeof repo.areasByIds>>[number];

/** The area of `tier`'s kind on `path` (the root for city tier); the nearest higher one if that kind is missing. */
export async function registrarArea(
  k: K,
  path: string,
  tier: CaseTier,
  lookup: (ids: number[]) => Promise<AreaOnPath[]> = (ids) => repo.areasByIds(k, ids),
) {
  const areas = await lookup(idsOf(path));
  const byId = new Map(areas.map((a) => [a.id, a]));
  const chain = idsOf(path)
    .map((id) => byId.get(id))
    .filter((a) => a !== undefined);
  if (chain.length === 0) throw new AppError('AREA_NOT_FOUND');
  if (tier === 'city') return { area: chain[0]!, tier };
  for (const t of caseTiers.slice(caseTiers.indexOf(tier))) {
    const hit = [...chain].reverse().find((a) => a.kind === TIER_KIND[t]);
    if (hit) return { area: hit, tier: t };
  }
  return { area: chain[0]!, tier: 'city' as CaseTier };
}

/**
 * Kinds and names of areas, per node, for intake's placement: the chain of a place's path is read on every case
 * filed, areas change rarely. Paths are NOT cached: each area's path is cut from the place's own path, read
 * fresh, so a moved area can never lend a case its old path. A kind never changes; a renamed area's new name
 * shows within CHECK_EVERY_MS (the table's fingerprint — row count, highest id, version sum, last update — is
 * compared at most that often: every rename, move, boundary change, insert and delete changes it).
 */
class AreaNames {
  static readonly CHECK_EVERY_MS = 1000;
  private byId = new Map<number, { kind: string; name: string }>();
  private fingerprint: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  async chain(k: K, ids: number[]): Promise<AreaOnPath[]> {
    const now = performance.now();
    if (now - this.checkedAt >= AreaNames.CHECK_EVERY_MS) {
      const f = await repo.areasFingerprint(k);
      this.checkedAt = now;
      if (f !== this.fingerprint) {
        this.byId.clear();
        this.fingerprint = f;
      }
    }
    const missing = ids.filter((id) => !this.byId.has(id));
    if (missing.length > 0)
      for (const a of await repo.areasByIds(k, missing)) this.byId.set(a.id, { kind: a.kind, name: a.name });
    const out: AreaOnPath[] = [];
    ids.forEach((id, i) => {
      const a = this.byId.get(id);
      if (a)
        out.push({
          id,
          ...a,
          path: `/${ids.slice(0, i + 1).join('/')}/`,
          parentId: i > 0 ? (ids[i - 1] as number) : null,
        });
    });
    return out;
  }
}
const areaNames = new WeakMap<object, AreaNames>();

/** Locates a point outside any transaction (the locator reads through the pool; SQLite has one connection). */
export async function locatePoint(areas: AreasService, b: PlaceInput): Promise<Located | null> {
  if (!b.location || b.householdId || b.buildingId) return null;
  try {
    const g = await areas.locate(b.location.lng, b.location.lat);
    return { gridId: Number(g.id), path: g.path };
  } catch (e) {
    if (e instanceof AppError && e.code === 'AREA_NOT_FOUND') return null;
    throw e;
  }
}
export interface Located {
  gridId: number;
  path: string;
}

/** The households and buildings cases are filed for, read together (a batch of intakes reads them once). */
export async function placesOf(db: Db, k: K, householdIds: number[], buildingIds: number[]) {
  // Raw SQL with the ids as one array parameter: one statement text for every batch (the query builder's IN-list
  // cost more than the read under load, and PostgreSQL parsed each list anew).
  const read = async <T extends { id: number }>(table: string, fields: readonly string[], ids: number[]) =>
    ids.length
      ? (
          await sql<T>`select id, ${sql.raw(fields.map(snakeCase).join(', '))}
            from ${sql.table(table)} where ${idIn(db, ids)}`.execute(k)
        ).rows
      : [];
  const households = await read<HouseholdPlace>('households', HOUSEHOLD_PLACE, householdIds);
  const buildings = await read<BuildingPlace>('buildings', BUILDING_PLACE, buildingIds);
  return { households: new Map(households.map((h) => [h.id, h])), buildings: new Map(buildings.map((x) => [x.id, x])) };
}
/** What placement reads of a household and of a building (and all that it places a case by). */
export const HOUSEHOLD_PLACE = ['gridId', 'areaPath', 'address', 'headName', 'phoneEnc'] as const;
export const BUILDING_PLACE = ['gridId', 'areaPath', 'address', 'name'] as const;
export type HouseholdPlace = Pick<Selectable<HouseholdsTable>, 'id' | (typeof HOUSEHOLD_PLACE)[number]>;
export type BuildingPlace = Pick<Selectable<BuildingsTable>, 'id' | (typeof BUILDING_PLACE)[number]>;
/** What `placesOf` read, for every household and building of the cases being placed. */
export type KnownPlaces = Awaited<ReturnType<typeof placesOf>>;

/** Ids of the households and buildings of `bodies`, as placesOf takes them (ids that are not numbers skipped). */
export function placeIdsOf(bodies: PlaceInput[]) {
  const ids = (xs: (string | undefined)[]) => xs.map(Number).filter(Number.isSafeInteger);
  return { householdIds: ids(bodies.map((b) => b.householdId)), buildingIds: ids(bodies.map((b) => b.buildingId)) };
}

async function gridOf(db: Db, k: K, p: Principal, b: PlaceInput, located: Located | null, known?: KnownPlaces) {
  if (b.householdId) {
    const id = Number(b.householdId);
    const h = known ? known.households.get(id) : (await placesOf(db, k, [id], [])).households.get(id);
    // A resident may file for their own households; staff for those in their area scope.
    if (!h || !(p.scope.householdIds.includes(Number(b.householdId)) || coversPath(p.scope, h.areaPath)))
      throw bad('householdId', 'unknown household');
    const household = { id: h.id, address: h.address, headName: h.headName, phoneEnc: h.phoneEnc };
    return { gridId: h.gridId, path: h.areaPath, address: h.address, household };
  }
  if (b.buildingId) {
    const id = Number(b.buildingId);
    const bl = known ? known.buildings.get(id) : (await placesOf(db, k, [], [id])).buildings.get(id);
    if (!bl) throw bad('buildingId', 'unknown building');
    return { gridId: bl.gridId, path: bl.areaPath, address: bl.address ?? bl.name, household: null };
  }
  return located ? { ...located, address: null, household: null } : null;
}

/** `db`: the database (what the node's area-name cache belongs to); `known`: households and buildings already
 * read (placesOf), else read here. */
export async function placeCase(
  k: K,
  p: Principal,
  b: PlaceInput,
  categoryTier: CaseTier,
  located: Located | null,
  db: Db,
  known?: KnownPlaces,
): Promise<Placement> {
  const names = areaNames.get(db) ?? new AreaNames();
  areaNames.set(db, names);
  const cached = (ids: number[]) => names.chain(k, ids);
  const grid = await gridOf(db, k, p, b, located, known);
  if (grid) {
    const { area, tier } = await registrarArea(k, grid.path, categoryTier, cached);
    const address = b.address ?? grid.address ?? null;
    return {
      gridId: grid.gridId,
      placePath: grid.path,
      areaId: area.id,
      areaPath: area.path,
      areaName: area.name,
      tier,
      address,
      household: grid.household,
    };
  }
  const own = p.scope.areaPaths.find((x) => x !== '/');
  if (own) {
    const { area, tier } = await registrarArea(k, own, categoryTier === 'city' ? 'city' : 'street', cached);
    const address = b.address ?? null;
    return {
      gridId: null,
      placePath: null,
      areaId: area.id,
      areaPath: area.path,
      areaName: area.name,
      tier,
      address,
      household: null,
    };
  }
  const root = await k
    .selectFrom('areas')
    .select(['id', 'path', 'name'])
    .where('parentId', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!root) throw new AppError('AREA_NOT_FOUND');
  return {
    gridId: null,
    placePath: null,
    areaId: root.id,
    areaPath: root.path,
    areaName: root.name,
    tier: 'city',
    address: b.address ?? null,
    household: null,
  };
}
