/**
 * What the case generator needs to know about an existing world (the demo world or a `--households N` one):
 * areas, places, categories, and who acts at each tier. It is read from the database, so `--cases M` also
 * works on a world generated earlier. `ensureActors` adds what a realistic history needs and a bare world
 * may lack: one staff account per handling organisation, and residents linked to households (the
 * submitters who rate).
 */
import { normalisePhone } from '@grassroots/shared/places/places.rules';
import type { TimeLimit } from '@grassroots/shared/worktime/worktime';
import { sql } from 'kysely';
import type { AppContext } from '../../core/context.js';
import { chunked, demoPasswordHash } from './generator.js';
import { createRng, mobilePhone, personName } from './random.js';

export interface AreaInfo {
  id: number;
  parentId: number | null;
  path: string;
  kind: string;
  name: string;
}

export interface PlaceInfo {
  householdId: number | null;
  buildingId: number | null;
  gridId: number;
  /** The grid's path (= the household's or building's area_path). */
  path: string;
  address: string;
  /** The building's own address (新城壹号3号楼), for cases filed by building or point. */
  buildingAddress: string | null;
  compound: string | null;
  building: string | null;
  companyId: number | null;
  lng: number | null;
  lat: number | null;
  noSmartphone: boolean;
}

export interface CategoryInfo {
  id: number;
  code: string | null;
  name: string;
  isProperty: boolean;
  tier: 'community' | 'street' | 'city';
  defaultOrgId: number | null;
  limits: { accept: TimeLimit | null; respond: TimeLimit; resolve: TimeLimit };
  questions: { code: string; datatype: string; required?: boolean; values?: { key: string }[] }[];
}

export interface OrgInfo {
  id: number;
  kind: string;
  name: string;
  areaId: number | null;
}

export interface World {
  root: AreaInfo;
  areas: Map<number, AreaInfo>;
  places: PlaceInfo[];
  categories: CategoryInfo[];
  orgs: OrgInfo[];
  /** Accounts by role and area id (registrars, grid workers, cadres); 'center' and 'property_center' under 0. */
  byRoleArea: Map<string, number[]>;
  /** Staff accounts of each organisation. */
  orgStaff: Map<number, number[]>;
  /** Residents with a confirmed household: account → place, and household → account. */
  residents: { accountId: number; place: PlaceInfo }[];
  residentOf: Map<number, number>;
  usernames: Map<string, number>;
}

export const roleAreaKey = (role: string, areaId: number | null) => `${role}:${areaId ?? 0}`;

/** At most this many households are sampled as places (a 10-million-household world needs no more). */
const MAX_PLACES = 200_000;

type K = AppContext['db']['kysely'];

// A household with its building and compound: households h ⟕ buildings b ⟕ compounds c.
const PLACE_COLUMNS = [
  'h.id',
  'h.gridId',
  'h.areaPath',
  'h.address',
  'h.buildingId',
  'h.noSmartphone',
  'b.name as building',
  'b.address as buildingAddress',
  'b.lng',
  'b.lat',
  'c.name as compound',
  'c.propertyCompanyId',
] as const;

function placeOf(h: {
  id: number;
  gridId: number;
  areaPath: string;
  address: string;
  buildingId: number | null;
  noSmartphone: number;
  building: string | null;
  buildingAddress: string | null;
  lng: number | null;
  lat: number | null;
  compound: string | null;
  propertyCompanyId: number | null;
}): PlaceInfo {
  return {
    householdId: h.id,
    buildingId: h.buildingId,
    gridId: h.gridId,
    path: h.areaPath,
    address: h.address,
    buildingAddress: h.buildingAddress,
    compound: h.compound,
    building: h.building,
    companyId: h.propertyCompanyId,
    lng: h.lng,
    lat: h.lat,
    noSmartphone: h.noSmartphone === 1,
  };
}

