/**
 * The default category tree (诉求分类). It is configuration, not demo data: loaded into an EMPTY
 * case_categories table at every start, in demo and production alike, and edited in the console afterwards.
 * Limits are working time: 受理 (accept) in hours, 响应 (respond) and 办结 (resolve) per the category's urgency.
 * A default handling organisation is named, and resolved at load time only if that organisation exists.
 */
import type { CaseTier } from '@grassroots/shared/cases/cases.lifecycle';
import type { CategoryQuestion, LimitUnit } from '@grassroots/shared/categories/categories.schema';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';

type L = [number, LimitUnit];
interface Node {
  code: string;
  name: string;
  nameEn: string;
  isProperty?: boolean;
  tier?: CaseTier;
  org?: string;
  /** accept, respond, resolve */
  limits?: [L | null, L, L];
  questions?: CategoryQuestion[];
  children?: Node[];
}

// Typical limits: accept within 2 working hours, respond within 1 working day, resolve in 3–10 working days.
const usual: [L, L, L] = [
  [2, 'hours'],
  [1, 'days'],
  [5, 'days'],
];
const quick: [L, L, L] = [
  [2, 'hours'],
  [1, 'days'],
  [3, 'days'],
];
const slow: [L, L, L] = [
  [2, 'hours'],
  [1, 'days'],
  [10, 'days'],
];
// Safety hazards: accept within the hour, respond within 2 working hours.
const urgent: [L, L, L] = [
  [1, 'hours'],
  [2, 'hours'],
  [2, 'days'],
];

const leaf = (code: string, name: string, nameEn: string, limits = usual, extra: Partial<Node> = {}): Node => ({
  code,
  name,
  nameEn,
  limits,
  ...extra,
});

const noiseQuestions: CategoryQuestion[] = [
  {
    code: 'period',
    datatype: 'singlevaluelist',
    required: true,
    order: 1,
    description: '噪音时段',
    values: [
      { key: 'day', name: '白天' },
      { key: 'night', name: '夜间（22:00–06:00）' },
    ],
  },
];
const liftQuestions: CategoryQuestion[] = [
  { code: 'unit', datatype: 'string', required: false, order: 1, description: '楼栋单元（如 3号楼2单元）' },
  {
    code: 'trapped',
    datatype: 'singlevaluelist',
    required: true,
    order: 2,
    description: '是否有人被困',
    values: [
      { key: 'no', name: '无人被困' },
      { key: 'yes', name: '有人被困' },
    ],
  },
];

export const defaultCategoryTree: Node[] = [
  {
    code: 'wy',
    name: '物业服务',
    nameEn: 'Property services',
    isProperty: true,
    children: [
      leaf('wy.parking', '停车', 'Parking'),
      leaf('wy.lift', '电梯', 'Lifts', quick, { questions: liftQuestions }),
      leaf('wy.cleaning', '保洁', 'Cleaning', quick),
      leaf('wy.greening', '绿化', 'Greenery'),
      leaf('wy.fees', '收费', 'Fees and charges', slow),
      leaf('wy.repair', '维修', 'Repairs'),
    ],
  },
  leaf('wy.dispute', '物业纠纷', 'Property disputes', slow, { isProperty: true }),
  {
    code: 'sz',
    name: '市政设施',
    nameEn: 'Municipal facilities',
    tier: 'street',
    children: [
      leaf('sz.sewer', '下水道', 'Sewers and drains', usual, { org: '城建局' }),
      leaf('sz.streetlight', '路灯', 'Street lights', usual, { org: '城建局' }),
      leaf('sz.road', '道路破损', 'Damaged roads', slow, { org: '住建局' }),
      leaf('sz.manhole', '井盖', 'Manhole covers', urgent, { org: '城建局' }),
      leaf('sz.water', '供水', 'Water supply', quick),
      leaf('sz.heating', '供暖', 'Heating', quick),
    ],
  },
  {
    code: 'lj',
    name: '邻里纠纷',
    nameEn: 'Neighbour disputes',
    children: [
      leaf('lj.noise', '噪音', 'Noise', usual, { questions: noiseQuestions }),
      leaf('lj.leak', '漏水', 'Leaks between flats'),
      leaf('lj.pets', '宠物', 'Pets'),
      leaf('lj.occupation', '占道', 'Blocking shared space', quick),
    ],
  },
  {
    code: 'hj',
    name: '环境卫生',
    nameEn: 'Environment and sanitation',
    children: [
      leaf('hj.garbage', '垃圾清运', 'Rubbish collection', quick, { org: '城管局' }),
      leaf('hj.dumping', '乱堆乱放', 'Dumping and clutter', quick),
      leaf('hj.livestock', '违规养殖', 'Illegal animal keeping', usual, { org: '生态环境局' }),
    ],
  },
  {
    code: 'aq',
    name: '安全隐患',
    nameEn: 'Safety hazards',
    children: [
      leaf('aq.fire_lane', '消防通道', 'Blocked fire lanes', urgent),
      leaf('aq.gas', '燃气', 'Gas', urgent),
      leaf('aq.unsafe_building', '危房', 'Unsafe buildings', urgent, { tier: 'street', org: '住建局' }),
      leaf('aq.ebike_charging', '电动车充电', 'E-bike charging', urgent),
    ],
  },
  {
    code: 'ms',
    name: '民生服务',
    nameEn: 'Livelihood services',
    children: [
      leaf('ms.subsidy', '低保救助', 'Subsistence allowance', slow),
      leaf('ms.elderly', '养老服务', 'Elderly care', usual),
      leaf('ms.employment', '就业', 'Employment', slow),
      leaf('ms.certificates', '证照办理', 'Certificates and licences', usual),
    ],
  },
  leaf('other', '其他', 'Other'),
];

