/** Five-level chain rules (pure): which area kind each level sits on, which levels an area shows. */
import type { AreaKind } from '../areas/areas.rules.js';
import { type ChainLevel, chainLevels } from '../auth/roles.js';

export const chainLevelList = [1, 2, 3, 4, 5] as const satisfies readonly ChainLevel[];

/** L1 on a street, L2 on a community, L3–L5 on a grid. */
export const levelAreaKind: Record<ChainLevel, AreaKind> = {
  1: 'street',
  2: 'community',
  3: 'grid',
  4: 'grid',
  5: 'grid',
};

export const chainLevelLabels: Record<ChainLevel, { 'zh-CN': string; en: string }> = {
  1: { 'zh-CN': '一级网格长 · 街道领导', en: 'L1 · Street leader' },
  2: { 'zh-CN': '二级网格长 · 社区书记', en: 'L2 · Community secretary' },
  3: { 'zh-CN': '三级网格长 · 包联干部', en: 'L3 · Linked cadre' },
  4: { 'zh-CN': '四级网格员 · 专职网格员', en: 'L4 · Grid worker' },
  5: { 'zh-CN': '五级网格员 · 党员中心户', en: 'L5 · Party member' },
};

export const roleOfLevel = (level: ChainLevel) => chainLevels[level];

export const levelOfRole = (role: string): ChainLevel | null => {
  for (const l of chainLevelList) if (chainLevels[l] === role) return l;
  return null;
};

/** True when a person of `level` may be placed on an area of `kind`. */
export const levelFitsArea = (level: ChainLevel, kind: string) => levelAreaKind[level] === kind;

/** Levels an area's chain view shows: a grid and a community show all five; a street and above L1–L2. */
export function levelsShownFor(kind: string): ChainLevel[] {
  return kind === 'grid' || kind === 'community' ? [...chainLevelList] : [1, 2];
}

/** Levels one can add on an area of this kind (the console's level select). */
export const levelsAssignableOn = (kind: string): ChainLevel[] => chainLevelList.filter((l) => levelFitsArea(l, kind));