async function loadPlaces(k: K): Promise<PlaceInfo[]> {
  const n = Number(
    (
      await k
        .selectFrom('households')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst()
    )?.n,
  );
  const step = Math.max(1, Math.ceil(n / MAX_PLACES));
  let q = k
    .selectFrom('households as h')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .leftJoin('compounds as c', 'c.id', 'b.compoundId')
    .select(PLACE_COLUMNS)
    .orderBy('h.id');
  if (step > 1) q = q.where(sql<number>`h.id % ${step}`, '=', 0);
  const rows = await q.execute();
  return rows.map(placeOf);
}

function categoryInfo(rows: Awaited<ReturnType<typeof loadCategoryRows>>): CategoryInfo[] {
  const parents = new Set(rows.map((r) => r.parentId).filter((x) => x != null));
  const inactive = rows.filter((r) => r.active === 0).map((r) => r.path);
  const limit = (amount: number | null, unit: string | null): TimeLimit | null =>
    amount != null && (unit === 'hours' || unit === 'days') ? { amount, unit } : null;
  return rows
    .filter((r) => !parents.has(r.id) && !inactive.some((p) => r.path.startsWith(p)))
    .map((r) => ({ r, respond: limit(r.respondAmount, r.respondUnit), resolve: limit(r.resolveAmount, r.resolveUnit) }))
    .filter((x) => x.respond && x.resolve)
    .map(({ r, respond, resolve }) => ({
      id: r.id,
      code: r.code,
      name: r.name,
      isProperty: r.isProperty === 1,
      tier: r.defaultTier as CategoryInfo['tier'],
      defaultOrgId: r.defaultOrgId,
      limits: { accept: limit(r.acceptAmount, r.acceptUnit), respond: respond!, resolve: resolve! },
      questions: JSON.parse(r.questions) as CategoryInfo['questions'],
    }));
}

const loadCategoryRows = (k: K) => k.selectFrom('caseCategories').selectAll().orderBy('id').execute();

export async function loadWorld(ctx: AppContext): Promise<World> {
  const k = ctx.db.kysely;
  const [areaRows, places, catRows, orgRows, grants, links, users] = await Promise.all([
    k.selectFrom('areas').select(['id', 'parentId', 'path', 'kind', 'name']).orderBy('id').execute(),
    loadPlaces(k),
    loadCategoryRows(k),
    k.selectFrom('organisations').select(['id', 'kind', 'name', 'areaId']).where('disabled', '=', 0).execute(),
    k
      .selectFrom('roleAssignments as r')
      .innerJoin('accounts as a', 'a.id', 'r.accountId')
      .select(['r.accountId', 'r.role', 'r.areaId', 'r.orgId'])
      .where('a.disabledAt', 'is', null)
      .orderBy('r.accountId')
      .execute(),
    residentLinks(k),
    k.selectFrom('accounts').select(['id', 'username']).where('isDemo', '=', 1).execute(),
  ]);
  const areas = new Map(areaRows.map((a) => [a.id, a]));
  const root = areaRows.find((a) => a.parentId === null);
  if (!root) throw new Error('no area tree: generate a world first (--households N)');
  const byRoleArea = new Map<string, number[]>();
  const orgStaff = new Map<number, number[]>();
  const push = <T>(m: Map<T, number[]>, key: T, id: number) => m.set(key, [...(m.get(key) ?? []), id]);
  for (const g of grants) {
    if (g.orgId != null) push(orgStaff, g.orgId, g.accountId);
    if (g.areaId != null || g.role === 'center' || g.role === 'property_center')
      push(byRoleArea, roleAreaKey(g.role, g.areaId), g.accountId);
  }
  return {
    root,
    areas,
    places,
    categories: categoryInfo(catRows),
    orgs: orgRows,
    byRoleArea,
    orgStaff,
    residents: links,
    residentOf: new Map(links.map((l) => [l.place.householdId as number, l.accountId])),
    usernames: new Map(users.map((u) => [u.username, u.id])),
  };
}

