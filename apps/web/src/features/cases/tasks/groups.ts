/**
 * The workbench (我的待办) groups the caller's tasks (GET /api/cases?view=tasks) by what is to be done next,
 * most urgent first inside each group: overdue cases, then the nearest resolve-by deadline. Pure.
 */
import type { CaseStatus } from '@grassroots/shared/cases/cases.lifecycle';

type Label = { 'zh-CN': string; en: string };

export const taskGroupKeys = [
  'submitted',
  'registered',
  'dispatched',
  'accepted',
  'resolved',
  'verified',
  'suspension',
  'other',
] as const;
export type TaskGroupKey = (typeof taskGroupKeys)[number];

export const taskGroupLabels: Record<TaskGroupKey, Label> = {
  submitted: { 'zh-CN': '待受理', en: 'To register' },
  registered: { 'zh-CN': '待派遣', en: 'To dispatch' },
  dispatched: { 'zh-CN': '待接单', en: 'To accept' },
  accepted: { 'zh-CN': '办理中', en: 'In progress' },
  resolved: { 'zh-CN': '待核查', en: 'To verify' },
  verified: { 'zh-CN': '待结案', en: 'To close' },
  suspension: { 'zh-CN': '挂起审批', en: 'Suspension requests' },
  other: { 'zh-CN': '其他', en: 'Other' },
};

export interface TaskLike {
  status: CaseStatus;
  overdue: boolean;
  suspensionPending?: boolean;
  deadlines: { resolveBy: string };
}

/** The group of one task: a pending suspension request is decided before anything else is done with it. */
export function taskGroupOf(c: TaskLike): TaskGroupKey {
  if (c.suspensionPending) return 'suspension';
  return (taskGroupKeys as readonly string[]).includes(c.status) ? (c.status as TaskGroupKey) : 'other';
}

/** Overdue first, then the nearest resolve-by. */
export function byUrgency(a: TaskLike, b: TaskLike): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  return Date.parse(a.deadlines.resolveBy) - Date.parse(b.deadlines.resolveBy);
}

export interface TaskGroup<T> {
  key: TaskGroupKey;
  items: T[];
  overdue: number;
}

/** Every fixed group (empty ones too, so the tabs do not jump), 'other' only when it has cases. */
export function groupTasks<T extends TaskLike>(items: readonly T[]): TaskGroup<T>[] {
  const groups = new Map<TaskGroupKey, T[]>(taskGroupKeys.map((k) => [k, []]));
  for (const c of items) groups.get(taskGroupOf(c))?.push(c);
  return taskGroupKeys
    .filter((k) => k !== 'other' || (groups.get(k)?.length ?? 0) > 0)
    .map((key) => {
      const list = [...(groups.get(key) ?? [])].sort(byUrgency);
      return { key, items: list, overdue: list.filter((c) => c.overdue).length };
    });
}

/** The first group with work in it, to open the workbench on. */
export const firstBusyGroup = <T>(groups: TaskGroup<T>[]): TaskGroupKey =>
  groups.find((g) => g.items.length > 0)?.key ?? 'submitted';
