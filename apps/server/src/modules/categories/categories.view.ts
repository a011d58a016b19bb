/** Rows → API views: limits and questions parsed, the tree shaped, effective activity worked out. */
import type { CaseTier } from '@grassroots/shared/cases/cases.lifecycle';
import type {
  CategoryLimits,
  CategoryQuestion,
  CategoryView,
  LimitUnit,
} from '@grassroots/shared/categories/categories.schema';
import type { CategoryRow } from './categories.repository.js';

type Limit = { amount: number; unit: LimitUnit };

const limitOf = (amount: number | null, unit: string | null): Limit | undefined =>
  amount != null && (unit === 'hours' || unit === 'days') ? { amount, unit } : undefined;

export function limitsOf(r: Pick<CategoryRow, `${'accept' | 'respond' | 'resolve'}${'Amount' | 'Unit'}`>) {
  return {
    accept: limitOf(r.acceptAmount, r.acceptUnit),
    respond: limitOf(r.respondAmount, r.respondUnit),
    resolve: limitOf(r.resolveAmount, r.resolveUnit),
  };
}

/** Limits as columns; `undefined` leaves a limit unchanged, `null` clears it. */
export function limitColumns(l: CategoryLimits | undefined) {
  const col = (x: Limit | null | undefined) => (x === undefined ? undefined : (x?.amount ?? null));
  const unit = (x: Limit | null | undefined) => (x === undefined ? undefined : (x?.unit ?? null));
  return {
    acceptAmount: col(l?.accept),
    acceptUnit: unit(l?.accept),
    respondAmount: col(l?.respond),
    respondUnit: unit(l?.respond),
    resolveAmount: col(l?.resolve),
    resolveUnit: unit(l?.resolve),
  };
}

/** Questions are stored as JSON text; a corrupt value reads as none rather than failing every request. */
export function questionsOf(json: string): CategoryQuestion[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? (v as CategoryQuestion[]).sort((a, b) => a.order - b.order) : [];
  } catch {
    return [];
  }
}

export function viewOf(r: CategoryRow, isLeaf: boolean, effectiveActive: boolean): CategoryView {
  const limits = limitsOf(r);
  return {
    id: String(r.id),
    parentId: r.parentId == null ? null : String(r.parentId),
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    isProperty: r.isProperty === 1,
    defaultTier: r.defaultTier as CaseTier,
    defaultOrgId: r.defaultOrgId == null ? null : String(r.defaultOrgId),
    defaultOrgName: r.defaultOrgName ?? null,
    limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v)) as CategoryView['limits'],
    questions: questionsOf(r.questions),
    isLeaf,
    active: r.active === 1,
    effectiveActive,
    sortOrder: r.sortOrder,
    version: r.version,
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

/**
 * All rows (ordered by sortOrder, id) → views in depth-first tree order. Without `includeInactive`, nodes
 * that are inactive or under an inactive ancestor are left out, and so are parents left with no visible child
 * (nothing could be filed under them).
 */
export function shapeTree(rows: CategoryRow[], includeInactive: boolean): CategoryView[] {
  const kids = new Map<number | null, CategoryRow[]>();
  for (const r of rows) {
    const list = kids.get(r.parentId) ?? [];
    list.push(r);
    kids.set(r.parentId, list);
  }
  const walk = (parentId: number | null, parentActive: boolean): CategoryView[] => {
    const out: CategoryView[] = [];
    for (const r of kids.get(parentId) ?? []) {
      const active = parentActive && r.active === 1;
      if (!active && !includeInactive) continue;
      const isLeaf = !kids.has(r.id);
      const children = isLeaf ? [] : walk(r.id, active);
      if (!isLeaf && children.length === 0 && !includeInactive) continue;
      const v = viewOf(r, isLeaf, active);
      if (!isLeaf) v.children = children;
      out.push(v);
    }
    return out;
  };
  return walk(null, true);
}

export function flatten(nodes: CategoryView[]): CategoryView[] {
  return nodes.flatMap(({ children, ...n }) => [n as CategoryView, ...flatten(children ?? [])]);
}
