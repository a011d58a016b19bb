/**
 * Where a new case goes: the grid of its place (household → building → point), and the registrar area of its
 * tier along that grid's path (community tier → the grid's community, street → its street, city → the root).
 * No grid (a point outside every grid, or no place at all): the case is `unplaced` and goes to the street of
 * the submitter's own area, else to the city root, at that area's tier, waiting for manual placement.
 */
import { type CaseTier, caseTiers } from '@grassroots/shared/cases/cases.lifecycle';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { Principal } from '../../core/principal.js';
import { coversPath } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import type { AreasService } from '../areas/areas.service.js';
import { casesRepository as repo } from './cases.repository.js';

type K = Kysely<Database>;
export interface Placement {
  gridId: number | null;
  placePath: string | null;
  areaId: number;
  areaPath: string;
  tier: CaseTier;
  address: string | null;
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

/** The area of `tier`'s kind on `path` (the root for city tier); the nearest higher one if that kind is missing. */
export async function registrarArea(k: K, path: string, tier: CaseTier) {
  const areas = await repo.areasByIds(k, idsOf(path));
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

async function gridOf(k: K, p: Principal, b: PlaceInput, located: Located | null) {
  if (b.householdId) {
    const h = await k
      .selectFrom('households')
      .select(['gridId', 'areaPath', 'address'])
      .where('id', '=', Number(b.householdId))
      .executeTakeFirst();
    // A resident may file for their own households; staff for those in their area scope.
    if (!h || !(p.scope.householdIds.includes(Number(b.householdId)) || coversPath(p.scope, h.areaPath)))
      throw bad('householdId', 'unknown household');
    return { gridId: h.gridId, path: h.areaPath, address: h.address };
  }
  if (b.buildingId) {
    const bl = await k
      .selectFrom('buildings')
      .select(['gridId', 'areaPath', 'address', 'name'])
      .where('id', '=', Number(b.buildingId))
      .executeTakeFirst();
    if (!bl) throw bad('buildingId', 'unknown building');
    return { gridId: bl.gridId, path: bl.areaPath, address: bl.address ?? bl.name };
  }
  return located ? { ...located, address: null } : null;
}

export async function placeCase(
  k: K,
  p: Principal,
  b: PlaceInput,
  categoryTier: CaseTier,
  located: Located | null,
): Promise<Placement> {
  const grid = await gridOf(k, p, b, located);
  if (grid) {
    const { area, tier } = await registrarArea(k, grid.path, categoryTier);
    const address = b.address ?? grid.address ?? null;
    return { gridId: grid.gridId, placePath: grid.path, areaId: area.id, areaPath: area.path, tier, address };
  }
  const own = p.scope.areaPaths.find((x) => x !== '/');
  if (own) {
    const { area, tier } = await registrarArea(k, own, categoryTier === 'city' ? 'city' : 'street');
    return { gridId: null, placePath: null, areaId: area.id, areaPath: area.path, tier, address: b.address ?? null };
  }
  const root = await k
    .selectFrom('areas')
    .select(['id', 'path'])
    .where('parentId', 'is', null)
    .orderBy('id')
    .executeTakeFirst();
  if (!root) throw new AppError('AREA_NOT_FOUND');
  return {
    gridId: null,
    placePath: null,
    areaId: root.id,
    areaPath: root.path,
    tier: 'city',
    address: b.address ?? null,
  };
}
