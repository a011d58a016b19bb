import { describe, expect, it } from 'vitest';
import { buildCountsChartOption, type CountGroup, countTable } from './counts-chart';

const groups: CountGroup[] = [
  { gridId: '1', gridName: '第一网格', counts: { 退役军人: 2, 低保: 1, 党员: 3, 自定义: 1, 残疾: 0 } },
  { gridId: '2', gridName: '第二网格', counts: { 党员: 1, 独居: 4 } },
];

describe('countTable', () => {
  it('orders keys by the vocabulary, drops all-zero keys and sums rows and columns', () => {
    const t = countTable(groups, 'tag');
    expect(t.keys).toEqual(['党员', '退役军人', '独居', '低保', '自定义']);
    expect(t.rows.map((r) => r.total)).toEqual([7, 5]);
    expect(t.totals).toEqual({ 党员: 4, 退役军人: 2, 独居: 4, 低保: 1, 自定义: 1 });
    expect(t.total).toBe(12);
  });
  it('orders age groups from young to old', () => {
    const t = countTable([{ gridId: '1', gridName: 'A', counts: { '80+': 1, '0-6': 2, '35-59': 3 } }], 'ageGroup');
    expect(t.keys).toEqual(['0-6', '35-59', '80+']);
  });
  it('is empty for no groups', () => {
    expect(countTable([], 'tag')).toEqual({ keys: [], rows: [], totals: {}, total: 0 });
  });
});

describe('buildCountsChartOption', () => {
  it('stacks one series per key over the grids', () => {
    const o = buildCountsChartOption(countTable(groups, 'tag'), (k) => `L:${k}`);
    expect(o.xAxis).toMatchObject({ type: 'category', data: ['第一网格', '第二网格'] });
    expect(o.yAxis).toMatchObject({ type: 'value' });
    expect(o.series.map((s) => s.name)).toEqual(['L:党员', 'L:退役军人', 'L:独居', 'L:低保', 'L:自定义']);
    expect(o.series.every((s) => s.stack === 'total' && s.type === 'bar')).toBe(true);
    expect(o.series[2]?.data).toEqual([0, 4]);
  });
  it('turns to horizontal bars when there are many grids', () => {
    const many = Array.from({ length: 9 }, (_, i) => ({ gridId: `${i}`, gridName: `G${i}`, counts: { 党员: i } }));
    const o = buildCountsChartOption(countTable(many, 'tag'), (k) => k);
    expect(o.xAxis).toMatchObject({ type: 'value' });
    expect(o.yAxis).toMatchObject({ type: 'category', inverse: true });
  });
});
