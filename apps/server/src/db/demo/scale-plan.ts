/**
 * The scale plan for `npm run demo -- --households N`: about 300 households a grid, 3–6 grids a
 * community, 3–6 communities a street, all inside 离石区's outline — N = 100,000 gives ~330 grids,
 * ~70 communities and ~17 streets. The first street, community and compound keep the demo names
 * (交口街道 › 高家沟社区 › 新城壹号, managed by 留义物业) so the demo accounts' chain still holds.
 * Exactly N households are planned.
 */
import { demoOrgs, propertyCompanies } from './demo-plan.js';
import { lishiOutline, lvliangOutline } from './geo.js';
import { type CommunityPlan, CompoundNames, type CompoundPlan, fillerCompound, type WorldPlan } from './plan.js';
import { cnNumber, createRng, type Rng } from './random.js';

const HOUSEHOLDS_PER_GRID = 300;

const placeNames = [
  '交口',
  '城北',
  '滨河',
  '凤山',
  '田家会',
  '莲花池',
  '信义',
  '西属巴',
  '枣林',
  '吴城',
  '坪头',
  '红眼川',
  '东川',
  '北川',
  '南川',
  '永宁',
  '龙凤',
  '安国寺',
  '马茂庄',
  '薛村',
  '高家沟',
  '站前',
  '城东',
  '交通路',
  '文昌路',
  '向阳',
  '建设',
  '解放',
  '新华',
  '育才',
  '碧水',
  '青山',
];
const syllables = [...'和平安宁兴华新康福瑞德盛丰泰隆祥'];

/** Unique place names: the list, then two-syllable combinations, then numbered ones. */
class PlaceNames {
  private readonly used = new Set<string>();
  private i = 0;
  next(suffix: string, preferred?: string): string {
    if (preferred && !this.used.has(preferred)) return this.take(preferred);
    for (;;) {
      const n = this.i++;
      const combos = syllables.length * syllables.length;
      let name: string;
      if (n < placeNames.length) name = placeNames[n] as string;
      else if (n < placeNames.length + combos) {
        const k = n - placeNames.length;
        name = (syllables[Math.floor(k / syllables.length)] as string) + syllables[k % syllables.length];
      } else name = `${placeNames[n % placeNames.length]}${cnNumber(Math.floor(n / placeNames.length))}`;
      if (!this.used.has(name + suffix)) return this.take(name + suffix);
    }
  }
  private take(name: string) {
    this.used.add(name);
    return name;
  }
}

/** Splits `total` into groups of 3–6 (a smaller last group when fewer remain). */
function groups(total: number, rng: Rng): number[] {
  const out: number[] = [];
  let left = total;
  while (left > 0) {
    const g = Math.min(left, rng.int(3, 6));
    out.push(g);
    left -= g;
  }
  return out;
}

export function scalePlan(households: number, seed = 42): WorldPlan {
  if (!Number.isInteger(households) || households < 1) throw new Error('households must be a positive integer');
  const rng = createRng(seed);
  const gridCount = Math.max(1, Math.round(households / HOUSEHOLDS_PER_GRID));
  const perGrid = (i: number) => Math.floor(households / gridCount) + (i < households % gridCount ? 1 : 0);
  const streetNames = new PlaceNames();
  const communityNames = new PlaceNames();
  const compoundNames = new CompoundNames(new Set(['新城壹号']));
  let gridIndex = 0;
  const communities: CommunityPlan[] = groups(gridCount, rng).map((grids, ci) => {
    const compounds: CompoundPlan[] = [];
    for (let g = 0; g < grids; g++) {
      let left = perGrid(gridIndex++);
      while (left > 0) {
        const size = Math.min(left, rng.int(80, 600));
        const first = ci === 0 && g === 0 && compounds.length === 0;
        const c = fillerCompound(first ? '新城壹号' : compoundNames.next(), size, g, propertyCompanies, rng);
        if (first) Object.assign(c, { mode: 'company', company: '留义物业', buildYear: 2014 });
        compounds.push(c);
        left -= size;
      }
    }
    return {
      name: communityNames.next('社区', ci === 0 ? '高家沟社区' : undefined),
      gridCount: grids,
      compounds,
      rural: [],
    };
  });
  let ci = 0;
  const streets = groups(communities.length, rng).map((n, si) => {
    const own = communities.slice(ci, ci + n);
    ci += n;
    return { name: streetNames.next('街道', si === 0 ? '交口街道' : undefined), communities: own };
  });
  // Units reported to demo communities that may not exist at this size: attach them to the first one.
  const orgs = demoOrgs.map((o) =>
    o.area && o.area !== 'city' && o.area !== 'district' ? { ...o, area: '高家沟社区' } : o,
  );
  return {
    seed,
    kind: 'scale',
    city: { name: '吕梁市', code: '141100000000', outline: lvliangOutline },
    district: { name: '离石区', code: '141102000000', outline: lishiOutline },
    orgs,
    chain: { street: '交口街道', community: '高家沟社区', compound: '新城壹号' },
    streets,
  };
}
