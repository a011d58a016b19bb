import { describe, expect, it } from 'vitest';
import { validateAnswers } from './answers.js';
import { type CategoryQuestion, categoryQuestions } from './categories.schema.js';

const qs: CategoryQuestion[] = [
  {
    code: 'period',
    datatype: 'singlevaluelist',
    required: true,
    order: 1,
    description: '时段',
    values: [
      { key: 'day', name: '白天' },
      { key: 'night', name: '夜间' },
    ],
  },
  { code: 'unit', datatype: 'string', required: false, order: 2, description: '楼栋单元' },
  { code: 'floors', datatype: 'number', required: false, order: 3, description: '楼层' },
  { code: 'since', datatype: 'datetime', required: false, order: 4, description: '开始时间' },
  {
    code: 'kinds',
    datatype: 'multivaluelist',
    required: false,
    order: 5,
    description: '类型',
    values: [
      { key: 'a', name: 'A' },
      { key: 'b', name: 'B' },
    ],
  },
  { code: 'detail', datatype: 'text', required: false, order: 6, description: '详情' },
];

const reasons = (r: ReturnType<typeof validateAnswers>) => Object.fromEntries(r.issues.map((i) => [i.code, i.reason]));

describe('validateAnswers', () => {
  it('accepts valid answers and normalises them', () => {
    const r = validateAnswers(qs, {
      period: 'night',
      unit: ' 3号楼2单元 ',
      floors: '12',
      since: '2026-03-01T20:30:00+08:00',
      kinds: ['a', 'b', 'a'],
      detail: '',
    });
    expect(r.issues).toEqual([]);
    expect(r.answers).toEqual({
      period: 'night',
      unit: '3号楼2单元',
      floors: 12,
      since: '2026-03-01T20:30:00+08:00',
      kinds: ['a', 'b'],
    });
  });

  it('requires required answers, also when blank or absent', () => {
    expect(reasons(validateAnswers(qs, {}))).toEqual({ period: 'required' });
    expect(reasons(validateAnswers(qs, undefined))).toEqual({ period: 'required' });
    expect(reasons(validateAnswers(qs, { period: '  ' }))).toEqual({ period: 'required' });
  });

  it('checks datatypes and options', () => {
    const r = validateAnswers(qs, {
      period: 'evening',
      unit: 5,
      floors: 'twelve',
      since: 'yesterday',
      kinds: ['c'],
      detail: true,
    });
    expect(reasons(r)).toEqual({
      period: 'option',
      unit: 'type',
      floors: 'type',
      since: 'type',
      kinds: 'option',
      detail: 'type',
    });
    expect(r.answers).toEqual({});
  });

  it('rejects unknown codes and over-long text', () => {
    const r = validateAnswers(qs, { period: 'day', color: 'red', unit: 'x'.repeat(201) });
    expect(reasons(r)).toEqual({ color: 'unknown', unit: 'too_long' });
  });

  it('accepts a single string for a multi-value list and rejects impossible dates', () => {
    expect(validateAnswers(qs, { period: 'day', kinds: 'b' }).answers.kinds).toEqual(['b']);
    expect(reasons(validateAnswers(qs, { period: 'day', since: '2026-13-45' }))).toEqual({ since: 'type' });
    expect(validateAnswers(qs, { period: 'day', since: '2026-03-01' }).issues).toEqual([]);
  });

  it('a category without questions accepts only no answers', () => {
    expect(validateAnswers([], {}).issues).toEqual([]);
    expect(reasons(validateAnswers([], { x: '1' }))).toEqual({ x: 'unknown' });
  });
});

describe('categoryQuestions schema', () => {
  it('refuses duplicate codes, lists without values and values on non-list types', () => {
    const bad = categoryQuestions.safeParse([
      { code: 'a', datatype: 'string', required: false, order: 1, description: 'A' },
      { code: 'a', datatype: 'string', required: false, order: 2, description: 'A2' },
      { code: 'b', datatype: 'singlevaluelist', required: true, order: 3, description: 'B', values: [] },
      { code: 'c', datatype: 'number', required: false, order: 4, description: 'C', values: [{ key: 'x', name: 'X' }] },
      {
        code: 'd',
        datatype: 'multivaluelist',
        required: false,
        order: 5,
        description: 'D',
        values: [
          { key: 'x', name: 'X' },
          { key: 'x', name: 'Y' },
        ],
      },
    ]);
    expect(bad.success).toBe(false);
    const paths = bad.error?.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(['1.code', '2.values', '3.values', '4.values']);
    expect(categoryQuestions.safeParse(qs).success).toBe(true);
  });
});
