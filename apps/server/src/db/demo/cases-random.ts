/**
 * Random intake over the year before now: how many cases each day (fewer at weekends and around the Spring
 * Festival, more in summer), which channel, which category (heating in winter, noise in summer), where, and
 * who files it — residents from their own household, grid workers on behalf of households without a
 * smartphone, the 12345 desk with its ticket number, the community for visits and letters, grid workers'
 * patrols (本级自查), and superiors (上级交办).
 */
import type { CaseSource } from '@grassroots/shared/cases/cases.schema';
import { DAY_MS, dayOf, dayStartMs } from '@grassroots/shared/worktime/calendar';
import type { CaseSpec } from './cases-flow.js';
import { answersFor, dayKey, type Intake } from './cases-intake.js';
import { registrarArea } from './cases-sim.js';
import { describe, phrases, slotsOf } from './cases-text.js';
import { type CategoryInfo, type PlaceInfo, roleAreaKey, type World } from './cases-world.js';
import type { Rng } from './random.js';

const HOUR = 3_600_000;

const sourceWeights: [CaseSource, number][] = [
  ['resident', 36],
  ['on_behalf', 13],
  ['hotline', 22],
  ['visit', 8],
  ['letter', 3],
  ['self_inspection', 13],
  ['superior', 5],
];

const categoryWeights: Record<string, number> = {
  'wy.parking': 7,
  'wy.lift': 4,
  'wy.cleaning': 4,
  'wy.greening': 2,
  'wy.fees': 3,
  'wy.repair': 6,
  'wy.dispute': 3,
  'sz.sewer': 7,
  'sz.streetlight': 4,
  'sz.road': 3,
  'sz.manhole': 2,
  'sz.water': 3,
  'sz.heating': 5,
  'lj.noise': 6,
  'lj.leak': 6,
  'lj.pets': 3,
  'lj.occupation': 3,
  'hj.garbage': 7,
  'hj.dumping': 5,
  'hj.livestock': 1,
  'aq.fire_lane': 3,
  'aq.gas': 1.5,
  'aq.unsafe_building': 1,
  'aq.ebike_charging': 3,
  'ms.subsidy': 2,
  'ms.elderly': 2,
  'ms.employment': 1,
  'ms.certificates': 2,
  other: 2,
};

// January … December: the Spring Festival month is quiet, summer is busy.
const monthWeights = [0.9, 0.75, 0.95, 1, 1.05, 1.15, 1.2, 1.15, 1.05, 0.95, 1, 1];
// Residents write from 07:00 to 22:00, most in the morning and the evening.
const residentHours = [1, 2, 3, 3, 3, 2, 2, 3, 3, 3, 2, 3, 3, 3, 2];
const residentHourWeights = residentHours.map((w, i) => [i, w] as [number, number]);

const unplacedAddresses = ['吕梁大道与307国道交叉口', '离石城郊高速出口附近', '东川河河道旁空地', '北川河东路尽头'];

const monthOf = (ms: number) => new Date(ms + 8 * HOUR).getUTCMonth();

function seasonal(code: string | null, month: number) {
  const winter = month >= 10 || month <= 2;
  const summer = month >= 5 && month <= 7;
  if (code === 'sz.heating') return winter ? 3 : 0.1;
  if (code === 'lj.noise' || code === 'sz.water' || code === 'hj.garbage') return summer ? 1.4 : 1;
  return 1;
}

/** One of `items`, each with the chance of its weight. */
export function weighted<T>(rng: Rng, items: readonly [T, number][]): T {
  let roll = rng.next() * items.reduce((n, [, w]) => n + w, 0);
  for (const [item, w] of items) {
    roll -= w;
    if (roll <= 0) return item;
  }
  return items[items.length - 1]![0];
}

/** How many cases on each of the 365 Shanghai days up to today (today only up to now). */
export function planDays(total: number, now: number): { day: number; n: number }[] {
  const today = dayOf(now);
  const days = Array.from({ length: 365 }, (_, i) => today - 364 + i);
  const weights = days.map((d) => {
    const weekday = new Date(d * DAY_MS).getUTCDay();
    const w = (weekday === 0 || weekday === 6 ? 0.6 : 1) * monthWeights[monthOf(dayStartMs(d))]!;
    return d === today ? (w * (now - dayStartMs(d))) / DAY_MS : w;
  });
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  let given = 0;
  return days.map((day, i) => {
    acc += weights[i]!;
    const upTo = Math.round((total * acc) / sum);
    const n = upTo - given;
    given = upTo;
    return { day, n };
  });
}

export type RandomCase = Intake & { spec: CaseSpec };

export class RandomIntake {
  private readonly residents: World['residents'];
  private readonly noSmartphone: PlaceInfo[];
  private ext = 0;
  /** Whether this load made an unplaced case yet: each makes at least one, so the placement queue has work. */
  private madeUnplaced = false;
  private readonly categoryItems = new Map<string, [CategoryInfo, number][]>();

  constructor(
    private readonly world: World,
    private readonly rng: Rng,
    private readonly now: number,
    opts: { excludeAccounts: number[]; externalOffset: number },
  ) {
    this.residents = world.residents.filter((r) => !opts.excludeAccounts.includes(r.accountId));
    this.noSmartphone = world.places.filter((p) => p.noSmartphone);
    this.ext = opts.externalOffset;
  }

