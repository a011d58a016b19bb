import type { CaseStatus } from '@grassroots/shared/cases/cases.lifecycle';
import { describe, expect, it } from 'vitest';
import { firstBusyGroup, groupTasks, taskGroupOf } from './groups';

const task = (id: string, status: CaseStatus, resolveBy: string, overdue = false, suspensionPending = false) => ({
  id,
  status,
  overdue,
  suspensionPending,
  deadlines: { resolveBy },
});

describe('workbench groups', () => {
  it('puts a pending suspension request in its own group and unknown work under other', () => {
    expect(taskGroupOf(task('1', 'accepted', '2026-01-01T00:00:00Z', false, true))).toBe('suspension');
    expect(taskGroupOf(task('2', 'accepted', '2026-01-01T00:00:00Z'))).toBe('accepted');
    expect(taskGroupOf(task('3', 'suspended', '2026-01-01T00:00:00Z'))).toBe('other');
  });

  it('orders each group overdue first, then by the nearest deadline, and counts overdue ones', () => {
    const groups = groupTasks([
      task('late-soon', 'dispatched', '2026-01-03T00:00:00Z'),
      task('overdue-late', 'dispatched', '2026-01-02T00:00:00Z', true),
      task('early', 'dispatched', '2026-01-01T00:00:00Z'),
      task('overdue-early', 'dispatched', '2026-01-01T00:00:00Z', true),
    ]);
    const dispatched = groups.find((g) => g.key === 'dispatched');
    expect(dispatched?.items.map((c) => c.id)).toEqual(['overdue-early', 'overdue-late', 'early', 'late-soon']);
    expect(dispatched?.overdue).toBe(2);
  });

  it('keeps every fixed group, adds other only when needed, and opens on the first busy one', () => {
    const empty = groupTasks([]);
    expect(empty.map((g) => g.key)).toEqual([
      'submitted',
      'registered',
      'dispatched',
      'accepted',
      'resolved',
      'verified',
      'suspension',
    ]);
    expect(firstBusyGroup(empty)).toBe('submitted');
    const some = groupTasks([
      task('x', 'suspended', '2026-01-01T00:00:00Z'),
      task('y', 'resolved', '2026-01-01T00:00:00Z'),
    ]);
    expect(some.at(-1)?.key).toBe('other');
    expect(firstBusyGroup(some)).toBe('resolved');
  });
});
