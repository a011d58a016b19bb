/**
 * The ledger's vocabulary (DOMAIN.md section 7): person and household tags — the sensitive ones (health,
 * disability, 低保, criminal-record kinds) are encrypted at rest and hidden unless unmasked — relations to the
 * head of household, and the age groups a grid worker sorts her ledger by (seed 002).
 */
import { householdTags } from '../places/places.rules.js';

type Label = { 'zh-CN': string; en: string };

/** Tags anyone who may read the ledger sees (household tags of the places module are of this kind). */
export const openPersonTags = ['党员', '退役军人', '独居', '留守儿童', '新市民', '流动人口', '志愿者'] as const;
/** Personal data of special categories (PIPL art. 28): encrypted, counted by keyed hash, shown only unmasked. */
export const sensitivePersonTags = [
  '残疾',
  '低保',
  '特困',
  '慢性病',
  '重病',
  '孕产妇',
  '社区矫正',
  '刑满释放',
] as const;
export const personTags = [...openPersonTags, ...sensitivePersonTags] as const;
export type PersonTag = (typeof personTags)[number];

export const sensitiveHouseholdTags = ['低保户', '残疾人家庭', '特困户'] as const;
export const allHouseholdTags = [...householdTags, ...sensitiveHouseholdTags] as const;
export type LedgerHouseholdTag = (typeof allHouseholdTags)[number];

const sensitive = new Set<string>([...sensitivePersonTags, ...sensitiveHouseholdTags]);
export const isSensitiveTag = (tag: string) => sensitive.has(tag);

export const tagLabelsEn: Record<string, string> = {
  党员: 'Party member',
  退役军人: 'Veteran',
  独居: 'Lives alone',
  留守儿童: 'Left-behind child',
  新市民: 'Newcomer',
  流动人口: 'Migrant',
  志愿者: 'Volunteer',
  残疾: 'Disability',
  低保: 'Minimum-income support',
  特困: 'Extreme hardship',
  慢性病: 'Chronic illness',
  重病: 'Serious illness',
  孕产妇: 'Pregnant / postpartum',
  社区矫正: 'Community correction',
  刑满释放: 'Released prisoner',
  低保户: 'Minimum-income household',
  残疾人家庭: 'Household with disability',
  特困户: 'Extreme-hardship household',
  独居老人: 'Elderly living alone',
  空巢老人: 'Empty-nest elderly',
  党员户: 'Party household',
  出租户: 'Rented out',
};

export const relations = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export type Relation = (typeof relations)[number];
export const relationLabels: Record<Relation, Label> = {
  head: { 'zh-CN': '户主', en: 'Head' },
  spouse: { 'zh-CN': '配偶', en: 'Spouse' },
  child: { 'zh-CN': '子女', en: 'Child' },
  parent: { 'zh-CN': '父母', en: 'Parent' },
  grandchild: { 'zh-CN': '孙子女', en: 'Grandchild' },
  grandparent: { 'zh-CN': '祖父母', en: 'Grandparent' },
  sibling: { 'zh-CN': '兄弟姐妹', en: 'Sibling' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export const genders = ['male', 'female'] as const;
export type Gender = (typeof genders)[number];
export const genderLabels: Record<Gender, Label> = {
  male: { 'zh-CN': '男', en: 'Male' },
  female: { 'zh-CN': '女', en: 'Female' },
};

/** Age groups by completed years: 0–6, 7–17, 18–34, 35–59, 60–79, 80+. */
export const ageGroups = ['0-6', '7-17', '18-34', '35-59', '60-79', '80+'] as const;
export type AgeGroup = (typeof ageGroups)[number];
export const ageGroupLabels: Record<AgeGroup, Label> = {
  '0-6': { 'zh-CN': '学龄前（0–6岁）', en: 'Pre-school (0–6)' },
  '7-17': { 'zh-CN': '未成年（7–17岁）', en: 'Minors (7–17)' },
  '18-34': { 'zh-CN': '青年（18–34岁）', en: 'Young adults (18–34)' },
  '35-59': { 'zh-CN': '中年（35–59岁）', en: 'Middle-aged (35–59)' },
  '60-79': { 'zh-CN': '老年（60–79岁）', en: 'Elderly (60–79)' },
  '80+': { 'zh-CN': '高龄（80岁以上）', en: 'Very old (80+)' },
};
const bounds: Record<AgeGroup, [number, number]> = {
  '0-6': [0, 6],
  '7-17': [7, 17],
  '18-34': [18, 34],
  '35-59': [35, 59],
  '60-79': [60, 79],
  '80+': [80, 200],
};

/** Completed years between a birth date and `today` (both YYYY-MM-DD). */
export function ageOn(birthDate: string, today: string): number {
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

export function ageGroupOf(birthDate: string, today: string): AgeGroup {
  const age = ageOn(birthDate, today);
  return ageGroups.find((g) => age <= bounds[g][1]) ?? '80+';
}

/**
 * The birth dates of an age group as a half-open range [from, to) of YYYY-MM-DD strings, so a list can filter
 * on an indexed birth_date column: aged 60–79 on 2026-11-23 ⇔ born in (1946-11-23, 1966-11-23].
 */
export function birthDateRange(group: AgeGroup, today: string): { after: string; upTo: string } {
  const [min, max] = bounds[group];
  const shift = (years: number) => `${String(Number(today.slice(0, 4)) - years).padStart(4, '0')}${today.slice(4)}`;
  return { after: shift(max + 1), upTo: shift(min) };
}

/** Custom person fields a deployment defines (e.g. 疫苗接种情况). */
export const customFieldTypes = ['string', 'number', 'boolean', 'date', 'select'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];
