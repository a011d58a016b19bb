import { describe, expect, it } from 'vitest';
import { type CampaignField, donePercent, formatAnswer, formIssues, validateAnswers } from './campaigns.rules.js';
import { createCampaignBody, visitBody } from './campaigns.schema.js';

const form: CampaignField[] = [
  { code: 'heating', label: '取暖方式', datatype: 'select', required: true, options: ['集中供暖', '煤炉'] },
  { code: 'members', label: '在家人数', datatype: 'number' },
  { code: 'safe', label: '用气安全', datatype: 'boolean', required: true },
  { code: 'checked', label: '检查日期', datatype: 'date' },
  { code: 'note', label: '备注', datatype: 'string' },
];

describe('validateAnswers', () => {
  it('normalises valid answers and drops blanks of optional fields', () => {
    const r = validateAnswers(
      form,
      { heating: '煤炉', members: ' 3 ', safe: 'false', checked: '2026-01-05', note: '  炉子旧 ', extra: undefined },
      'visited',
    );
    expect(r.issues.filter((i) => i.code !== 'extra')).toEqual([]);
    expect(r.answers).toEqual({ heating: '煤炉', members: 3, safe: false, checked: '2026-01-05', note: '炉子旧' });
  });

  it('requires required fields only for a visited household', () => {
    expect(validateAnswers(form, {}, 'visited').issues.map((i) => [i.code, i.reason])).toEqual([
      ['heating', 'required'],
      ['safe', 'required'],
    ]);
    expect(validateAnswers(form, {}, 'not_home')).toEqual({ answers: {}, issues: [] });
    expect(validateAnswers(form, { note: '' }, 'refused')).toEqual({ answers: {}, issues: [] });
  });

  it('refuses wrong types, options, dates, long text and unknown codes', () => {
    const r = validateAnswers(
      form,
      { heating: '地暖', members: 'many', safe: 'yes', checked: '2026-02-30', note: 'x'.repeat(501), nope: 1 },
      'visited',
    );
    expect(r.issues.map((i) => [i.code, i.reason])).toEqual([
      ['nope', 'unknown'],
      ['heating', 'option'],
      ['members', 'type'],
      ['safe', 'type'],
      ['checked', 'type'],
      ['note', 'too_long'],
    ]);
    expect(r.answers).toEqual({});
  });
});

describe('form rules', () => {
  it('finds duplicate codes and badly optioned fields', () => {
    expect(
      formIssues([
        { code: 'a', label: 'A', datatype: 'select', options: ['x'] },
        { code: 'a', label: 'B', datatype: 'string', options: ['y'] },
        { code: 'c', label: 'C', datatype: 'select', options: ['x', 'x'] },
      ]),
    ).toEqual([
      { index: 0, message: '单选题至少需要两个选项' },
      { index: 1, message: '字段编码重复：a' },
      { index: 1, message: '只有单选题可以设置选项' },
      { index: 2, message: '选项重复' },
    ]);
    expect(formIssues(form)).toEqual([]);
  });

  it('formats answers and the done share', () => {
    expect(formatAnswer({ datatype: 'boolean' }, true, 'zh-CN')).toBe('是');
    expect(formatAnswer({ datatype: 'boolean' }, false, 'en')).toBe('No');
    expect(formatAnswer({ datatype: 'number' }, 3, 'zh-CN')).toBe('3');
    expect(formatAnswer({ datatype: 'string' }, undefined, 'zh-CN')).toBe('');
    expect(donePercent({ total: 3, visited: 1, refused: 1 })).toBe(66.7);
    expect(donePercent({ total: 0, visited: 0, refused: 0 })).toBe(0);
  });

  it('schemas: dates in order, a known target, a phone-made visit', () => {
    const base = {
      name: 'x',
      areaId: '1',
      form: [{ code: 'a', label: 'A', datatype: 'string' }],
      startsOn: '2026-01-02',
      endsOn: '2026-01-01',
    };
    expect(createCampaignBody.safeParse(base).success).toBe(false);
    const ok = createCampaignBody.parse({
      ...base,
      endsOn: '2026-01-02',
      target: { tags: ['低保户'], ageGroup: '80+' },
    });
    expect(ok.form[0]).toEqual({ code: 'a', label: 'A', datatype: 'string', required: false, options: [] });
    const v = {
      clientRef: crypto.randomUUID(),
      householdId: '3',
      outcome: 'visited',
      visitedAt: '2026-01-05T08:00:00.000Z',
    };
    expect(visitBody.parse(v).answers).toEqual({});
    expect(visitBody.safeParse({ ...v, visitedAt: '2026-01-05 08:00' }).success).toBe(false);
    expect(visitBody.safeParse({ ...v, visitedAt: '2026-01-05T16:00:00+08:00' }).success).toBe(true);
  });
});