async function residentLinks(k: K) {
  const rows = await k
    .selectFrom('residentLinks as l')
    .innerJoin('households as h', 'h.id', 'l.householdId')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .leftJoin('compounds as c', 'c.id', 'b.compoundId')
    .select([...PLACE_COLUMNS, 'l.accountId'])
    .where('l.status', '=', 'confirmed')
    .orderBy('l.id')
    .execute();
  return rows.map((h) => ({ accountId: h.accountId, place: placeOf(h) }));
}

const staffRole: Record<string, string> = {
  department: 'department',
  property_company: 'property_company',
  property_center: 'property_center',
  unit: 'unit',
};

/**
 * One staff account for every handling organisation without one, and generated residents (`res-<household>`)
 * with confirmed links until there are about `residents` of them. One transaction; returns how many it made.
 */
export async function ensureActors(ctx: AppContext, world: World, opts: { residents: number; seed: number }) {
  const rng = createRng(opts.seed ^ 0x5eed);
  const now = ctx.clock.now();
  const passwordHash = await demoPasswordHash();
  const staffFor = world.orgs.filter((o) => staffRole[o.kind] && !world.orgStaff.get(o.id)?.length);
  const linked = new Set(world.residentOf.keys());
  const free = world.places.filter((p) => p.householdId != null && !linked.has(p.householdId) && !p.noSmartphone);
  const want = Math.max(0, Math.min(opts.residents - world.residents.length, Math.floor(free.length / 2)));
  // Spread over the world: every k-th free household.
  const step = want > 0 ? free.length / want : 1;
  const homes = Array.from({ length: want }, (_, i) => free[Math.floor(i * step)] as PlaceInfo);
  const drafts = [
    ...staffFor.map((o) => ({ username: `staff-${o.id}`, role: staffRole[o.kind] as string, org: o, home: null })),
    ...homes.map((p) => ({ username: `res-${p.householdId}`, role: 'resident', org: null, home: p })),
  ];
  if (drafts.length === 0) return { staff: 0, residents: 0 };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const rows = drafts.map((d) => {
      const phone = normalisePhone(mobilePhone(rng));
      return {
        username: d.username,
        displayName: personName(rng),
        phoneEnc: ctx.pii.encrypt(phone),
        phoneHash: ctx.pii.hash(phone),
        dutyPhone: null,
        passwordHash,
        isDemo: 1,
        createdAt: now,
        updatedAt: now,
      };
    });
    const ids = new Map<string, number>();
    for (const part of chunked(rows)) {
      const got = await trx.insertInto('accounts').values(part).returning(['id', 'username']).execute();
      for (const r of got) ids.set(r.username, r.id);
    }
    const grants = drafts.map((d) => ({
      accountId: ids.get(d.username) as number,
      role: d.role,
      areaId: null,
      orgId: d.org?.id ?? null,
      createdAt: now,
    }));
    for (const part of chunked(grants)) await trx.insertInto('roleAssignments').values(part).execute();
    const links = drafts
      .filter((d) => d.home)
      .map((d) => ({
        accountId: ids.get(d.username) as number,
        householdId: d.home!.householdId as number,
        areaPath: d.home!.path,
        status: 'confirmed',
        note: '户主本人',
        decidedBy: world.byRoleArea.get(roleAreaKey('grid_worker', d.home!.gridId))?.[0] ?? null,
        decidedAt: now - 30 * 86_400_000,
        createdAt: now - 31 * 86_400_000,
      }));
    for (const part of chunked(links)) await trx.insertInto('residentLinks').values(part).execute();
    for (const d of drafts) {
      const id = ids.get(d.username) as number;
      world.usernames.set(d.username, id);
      if (d.org) world.orgStaff.set(d.org.id, [id]);
      if (d.home) {
        world.residents.push({ accountId: id, place: d.home });
        world.residentOf.set(d.home.householdId as number, id);
      }
    }
  });
  return { staff: staffFor.length, residents: homes.length };
}
