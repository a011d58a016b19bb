/**
 * Step 5: grid elements (网格要素, "全要素一网通管") — a few per grid, each with a kind, a code, a point or
 * line inside the grid, a responsible person and a public duty phone. Village grids get fields, wells
 * and the river; town grids institutions, enterprises, shops, schools and roads.
 */
import type { GenState, GridNode, Step } from './generator.js';
import { chunked } from './generator.js';
import { lineJson, pointIn, pointJson } from './geo.js';
import { dutyPhone, personName, type Rng } from './random.js';

type Kind = 'institution' | 'enterprise' | 'shop' | 'school' | 'road' | 'well' | 'river' | 'field';

const institutions = ['离石区人社局', '国网离石供电公司', '离石区图书馆', '离石区邮政分局', '吕梁市供水公司营业厅'];
const enterpriseWords = ['鑫达', '华晋', '昌盛', '吕能', '汇丰', '宏远', '晋通', '利民'];
const enterpriseKinds = ['商贸有限公司', '建材有限公司', '物流有限公司', '餐饮管理有限公司'];
const shopKinds = ['便利店', '超市', '药店', '五金店', '面馆', '早餐店', '理发店'];
const roads = ['永宁路', '滨河北路', '滨河南路', '龙凤大街', '凤山路', '交口路', '北川河东路', '学院路', '新华街'];
const rivers = ['东川河', '北川河', '三川河'];

const urbanKinds: Kind[] = ['institution', 'enterprise', 'shop', 'shop', 'school', 'road', 'well'];
const villageKinds: Kind[] = ['field', 'field', 'well', 'road', 'river', 'shop'];

function nameOf(kind: Kind, grid: GridNode, rng: Rng, n: number): string {
  const stem = grid.community.name.replace(/社区$/, '');
  switch (kind) {
    case 'institution':
      return rng.pick(institutions);
    case 'enterprise':
      return `吕梁${rng.pick(enterpriseWords)}${rng.pick(enterpriseKinds)}`;
    case 'shop':
      return `${personName(rng).slice(0, 1)}记${rng.pick(shopKinds)}`;
    case 'school':
      return rng.chance(0.5) ? `${stem}小学` : `${stem}幼儿园`;
    case 'road':
      return `${rng.pick(roads)}（${stem}段）`;
    case 'well':
      return `${grid.rural ? '机井' : '窨井'}${n}号`;
    case 'river':
      return `${rng.pick(rivers)}（${stem}段）`;
    case 'field':
      return `${stem}${n}号地块`;
  }
}

function elementsOf(s: GenState, grid: GridNode) {
  const { rng } = s;
  const pool = grid.rural ? villageKinds : urbanKinds;
  const count = rng.int(3, 6);
  return Array.from({ length: count }, (_, i) => {
    const kind = pool[(i + rng.int(0, pool.length - 1)) % pool.length] as Kind;
    const linear = kind === 'road' || kind === 'river';
    const geometry = linear
      ? lineJson([pointIn(grid.ring, rng, 0.8), pointIn(grid.ring, rng, 0.8)])
      : pointJson(pointIn(grid.ring, rng, 0.8));
    return {
      gridId: grid.id,
      areaPath: grid.path,
      kind,
      name: nameOf(kind, grid, rng, i + 1),
      code: `${grid.code}-${String(i + 1).padStart(2, '0')}`,
      geometry,
      responsibleName: personName(rng),
      responsiblePhone: dutyPhone(rng),
      createdAt: s.now,
      updatedAt: s.now,
    };
  });
}

async function buildElements(s: GenState) {
  const rows = s.grids.flatMap((g) => elementsOf(s, g));
  for (const part of chunked(rows)) await s.trx.insertInto('gridElements').values(part).execute();
  s.counts.gridElements = rows.length;
}

export const elementsStep: Step = { name: 'gridElements', run: buildElements };
