/**
 * Step 1–2: the area tree (市 → 区 → 街道 → 社区 → 网格) with boundaries that tile their parent, and
 * the organisations. Paths are materialised as `/city/district/street/…/` from the inserted ids.
 */
import { type AreaKind, pathOf } from '@grassroots/shared/areas/areas.rules';
import { type AreaNode, type CommunityNode, chunked, type GenState, type GridNode, type Step } from './generator.js';
import { bboxOfRing, polygonJson, type Ring, splitRing } from './geo.js';
import type { StreetPlan, WorldPlan } from './plan.js';
import { cnNumber, dutyPhone, personName } from './random.js';

interface NewArea {
  kind: AreaKind;
  name: string;
  code: string;
  parent: AreaNode | null;
  ring: Ring;
  sortOrder: number;
}

/** Inserts one level of areas, then writes each row's path (which needs the row's own id). */
async function insertLevel(s: GenState, items: NewArea[]): Promise<AreaNode[]> {
  const ids = new Map<string, number>();
  const rows = items.map((a) => ({
    parentId: a.parent?.id ?? null,
    path: `tmp:${a.code}`,
    kind: a.kind,
    name: a.name,
    code: a.code,
    sortOrder: a.sortOrder,
    boundary: polygonJson(a.ring),
    ...bboxOfRing(a.ring),
    createdAt: s.now,
    updatedAt: s.now,
  }));
  for (const part of chunked(rows)) {
    const got = await s.trx.insertInto('areas').values(part).returning(['id', 'code']).execute();
    for (const r of got) ids.set(r.code as string, r.id);
  }
  const nodes = items.map((a) => {
    const id = ids.get(a.code) as number;
    return { id, path: pathOf(a.parent?.path ?? null, id), code: a.code, name: a.name, ring: a.ring };
  });
  for (const n of nodes) await s.trx.updateTable('areas').set({ path: n.path }).where('id', '=', n.id).execute();
  s.counts.areas = (s.counts.areas ?? 0) + nodes.length;
  return nodes;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

async function buildAreas(s: GenState) {
  const { plan, rng } = s;
  const root = (kind: AreaKind, p: WorldPlan['city'], parent: AreaNode | null): NewArea => ({
    kind,
    name: p.name,
    code: p.code,
    parent,
    ring: p.outline,
    sortOrder: 0,
  });
  [s.city] = (await insertLevel(s, [root('city', plan.city, null)])) as [AreaNode];
  [s.district] = (await insertLevel(s, [root('district', plan.district, s.city)])) as [AreaNode];

  // Each piece's area follows its number of grids, so grids come out of comparable size.
  const gridsOf = (c: { gridCount: number }) => c.gridCount;
  const streetRings = splitRing(
    plan.district.outline,
    plan.streets.map((st) => st.communities.reduce((n, c) => n + gridsOf(c), 0)),
    rng,
  );
  const streetItems = plan.streets.map((p, i) => ({
    kind: 'street' as const,
    name: p.name,
    code: `${plan.district.code.slice(0, 6)}${pad(i + 1, 3)}000`,
    parent: s.district,
    ring: streetRings[i] as Ring,
    sortOrder: i,
  }));
  s.streets = (await insertLevel(s, streetItems)).map((n, i) => ({
    ...n,
    plan: plan.streets[i] as StreetPlan,
    communities: [] as CommunityNode[],
  }));

  const communityItems = s.streets.flatMap((street) => {
    const rings = splitRing(street.ring, street.plan.communities.map(gridsOf), rng);
    return street.plan.communities.map((p, i) => ({
      item: {
        kind: 'community' as const,
        name: p.name,
        code: `${street.code.slice(0, 9)}${pad(i + 1, 3)}`,
        parent: street as AreaNode,
        ring: rings[i] as Ring,
        sortOrder: i,
      },
      street,
      plan: p,
    }));
  });
  const communityNodes = await insertLevel(
    s,
    communityItems.map((c) => c.item),
  );
  s.communities = communityNodes.map((n, i) => {
    const { street, plan: p } = communityItems[i] as (typeof communityItems)[number];
    const c: CommunityNode = { ...n, plan: p, street, grids: [] };
    street.communities.push(c);
    return c;
  });

  const gridItems = s.communities.flatMap((community) => {
    const rings = splitRing(community.ring, Array<number>(community.plan.gridCount).fill(1), rng);
    return rings.map((ring, i) => ({
      item: {
        kind: 'grid' as const,
        name: `${community.name}第${cnNumber(i + 1)}网格`,
        code: `${community.code}${pad(i + 1, 3)}`,
        parent: community as AreaNode,
        ring,
        sortOrder: i,
      },
      community,
      index: i,
    }));
  });
  const gridNodes = await insertLevel(
    s,
    gridItems.map((g) => g.item),
  );
  s.grids = gridNodes.map((n, i) => {
    const { community, index } = gridItems[i] as (typeof gridItems)[number];
    const rural = community.plan.rural.some((r) => r.grid === index);
    const g: GridNode = { ...n, community, index, rural };
    community.grids.push(g);
    return g;
  });
  s.counts.streets = s.streets.length;
  s.counts.communities = s.communities.length;
  s.counts.grids = s.grids.length;
}

async function buildOrgs(s: GenState) {
  const areaOf = (name: string | null) => {
    if (name === null) return null;
    if (name === 'city') return s.city.id;
    if (name === 'district') return s.district.id;
    return s.communities.find((c) => c.name === name)?.id ?? null;
  };
  const rows = s.plan.orgs.map((o) => ({
    kind: o.kind,
    name: o.name,
    code: o.kind === 'property_company' ? creditCode(s) : null,
    areaId: areaOf(o.area),
    contactName: personName(s.rng),
    dutyPhone: o.kind === 'external' ? '12345' : dutyPhone(s.rng),
    createdAt: s.now,
    updatedAt: s.now,
  }));
  const got = await s.trx.insertInto('organisations').values(rows).returning(['id', 'name']).execute();
  for (const r of got) s.orgs.set(r.name, r.id);
  s.counts.organisations = got.length;
}

/** An 18-character 统一社会信用代码 look-alike (enterprise filing number). */
function creditCode(s: GenState) {
  const chars = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let tail = '';
  for (let i = 0; i < 10; i++) tail += chars[s.rng.int(0, chars.length - 1)];
  return `91141102${tail}`;
}

export const areasStep: Step = { name: 'areas', run: buildAreas };
export const orgsStep: Step = { name: 'organisations', run: buildOrgs };
