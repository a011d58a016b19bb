import { describe, expect, it } from 'vitest';
import {
  cellText,
  headerKey,
  importProblemCodes,
  importProblemLabels,
  parseCustom,
  parseDay,
  parseGender,
  parseRelation,
  splitTags,
} from './ledger-import.rules.js';

describe('import cells', () => {
  it('reads days typed every usual way, Excel dates and serial days; refuses days that do not exist', () => {
    for (const s of ['2020-01-05', '2020/1/5', '2020.01.05', '20200105', '2020年1月5日'])
      expect(parseDay(s), s).toBe('2020-01-05');
    expect(parseDay(new Date(Date.UTC(2020, 0, 5)))).toBe('2020-01-05');
    expect(parseDay(43835)).toBe('2020-01-05'); // Excel serial day
    expect(parseDay('')).toBeUndefined();
    expect(parseDay(null)).toBeUndefined();
    for (const s of ['2023-02-29', '2020-13-01', 'yesterday', '1/5/2020']) expect(parseDay(s), s).toBeNull();
  });

  it('maps relation and gender labels and synonyms, null for unknown', () => {
    expect(parseRelation('户主')).toBe('head');
    expect(parseRelation('妻子')).toBe('spouse');
    expect(parseRelation('外孙女')).toBe('grandchild');
    expect(parseRelation('Head')).toBe('head');
    expect(parseRelation('')).toBe('other');
    expect(parseRelation('邻居')).toBeNull();
    expect(parseGender('女')).toBe('female');
    expect(parseGender('M')).toBe('male');
    expect(parseGender('')).toBeUndefined();
    expect(parseGender('未知')).toBeNull();
  });

  it('splits tags on either comma, 、, semicolons and spaces, once each', () => {
    expect(splitTags('党员, 独居、低保；党员 残疾')).toEqual(['党员', '独居', '低保', '残疾']);
    expect(splitTags('')).toEqual([]);
  });

  it('types custom values by the field', () => {
    const f = { code: 'c', label: 'C', options: ['已接种', '未接种'], required: false } as const;
    expect(parseCustom({ ...f, datatype: 'number' }, '171.5')).toEqual({ value: 171.5 });
    expect(parseCustom({ ...f, datatype: 'number' }, 'abc')).toEqual({ problem: 'bad_value' });
    expect(parseCustom({ ...f, datatype: 'boolean' }, '是')).toEqual({ value: true });
    expect(parseCustom({ ...f, datatype: 'boolean' }, '也许')).toEqual({ problem: 'bad_value' });
    expect(parseCustom({ ...f, datatype: 'date' }, '2021/3/4')).toEqual({ value: '2021-03-04' });
    expect(parseCustom({ ...f, datatype: 'select' }, '未接种')).toEqual({ value: '未接种' });
    expect(parseCustom({ ...f, datatype: 'select' }, '打过')).toEqual({ problem: 'bad_value' });
    expect(parseCustom({ ...f, datatype: 'string' }, 'x'.repeat(201))).toEqual({ problem: 'too_long' });
    expect(parseCustom({ ...f, datatype: 'string', required: true }, '')).toEqual({ problem: 'required' });
    expect(parseCustom({ ...f, datatype: 'string' }, null)).toEqual({ value: undefined });
  });

  it('recognises headers with markers and custom field labels', () => {
    const fields = [{ code: 'vaccine', label: '疫苗接种', datatype: 'select', options: [], required: false }] as const;
    expect(headerKey('姓名*', fields)).toBe('name');
    expect(headerKey('身份证号（必填）', fields)).toBe('idNumber');
    expect(headerKey('ID number', fields)).toBe('idNumber');
    expect(headerKey('疫苗接种', fields)).toBe('custom.vaccine');
    expect(headerKey('备注', fields)).toBeNull();
  });

  it('writes integral numbers without a decimal point and has a label for every problem', () => {
    expect(cellText(301)).toBe('301');
    expect(cellText('  a ')).toBe('a');
    for (const c of importProblemCodes) {
      expect(importProblemLabels[c]['zh-CN']).toMatch(/\S/);
      expect(importProblemLabels[c].en).toMatch(/\S/);
    }
  });
});
