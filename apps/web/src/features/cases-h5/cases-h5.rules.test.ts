import type { CategoryView } from '@grassroots/shared/categories/categories.schema';
import { describe, expect, it } from 'vitest';
import { buildAnswers, currentDeadline, leafGroups, sortTasks } from './cases-h5.rules';

const cat = (id: string, name: string, children?: CategoryView[]): CategoryView =>
  ({
    id,
    name,
    nameEn: `${name}-en`,
    isLeaf: !children,
    questions: [],
    children,
  }) as unknown as CategoryView;

describe('leafGroups', () => {
  const tree = [
    cat('1', '物业服务', [cat('2', '停车'), cat('3', '电梯')]),
    cat('4', '其他'),
    cat('5', '市政', [cat('6', '道路', [cat('7', '破损')]), cat('8', '路灯')]),
  ];
  it('groups leaves under their parent path, top-level leaves last without a title', () => {
    const g = leafGroups(tree, 'zh-CN');
    expect(g.map((x) => [x.title, x.leaves.map((l) => l.name)])).toEqual([
      ['物业服务', ['停车', '电梯']],
      ['市政 / 道路', ['破损']],
      ['市政', ['路灯']],
      [null, ['其他']],
    ]);
  });
  it('uses English names when asked', () => {
    expect(leafGroups(tree, 'en')[0]?.leaves[0]?.name).toBe('停车-en');
  });
});

const deadlines = {
  acceptBy: '2026-01-01T02:00:00Z',
  respondBy: '2026-01-02T00:00:00Z',
  resolveBy: '2026-01-09T00:00:00Z',
};

describe('currentDeadline and sortTasks', () => {
  it('picks the deadline of the step the case waits for', () => {
    expect(currentDeadline({ status: 'dispatched', deadlines })).toBe(deadlines.acceptBy);
    expect(currentDeadline({ status: 'registered', deadlines })).toBe(deadlines.respondBy);
    expect(currentDeadline({ status: 'accepted', deadlines })).toBe(deadlines.resolveBy);
    expect(currentDeadline({ status: 'closed', deadlines })).toBeNull();
  });
  it('puts overdue first, then the nearest deadline', () => {
    const items = [
      { id: 'a', status: 'accepted' as const, deadlines, overdue: false },
      { id: 'b', status: 'dispatched' as const, deadlines, overdue: false },
      { id: 'c', status: 'accepted' as const, deadlines, overdue: true },
      { id: 'd', status: 'resolved' as const, deadlines, overdue: false },
    ];
    expect(sortTasks(items).map((x) => x.id)).toEqual(['c', 'b', 'a', 'd']);
  });
});

describe('buildAnswers', () => {
  const q = (code: string, datatype: string) => ({ code, datatype, required: false, order: 0, description: code });
  it('drops empty answers and converts by datatype', () => {
    const questions = [q('n', 'number'), q('s', 'string'), q('m', 'multivaluelist'), q('e', 'string')] as never;
    expect(buildAnswers(questions, { n: '3', s: '  x ', m: ['a', 'b'], e: '' })).toEqual({
      n: 3,
      s: 'x',
      m: ['a', 'b'],
    });
    expect(buildAnswers(questions, {})).toBeUndefined();
  });
  it('turns a datetime-local value into an ISO instant', () => {
    const out = buildAnswers([q('d', 'datetime')] as never, { d: '2026-03-01T08:30' });
    expect(out?.d).toBe(new Date('2026-03-01T08:30').toISOString());
  });
});