/**
 * Loads the default tree if the table is empty; returns how many categories it inserted (0 if any existed).
 * Two nodes starting at once: the loser's insert trips the unique code and is treated as "already loaded".
 */
export async function ensureDefaultCategories(ctx: AppContext): Promise<number> {
  const k = ctx.db.kysely;
  if (await k.selectFrom('caseCategories').select('id').limit(1).executeTakeFirst()) return 0;
  const orgs = await k.selectFrom('organisations').select(['id', 'name']).where('disabled', '=', 0).execute();
  const orgId = new Map(orgs.map((o) => [o.name, o.id]));
  try {
    return await k.transaction().execute(async (trx) => {
      const now = ctx.clock.now();
      let count = 0;
      const insert = async (n: Node, parent: { id: number; path: string } | null, order: number, inherited: Node) => {
        const [accept, respond, resolve] = n.limits ?? [null, null, null];
        const { id } = await trx
          .insertInto('caseCategories')
          .values({
            parentId: parent?.id ?? null,
            path: `tmp-${n.code}`,
            code: n.code,
            name: n.name,
            nameEn: n.nameEn,
            isProperty: (n.isProperty ?? inherited.isProperty) ? 1 : 0,
            defaultTier: n.tier ?? inherited.tier ?? 'community',
            defaultOrgId: (n.org && orgId.get(n.org)) || null,
            acceptAmount: accept?.[0] ?? null,
            acceptUnit: accept?.[1] ?? null,
            respondAmount: respond?.[0] ?? null,
            respondUnit: respond?.[1] ?? null,
            resolveAmount: resolve?.[0] ?? null,
            resolveUnit: resolve?.[1] ?? null,
            questions: JSON.stringify(n.questions ?? []),
            sortOrder: order,
            createdAt: now,
            updatedAt: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const path = `${parent?.path ?? '/'}${id}/`;
        await trx.updateTable('caseCategories').set({ path }).where('id', '=', id).execute();
        count++;
        for (const [i, c] of (n.children ?? []).entries())
          await insert(c, { id, path }, (i + 1) * 10, { ...inherited, ...n, tier: n.tier ?? inherited.tier });
      };
      for (const [i, n] of defaultCategoryTree.entries()) await insert(n, null, (i + 1) * 10, n);
      await ctx.audit.write(trx, systemActor, {
        action: 'category.seeded',
        entityType: 'case_category',
        summary: { count },
      });
      return count;
    });
  } catch (e) {
    const again = await k.selectFrom('caseCategories').select('id').limit(1).executeTakeFirst();
    if (again) return 0;
    throw e;
  }
}
