/**
 * The demo accounts (password `grassroots`, demo mode only). The chain is one line:
 * leader → 交口街道 ⊃ 高家沟社区 (secretary) ⊃ 第一网格 ∋ cadre, worker, member and the resident's
 * household in 新城壹号, managed by 留义物业 (company). Display names are generated, not real people.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { DEMO_PASSWORD } from '../../core/passwords.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Who this is, for the start banner and the README (zh-CN). */
  note: string;
}

export const demoAccounts: readonly DemoAccount[] = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', note: '系统管理员（账号、区域、审计、集成密钥）' },
  { username: 'center', displayName: '郝志强', role: 'center', note: '吕梁市指挥中心（12345 接诉、全市）' },
  {
    username: 'leader',
    displayName: '王建平',
    role: 'leader',
    note: '交口街道党工委书记，一级网格长（L1），包联高家沟社区',
  },
  {
    username: 'secretary',
    displayName: '李秀英',
    role: 'community_secretary',
    note: '高家沟社区党委书记，二级网格长（L2）',
  },
  { username: 'cadre', displayName: '刘晓东', role: 'cadre', note: '高家沟社区两委干部，第一网格三级网格长（L3）' },
  { username: 'worker', displayName: '张丽娟', role: 'grid_worker', note: '高家沟社区第一网格专职网格员（L4）' },
  {
    username: 'member',
    displayName: '郭永福',
    role: 'party_member',
    note: '党员中心户（L5），包联第一网格无智能手机户',
  },
  { username: 'dept', displayName: '贾文斌', role: 'department', note: '职能部门：城建局' },
  { username: 'company', displayName: '薛海涛', role: 'property_company', note: '物业企业：留义物业（管理新城壹号）' },
  { username: 'propcenter', displayName: '任慧敏', role: 'property_center', note: '物业管理服务中心' },
  { username: 'unit', displayName: '白振国', role: 'unit', note: '驻区单位：离石区税务局（报到高家沟社区）' },
  { username: 'resident', displayName: '赵丽萍', role: 'resident', note: '居民：新城壹号住户（第一网格，已认证）' },
];

/** Grid staff duty labels (seed 000 names nine); the demo worker carries these three. */
export const workerDutyLabels = ['信息采集员', '矛盾调解员', '安全隐患排查员'];

/** Residents with a pending link request in the chain grid (the worker's confirmation queue). */
export const pendingResidents = [
  { username: 'resident2', displayName: '田雪梅', note: '我是户主的女儿，想关联家里的房子' },
  { username: 'resident3', displayName: '冯国庆', note: '租住在这里，想关联住户信息' },
];

export function demoAccountsBanner() {
  const lines = demoAccounts.map((a) => `    ${a.username.padEnd(11)} ${a.note}`);
  return `  Demo accounts (password "${DEMO_PASSWORD}", demo mode only):\n${lines.join('\n')}\n`;
}
