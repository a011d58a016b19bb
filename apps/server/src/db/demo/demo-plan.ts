/**
 * The demo world, from the seed reports: 吕梁市 › 离石区 with its four streets, the named communities and
 * compounds with their figures (新城壹号 1,260 households, 工行小区 120 self-managed, 滨河佳苑 162 …).
 * Grids without a named compound get a plausible generated one so every grid has households.
 *
 * Two placements follow the brief rather than the seeds: seed 001 puts 新城壹号 in 城北街道站前社区, but
 * the demo accounts' chain (交口街道 › 高家沟社区 › 第一网格 › a 留义物业 compound) needs it in 高家沟社区.
 * 城东社区 (with 城东小区 and 滨河佳苑) stays in 滨河街道 as seed 002 says.
 */
import { lishiOutline, lvliangOutline } from './geo.js';
import {
  type CommunityPlan,
  CompoundNames,
  type CompoundPlan,
  fillerCompound,
  floorAreas,
  type OrgPlan,
  type WorldPlan,
} from './plan.js';
import { createRng, type Rng } from './random.js';

export const DEMO_SEED = 20_230_315;

export const propertyCompanies = ['留义物业', '嘉顺物业', '恒信物业', '鑫源物业', '锦华物业', '华洲物业'] as const;

export const demoOrgs: OrgPlan[] = [
  ...['城建局', '市场监管局', '住建局', '城管局', '生态环境局', '公安分局'].map(
    (name): OrgPlan => ({ kind: 'department', name, area: 'district' }),
  ),
  ...propertyCompanies.map((name): OrgPlan => ({ kind: 'property_company', name, area: null })),
  { kind: 'property_center', name: '物业管理服务中心', area: 'city' },
  { kind: 'unit', name: '离石区税务局', area: '高家沟社区' },
  { kind: 'unit', name: '工商银行离石支行', area: '高家沟社区' },
  { kind: 'unit', name: '吕梁公路分局', area: '文昌路社区' },
  { kind: 'unit', name: '市农业农村局', area: '交通路社区' },
  { kind: 'external', name: '12345 市民热线', area: 'city' },
];

type Named = Omit<CompoundPlan, 'layout'> & { layout: Omit<CompoundPlan['layout'], 'floorAreas'> };

// Layouts are chosen so rooms ≥ households: 新城壹号 12 buildings (seed: 12 楼栋党小组) × 3 units × 18 floors × 2.
const named: Record<string, Named[]> = {
  高家沟社区: [
    {
      name: '新城壹号',
      households: 1260,
      mode: 'company',
      company: '留义物业',
      buildYear: 2014,
      layout: { buildings: 12, units: 3, floors: 18, perFloor: 2 },
      grids: [0, 1, 2],
    },
  ],
  站前社区: [
    {
      name: '泛华盛世',
      households: 880,
      mode: 'company',
      company: '嘉顺物业',
      buildYear: 2012,
      layout: { buildings: 8, units: 3, floors: 19, perFloor: 2 },
      grids: [0, 1],
    },
  ],
  城东社区: [
    {
      name: '城东小区',
      households: 240,
      mode: 'none',
      company: null,
      buildYear: 1996,
      layout: { buildings: 5, units: 4, floors: 6, perFloor: 2 },
      grids: [0],
    },
    {
      name: '滨河佳苑',
      households: 162,
      mode: 'company',
      company: '恒信物业',
      buildYear: 2010,
      layout: { buildings: 3, units: 3, floors: 9, perFloor: 2 },
      grids: [1],
    },
  ],
  文昌路社区: [
    {
      name: '工行小区',
      households: 120,
      mode: 'self',
      company: null,
      buildYear: 1995,
      layout: { buildings: 5, units: 2, floors: 6, perFloor: 2 },
      grids: [0],
    },
  ],
};

const streets: { name: string; communities: { name: string; grids: number; village?: string }[] }[] = [
  {
    name: '交口街道',
    communities: [
      { name: '高家沟社区', grids: 5 },
      { name: '马茂庄社区', grids: 4, village: '马茂庄村' },
    ],
  },
  {
    name: '城北街道',
    communities: [
      { name: '站前社区', grids: 5 },
      { name: '永宁社区', grids: 4 },
    ],
  },
  {
    name: '滨河街道',
    communities: [
      { name: '城东社区', grids: 6 },
      { name: '交通路社区', grids: 4 },
    ],
  },
  {
    name: '凤山街道',
    communities: [
      { name: '文昌路社区', grids: 5 },
      { name: '凤山社区', grids: 3 },
    ],
  },
];

export function demoPlan(): WorldPlan {
  const rng = createRng(DEMO_SEED);
  const names = new CompoundNames(new Set(Object.values(named).flatMap((list) => list.map((c) => c.name))));
  return {
    seed: DEMO_SEED,
    kind: 'demo',
    city: { name: '吕梁市', code: '141100000000', outline: lvliangOutline },
    district: { name: '离石区', code: '141102000000', outline: lishiOutline },
    orgs: demoOrgs,
    chain: { street: '交口街道', community: '高家沟社区', compound: '新城壹号' },
    streets: streets.map((s) => ({
      name: s.name,
      communities: s.communities.map((c) => community(c, rng, names)),
    })),
  };
}

function community(c: { name: string; grids: number; village?: string }, rng: Rng, names: CompoundNames) {
  const compounds: CompoundPlan[] = (named[c.name] ?? []).map((n) => ({
    ...n,
    layout: { ...n.layout, floorAreas: floorAreas(rng, n.layout.perFloor) },
  }));
  const plan: CommunityPlan = { name: c.name, gridCount: c.grids, compounds, rural: [] };
  // A village community keeps its first two grids rural (households without buildings).
  if (c.village) for (const grid of [0, 1]) plan.rural.push({ grid, village: c.village, households: rng.int(60, 110) });
  for (let g = 0; g < c.grids; g++) {
    const used = compounds.some((x) => x.grids.includes(g)) || plan.rural.some((r) => r.grid === g);
    if (!used) compounds.push(fillerCompound(names.next(), rng.int(80, 320), g, propertyCompanies, rng));
  }
  return plan;
}
