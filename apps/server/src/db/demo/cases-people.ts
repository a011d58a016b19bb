/**
 * Who acts on a demo case: the registrar of its tier and area (the service's registrarRoles), the registrar one
 * tier up (suspensions), the handler (the dispatched person, or staff of the dispatched organisation), the
 * grid worker of its place, the resident who rates; and whom a registrar dispatches to — the grid worker, the
 * property company of the compound, the category's organisation or the department of its field (吹哨派单), a
 * unit linked to the community (事项转批卡) — never the same handler twice in a row.
 */
import type { CaseCapacity, CaseTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseSpec } from './cases-flow.js';
import { weighted } from './cases-random.js';
import { type CaseSim, registrarArea, SYSTEM } from './cases-sim.js';
import { roleAreaKey, type World } from './cases-world.js';
import type { Rng } from './random.js';

export type Target = { kind: 'account' | 'organisation'; id: number };

const first = (w: World, role: string, areaId: number | null) => w.byRoleArea.get(roleAreaKey(role, areaId))?.[0];

/** The registrar of a tier over an area. */
function registrarAt(w: World, tier: CaseTier, areaId: number, property: boolean): number | null {
  if (tier === 'community') return first(w, 'community_secretary', areaId) ?? first(w, 'cadre', areaId) ?? null;
  if (tier === 'street') return first(w, 'leader', areaId) ?? null;
  if (property) return first(w, 'property_center', null) ?? null;
  return first(w, 'center', w.root.id) ?? null;
}

export const gridWorkerOf = (w: World, spec: CaseSpec) =>
  spec.place ? first(w, 'grid_worker', spec.place.gridId) : undefined;

/** The account acting with `cap` (the system for the jobs; the admin when a world lacks someone). */
export function actorFor(w: World, s: CaseSim, spec: CaseSpec, cap: CaseCapacity): number | null {
  const anyone = w.usernames.get('admin') ?? SYSTEM;
  switch (cap) {
    case 'registrar':
      return registrarAt(w, s.tier, s.areaId, s.category.isProperty) ?? anyone;
    case 'upperRegistrar': {
      const { area, tier } = registrarArea(w, s.placePath ?? s.areaPath, s.tier === 'community' ? 'street' : 'city');
      return registrarAt(w, tier, area.id, s.category.isProperty) ?? anyone;
    }
    case 'handler':
      return s.handlerAccountId ?? w.orgStaff.get(s.handlerOrgId ?? -1)?.[0] ?? anyone;
    case 'gridWorker':
      return gridWorkerOf(w, spec) ?? registrarAt(w, s.tier, s.areaId, s.category.isProperty) ?? anyone;
    case 'submitter':
      return spec.rater;
    default:
      return SYSTEM;
  }
}

const DEPARTMENT_BY_GROUP: Record<string, string> = {
  sz: '城建局',
  hj: '城管局',
  aq: '住建局',
  'lj.noise': '公安分局',
};
// Weights of: the grid worker, the property company, the category's organisation, the field's department, a unit.
const WEIGHTS: Record<CaseTier, number[]> = {
  community: [6, 8, 3, 2, 0.5],
  street: [2, 6, 8, 4, 0],
  city: [1, 8, 8, 4, 0],
};

/** Per world: the department of each category's field, the units linked to each community (found once). */
const lookups = new WeakMap<World, { depts: Map<string, number | undefined>; units: Map<number, number[]> }>();

function lookupsOf(w: World) {
  let l = lookups.get(w);
  if (!l) {
    l = { depts: new Map(), units: new Map() };
    lookups.set(w, l);
  }
  return l;
}

/** The department of the field of category `code` (吹哨派单), if the world has it. */
function departmentOf(w: World, code: string): number | undefined {
  const { depts } = lookupsOf(w);
  if (!depts.has(code)) {
    const dept = DEPARTMENT_BY_GROUP[code] ?? DEPARTMENT_BY_GROUP[code.split('.')[0] ?? ''];
    depts.set(code, w.orgs.find((o) => o.kind === 'department' && o.name === dept)?.id);
  }
  return depts.get(code);
}

/** The units linked to a community (事项转批卡). */
function unitsOf(w: World, communityId: number): number[] {
  const { units } = lookupsOf(w);
  let ids = units.get(communityId);
  if (!ids) {
    ids = w.orgs.filter((o) => o.kind === 'unit' && o.areaId === communityId).map((o) => o.id);
    units.set(communityId, ids);
  }
  return ids;
}

/** An organisation as an option, when it has staff to act for it. */
function addOrg(w: World, options: [Target, number][], weight: number, id: number | null | undefined) {
  if (id != null && w.orgStaff.get(id)?.length) options.push([{ kind: 'organisation', id }, weight]);
}

export function dispatchTarget(w: World, s: CaseSim, spec: CaseSpec, rng: Rng, last: Target | null): Target {
  const weights = WEIGHTS[s.tier];
  const options: [Target, number][] = [];
  const worker = gridWorkerOf(w, spec);
  // The property centre's scope is its organisation, not an area: it reaches no grid worker.
  const areaScoped = !(s.tier === 'city' && s.category.isProperty);
  if (worker !== undefined && areaScoped) options.push([{ kind: 'account', id: worker }, weights[0]!]);
  if (s.category.isProperty) addOrg(w, options, weights[1]!, spec.place?.companyId);
  addOrg(w, options, weights[2]!, s.category.defaultOrgId);
  addOrg(w, options, weights[3]!, departmentOf(w, s.category.code ?? ''));
  const community = spec.place && registrarArea(w, spec.place.path, 'community').area;
  if (community) for (const id of unitsOf(w, community.id)) addOrg(w, options, weights[4]!, id);
  let pool = options.filter(([t]) => !(last && t.kind === last.kind && t.id === last.id));
  if (pool.length === 0) pool = options;
  if (pool.length === 0) {
    const depts = w.orgs.filter((o) => o.kind === 'department' && w.orgStaff.get(o.id)?.length);
    if (depts.length === 0) throw new Error('demo cases: nobody to dispatch to');
    return { kind: 'organisation', id: rng.pick(depts).id };
  }
  return weighted(rng, pool);
}
