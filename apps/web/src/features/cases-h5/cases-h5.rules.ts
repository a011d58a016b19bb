/** Pure rules of the phone case pages (unit-tested): category groups, task order and deadlines, answers. */
import type { CaseStatus } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseSummary } from '@grassroots/shared/cases/cases.schema';
import type { CategoryQuestion, CategoryView } from '@grassroots/shared/categories/categories.schema';

type Locale = 'zh-CN' | 'en';
const nameOf = (c: CategoryView, locale: Locale) => (locale === 'en' && c.nameEn ? c.nameEn : c.name);

export interface LeafGroup {
  key: string;
  title: string | null;
  leaves: { id: string; name: string; questions: CategoryQuestion[] }[];
}

/**
 * The leaves a case may be filed under, grouped by their parent path (物业服务, 市政设施 / …). Leaves at
 * the top of the tree form one untitled group at the end, so 其他 stays last.
 */
export function leafGroups(tree: CategoryView[], locale: Locale): LeafGroup[] {
  const groups = new Map<string, LeafGroup>();
  const top: LeafGroup = { key: '', title: null, leaves: [] };
  const walk = (nodes: CategoryView[], trail: string[], parentKey: string) => {
    for (const n of nodes) {
      if (n.isLeaf) {
        const leaf = { id: n.id, name: nameOf(n, locale), questions: n.questions };
        if (!trail.length) top.leaves.push(leaf);
        else {
          const g = groups.get(parentKey) ?? { key: parentKey, title: trail.join(' / '), leaves: [] };
          g.leaves.push(leaf);
          groups.set(parentKey, g);
        }
      } else walk(n.children ?? [], [...trail, nameOf(n, locale)], n.id);
    }
  };
  walk(tree, [], '');
  return top.leaves.length ? [...groups.values(), top] : [...groups.values()];
}

/** The deadline that matters now for a case in someone's task list, or null when none runs. */
export function currentDeadline(c: Pick<CaseSummary, 'status' | 'deadlines'>): string | null {
  const d = c.deadlines;
  const byStatus: Partial<Record<CaseStatus, string | undefined>> = {
    submitted: d.respondBy,
    registered: d.respondBy,
    dispatched: d.acceptBy ?? d.resolveBy,
    accepted: d.resolveBy,
    suspended: d.resolveBy,
  };
  return byStatus[c.status] ?? null;
}

/** Overdue first, then the nearest deadline; cases without one last. Stable for equal keys. */
export function sortTasks<T extends Pick<CaseSummary, 'status' | 'deadlines' | 'overdue'>>(items: T[]): T[] {
  const key = (c: T) => {
    const d = currentDeadline(c);
    return d ? Date.parse(d) : Number.POSITIVE_INFINITY;
  };
  return items
    .map((c, i) => ({ c, i }))
    .sort((a, b) => Number(b.c.overdue) - Number(a.c.overdue) || key(a.c) - key(b.c) || a.i - b.i)
    .map((x) => x.c);
}

export type AnswerValue = string | number | boolean | string[];

/**
 * Form values of the extra questions → the `answers` body: empty answers are left out, a datetime-local
 * value becomes an ISO instant, numbers stay numbers.
 */
export function buildAnswers(
  questions: CategoryQuestion[],
  values: Record<string, unknown> | undefined,
): Record<string, AnswerValue> | undefined {
  const out: Record<string, AnswerValue> = {};
  for (const q of questions) {
    const v = values?.[q.code];
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    if (q.datatype === 'number') out[q.code] = Number(v);
    else if (q.datatype === 'datetime') {
      const t = new Date(String(v));
      out[q.code] = Number.isNaN(t.getTime()) ? String(v) : t.toISOString();
    } else if (q.datatype === 'multivaluelist') out[q.code] = (v as unknown[]).map(String);
    else out[q.code] = typeof v === 'string' ? v.trim() : String(v);
  }
  return Object.keys(out).length ? out : undefined;
}