  /** The day's cases, in order of creation. */
  day(day: number, n: number): RandomCase[] {
    const out = Array.from({ length: n }, () => this.one(day));
    return out.sort((a, b) => a.at - b.at);
  }

  private at(day: number, staff: boolean) {
    const { rng } = this;
    const start = dayStartMs(day);
    let t: number;
    if (staff) {
      // 08:30–12:00 and 14:00–17:30.
      const m = rng.int(0, 419);
      t = start + (m < 210 ? 510 + m : 840 + m - 210) * 60_000 + rng.int(0, 59_999);
    } else {
      const hour = 7 + weighted(rng, residentHourWeights);
      t = start + hour * HOUR + rng.int(0, HOUR - 1);
    }
    return t > this.now ? start + Math.floor(rng.next() * (this.now - start)) : t;
  }

  private category(month: number, source: CaseSource): CategoryInfo {
    // The weights depend on month and source only: computed once per pair (a bulk load draws millions).
    const key = `${month}|${source}`;
    let items = this.categoryItems.get(key);
    if (!items) {
      items = this.world.categories.map((c) => {
        const group = (c.code ?? '').split('.')[0];
        let w = (categoryWeights[c.code ?? ''] ?? 1) * seasonal(c.code, month);
        if (source === 'self_inspection') w *= group === 'aq' || group === 'hj' || group === 'sz' ? 3 : 0.3;
        if (source === 'on_behalf' && group === 'ms') w *= 3;
        return [c, w] as [CategoryInfo, number];
      });
      this.categoryItems.set(key, items);
    }
    return weighted(this.rng, items);
  }

  private first(role: string, areaId: number | null | undefined) {
    return areaId == null ? undefined : this.world.byRoleArea.get(roleAreaKey(role, areaId))?.[0];
  }

  private one(day: number): RandomCase {
    const { rng, world } = this;
    let source = weighted(rng, sourceWeights);
    if (source === 'resident' && this.residents.length === 0) source = 'visit';
    const staff = source !== 'resident';
    const at = this.at(day, staff);
    const category = this.category(monthOf(at), source);
    const center = this.first('center', world.root.id) ?? null;
    let place: PlaceInfo | null = rng.pick(world.places);
    let submitter: number | null = null;
    let rater: number | null = null;
    let by: Intake['by'] = 'household';
    const extra: Partial<Intake> = {};
    const hasBuilding = () => place?.buildingId != null;
    switch (source) {
      case 'resident': {
        const r = rng.pick(this.residents);
        place = r.place;
        submitter = r.accountId;
        rater = r.accountId;
        break;
      }
      case 'on_behalf': {
        if (this.noSmartphone.length && rng.chance(0.6)) place = rng.pick(this.noSmartphone);
        submitter = this.first('grid_worker', place.gridId) ?? null;
        if (submitter == null) {
          source = 'visit';
          submitter = this.first('community_secretary', registrarArea(world, place.path, 'community').area.id) ?? null;
        } else extra.onBehalfReason = rng.pick(phrases.onBehalfReasons);
        rater = world.residentOf.get(place.householdId ?? -1) ?? null;
        break;
      }
      case 'hotline':
        submitter = center;
        extra.externalNo = `LS${dayKey(at)}${String(++this.ext).padStart(7, '0')}`;
        if (!this.madeUnplaced || rng.chance(0.01)) {
          this.madeUnplaced = true;
          place = null;
          extra.address = rng.pick(unplacedAddresses);
          extra.point = { lng: 111.32 + rng.next() * 0.02, lat: 37.4 + rng.next() * 0.02 };
          by = 'point';
        } else if (place.lng != null && rng.chance(0.3)) {
          by = 'point';
          extra.address = place.buildingAddress ?? place.address;
        } else by = hasBuilding() ? 'building' : 'household';
        break;
      case 'visit':
      case 'letter':
        submitter = this.first('community_secretary', registrarArea(world, place.path, 'community').area.id) ?? null;
        rater = world.residentOf.get(place.householdId ?? -1) ?? null;
        break;
      case 'self_inspection':
        submitter = this.first('grid_worker', place.gridId) ?? this.first('cadre', place.gridId) ?? null;
        by = hasBuilding() ? 'building' : 'household';
        break;
      default:
        submitter = rng.chance(0.7)
          ? (this.first('leader', registrarArea(world, place.path, 'street').area.id) ?? center)
          : center;
        by = hasBuilding() ? 'building' : 'household';
    }
    const slots = place ? slotsOf(place.address, place.compound, place.building, rng) : null;
    const description = slots
      ? describe(category.code, category.name, source, slots, rng)
      : `市民来电反映：${extra.address}附近有${category.name}方面的问题，请尽快核实处理。`;
    return {
      at,
      category,
      source,
      submitter: submitter ?? world.usernames.get('admin') ?? null,
      place,
      by,
      description,
      answers: answersFor(category, slots ?? { c: '', b: '', u: '', f: '', r: '' }, at, rng),
      ...extra,
      spec: { place, rater, hard: rng.chance(0.01) },
    };
  }
}
