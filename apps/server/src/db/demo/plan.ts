/**
 * A world plan: what the generator builds (area tree, organisations, compounds with their building
 * layout and exact household counts). The demo plan is written by hand from the seed reports; the
 * scale plan is computed for N households. Both go through the same generator.
 */
import type { Ring } from './geo.js';
import type { Rng } from './random.js';

export type ManagementMode = 'company' | 'self' | 'none';

export interface Layout {
  buildings: number;
  units: number;
  floors: number;
  perFloor: number;
  /** Floor area (m²) of the room at each position on a floor. */
  floorAreas: number[];
}

export interface CompoundPlan {
  name: string;
  households: number;
  mode: ManagementMode;
  /** Name of the managing property company (mode `company`). */
  company: string | null;
  buildYear: number;
  layout: Layout;
  /** Indices (in the community) of the grids its buildings stand in, spread in order. */
  grids: number[];
}

/** Rural households hang directly under a grid (no building), e.g. in a village part of a community. */
export interface RuralPlan {
  grid: number;
  village: string;
  households: number;
}

export interface CommunityPlan {
  name: string;
  gridCount: number;
  compounds: CompoundPlan[];
  rural: RuralPlan[];
}

export interface StreetPlan {
  name: string;
  communities: CommunityPlan[];
}

export type OrgKind = 'department' | 'property_company' | 'property_center' | 'unit' | 'external';

export interface OrgPlan {
  kind: OrgKind;
  name: string;
  /** Where it serves or reported to (双报到): 'city', 'district' or a community name. */
  area: string | null;
}

export interface WorldPlan {
  seed: number;
  city: { name: string; code: string; outline: Ring };
  district: { name: string; code: string; outline: Ring };
  streets: StreetPlan[];
  orgs: OrgPlan[];
  /** The demo accounts' one line: street ⊃ community ⊃ grid 0 ∋ a household of `compound`. */
  chain: { street: string; community: string; compound: string };
  kind: 'demo' | 'scale';
}

/** A building layout with at least `households` rooms and little waste. */
export function layoutFor(households: number, rng: Rng): Layout {
  const perFloor = 2;
  const units = households < 60 ? 1 : households < 300 ? 2 : rng.int(2, 3);
  const floors0 = households < 150 ? 6 : households < 500 ? rng.pick([6, 11]) : rng.pick([11, 18, 26]);
  const buildings = Math.max(1, Math.ceil(households / (units * floors0 * perFloor)));
  const floors = Math.max(2, Math.ceil(households / (buildings * units * perFloor)));
  return { buildings, units, floors, perFloor, floorAreas: floorAreas(rng, perFloor) };
}

export function floorAreas(rng: Rng, perFloor: number): number[] {
  return Array.from({ length: perFloor }, (_, i) => {
    const [lo, hi] = i % 2 === 0 ? [70, 105] : [100, 140];
    return Math.round((lo + rng.next() * (hi - lo)) * 100) / 100;
  });
}

export const roomsOf = (l: Layout) => l.buildings * l.units * l.floors * l.perFloor;
export const householdsOf = (plan: WorldPlan) =>
  plan.streets
    .flatMap((s) => s.communities)
    .reduce(
      (n, c) => n + c.compounds.reduce((m, x) => m + x.households, 0) + c.rural.reduce((m, r) => m + r.households, 0),
      0,
    );

const baseCompoundNames = [
  '康宁小区',
  '锦绣苑',
  '御景园',
  '龙凤苑',
  '税务局家属院',
  '电业局家属院',
  '二轻宿舍',
  '水利局家属院',
  '阳光花园',
  '盛世华庭',
  '金谷家园',
  '世纪花园',
  '鑫海苑',
  '翠林苑',
  '和平小区',
  '朝阳小区',
  '建行家属院',
  '交警队家属院',
  '丽景花园',
  '惠民小区',
  '学府苑',
  '文昌苑',
  '东川花园',
  '北川新村',
  '滨河湾',
  '紫金园',
  '新华小区',
  '幸福里',
  '书香苑',
  '馨园小区',
  '秀水苑',
  '怡景园',
  '凤凰城',
  '天骄华府',
  '锦华苑',
  '祥和家园',
];

/** Unique compound names: the base list, then 二期/三期 … of it. */
export class CompoundNames {
  private i = 0;
  constructor(private readonly taken = new Set<string>()) {}
  next(): string {
    for (;;) {
      const base = baseCompoundNames[this.i % baseCompoundNames.length] as string;
      const round = Math.floor(this.i / baseCompoundNames.length);
      this.i++;
      const name = round === 0 ? base : `${base}${round + 1}期`;
      if (!this.taken.has(name)) {
        this.taken.add(name);
        return name;
      }
    }
  }
}

/** A compound filling one grid (the scale plan, and demo grids without a named compound). */
export function fillerCompound(
  name: string,
  households: number,
  grid: number,
  companies: readonly string[],
  rng: Rng,
): CompoundPlan {
  const roll = rng.next();
  const mode: ManagementMode = roll < 0.7 ? 'company' : roll < 0.82 ? 'self' : 'none';
  return {
    name,
    households,
    mode,
    company: mode === 'company' ? rng.pick(companies) : null,
    buildYear: rng.int(1988, 2021),
    layout: layoutFor(households, rng),
    grids: [grid],
  };
}
