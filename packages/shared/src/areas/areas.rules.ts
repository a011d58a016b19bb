/** Area levels, parent rules and materialised-path maths (pure; unit-tested). */
export const AreaKind = {
  city: 'city',
  district: 'district',
  street: 'street',
  community: 'community',
  grid: 'grid',
} as const;
export type AreaKind = (typeof AreaKind)[keyof typeof AreaKind];
export const areaKinds = Object.values(AreaKind) as [AreaKind, ...AreaKind[]];

export const areaKindLabels: Record<AreaKind, { 'zh-CN': string; en: string }> = {
  city: { 'zh-CN': '市', en: 'City' },
  district: { 'zh-CN': '区/县', en: 'District' },
  street: { 'zh-CN': '街道/乡镇', en: 'Street' },
  community: { 'zh-CN': '社区/村', en: 'Community' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
};

const order: AreaKind[] = ['city', 'district', 'street', 'community', 'grid'];

/** The kind a child of `parent` must have (null parent ⇒ a root city); null when a grid has no children. */
export function childKindOf(parent: AreaKind | null): AreaKind | null {
  if (parent === null) return 'city';
  return order[order.indexOf(parent) + 1] ?? null;
}

export const pathOf = (parentPath: string | null, id: string | number) => `${parentPath ?? '/'}${id}/`;

/** `/1/7/42/` → ['1','7','42'] */
export const idsOfPath = (path: string) => path.split('/').filter(Boolean);

/** `/1/7/42/` → ['/', '/1/', '/1/7/', '/1/7/42/']: the root, every ancestor and the path itself. */
export function pathAndAncestors(path: string): string[] {
  const out = ['/'];
  for (const id of idsOfPath(path)) out.push(`${out[out.length - 1]}${id}/`);
  return out;
}

/** True when `path` lies in the subtree rooted at `root` (inclusive). */
export const isWithin = (path: string, root: string) => path.startsWith(root);

/** Moving `node` under `target` is invalid when target is the node itself or inside it. */
export const isMoveIntoSelf = (nodePath: string, targetPath: string) => targetPath.startsWith(nodePath);

/** Re-key a descendant path after its ancestor moved from `oldPrefix` to `newPrefix`. */
export const rekeyPath = (path: string, oldPrefix: string, newPrefix: string) =>
  isWithin(path, oldPrefix) ? newPrefix + path.slice(oldPrefix.length) : path;

/** Drops paths already covered by another path in the list (so scope filters stay short). */
export function collapsePaths(paths: readonly string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => p.startsWith(k))) kept.push(p);
  return kept;
}

/** The kind a parent of `kind` must have (null ⇒ a city is a root). */
export function parentKindOf(kind: AreaKind): AreaKind | null {
  return order[order.indexOf(kind) - 1] ?? null;
}

/** Short level tags for trees and maps (市/区县/街道/社区/网格). */
export const areaKindTags: Record<AreaKind, { 'zh-CN': string; en: string }> = {
  city: { 'zh-CN': '市', en: 'City' },
  district: { 'zh-CN': '区县', en: 'District' },
  street: { 'zh-CN': '街道', en: 'Street' },
  community: { 'zh-CN': '社区', en: 'Community' },
  grid: { 'zh-CN': '网格', en: 'Grid' },
};

/** Depth of a kind (city 0 … grid 4). */
export const areaKindDepth = (kind: AreaKind) => order.indexOf(kind);

/** Grid elements (网格要素, "全要素一网通管"). */
export const GridElementKind = {
  institution: 'institution',
  enterprise: 'enterprise',
  shop: 'shop',
  school: 'school',
  hospital: 'hospital',
  road: 'road',
  well: 'well',
  river: 'river',
  forest: 'forest',
  field: 'field',
  mine: 'mine',
  other: 'other',
} as const;
export type GridElementKind = (typeof GridElementKind)[keyof typeof GridElementKind];
export const gridElementKinds = Object.values(GridElementKind) as [GridElementKind, ...GridElementKind[]];

export const gridElementKindLabels: Record<GridElementKind, { 'zh-CN': string; en: string }> = {
  institution: { 'zh-CN': '机关单位', en: 'Institution' },
  enterprise: { 'zh-CN': '企业', en: 'Enterprise' },
  shop: { 'zh-CN': '商铺', en: 'Shop' },
  school: { 'zh-CN': '学校', en: 'School' },
  hospital: { 'zh-CN': '医疗机构', en: 'Medical facility' },
  road: { 'zh-CN': '道路', en: 'Road' },
  well: { 'zh-CN': '井盖/水井', en: 'Manhole / well' },
  river: { 'zh-CN': '河流', en: 'River' },
  forest: { 'zh-CN': '林地', en: 'Forest' },
  field: { 'zh-CN': '耕地', en: 'Farmland' },
  mine: { 'zh-CN': '矿山', en: 'Mine' },
  other: { 'zh-CN': '其他', en: 'Other' },
};
