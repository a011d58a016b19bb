/** Roles of DOMAIN.md section 2. Area roles are scoped by an area subtree, org roles by an organisation. */
export const Role = {
  admin: 'admin',
  center: 'center',
  leader: 'leader',
  community_secretary: 'community_secretary',
  cadre: 'cadre',
  grid_worker: 'grid_worker',
  party_member: 'party_member',
  department: 'department',
  property_center: 'property_center',
  property_company: 'property_company',
  unit: 'unit',
  volunteer: 'volunteer',
  resident: 'resident',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const roles = Object.values(Role) as [Role, ...Role[]];

/** Staff of these roles see what is assigned to their organisation, not an area. */
export const orgRoles = ['department', 'property_company', 'unit'] as const satisfies readonly Role[];
export type OrgRole = (typeof orgRoles)[number];
export const isOrgRole = (r: Role): r is OrgRole => (orgRoles as readonly Role[]).includes(r);

/** Residents carry no area; their reach is their own account and confirmed households. */
export const isAreaRole = (r: Role) => !isOrgRole(r) && r !== 'resident';

/** Five-level responsibility chain (五级网格矩阵): level → role. */
export const chainLevels = {
  1: 'leader',
  2: 'community_secretary',
  3: 'cadre',
  4: 'grid_worker',
  5: 'party_member',
} as const satisfies Record<number, Role>;
export type ChainLevel = keyof typeof chainLevels;

export const roleLabels: Record<Role, { 'zh-CN': string; en: string }> = {
  admin: { 'zh-CN': '系统管理员', en: 'Administrator' },
  center: { 'zh-CN': '指挥中心', en: 'Command centre' },
  leader: { 'zh-CN': '街道领导（一级网格长）', en: 'Street leader (L1)' },
  community_secretary: { 'zh-CN': '社区书记（二级网格长）', en: 'Community secretary (L2)' },
  cadre: { 'zh-CN': '包联干部（三级网格长）', en: 'Linked cadre (L3)' },
  grid_worker: { 'zh-CN': '专职网格员（四级）', en: 'Grid worker (L4)' },
  party_member: { 'zh-CN': '党员中心户（五级）', en: 'Party member (L5)' },
  department: { 'zh-CN': '职能部门', en: 'Department' },
  property_center: { 'zh-CN': '物业管理服务中心', en: 'Property centre' },
  property_company: { 'zh-CN': '物业企业', en: 'Property company' },
  unit: { 'zh-CN': '驻区单位', en: 'Resident unit' },
  volunteer: { 'zh-CN': '志愿者', en: 'Volunteer' },
  resident: { 'zh-CN': '居民', en: 'Resident' },
};

/** Duty labels of grid staff (seed 000 names nine). */
export const dutyLabels = [
  '政策宣传员',
  '信息采集员',
  '矛盾调解员',
  '安全隐患排查员',
  '民生服务员',
  '环境卫生监督员',
  '文明新风倡导员',
  '平安建设巡防员',
  '党建工作联络员',
] as const;
