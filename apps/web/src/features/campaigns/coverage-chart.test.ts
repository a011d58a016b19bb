import { describe, expect, it } from 'vitest';
import { coverageChartHeight, coverageChartOption, coverageColors } from './coverage-chart';
import { fieldsToRows, nextCode, optionsOf, rowsToFields } from './form-rows';

const labels = { visited: '已走访', refused: '拒访', notHome: '不在家', pending: '未走访', households: '户' };
const grid = (id: string, name: string, visited: number, notHome: number, refused: number, pending: number) => ({
  gridId: id,
  gridName: name,
  total: visited + notHome + refused + pending,
  visited,
  notHome,
  refused,
  pending,
});

describe('coverageChartOption', () => {
  it('stacks one bar per grid, the first grid on top, in fixed colours', () => {
    const o = coverageChartOption([grid('1', '第一网格', 5, 1, 0, 4), grid('2', '第二网格', 0, 0, 1, 9)], labels);
    expect(o.yAxis.data).toEqual(['第二网格', '第一网格']);
    expect(o.legend.data).toEqual(['已走访', '拒访', '不在家', '未走访']);
    expect(o.series.map((s) => [s.name, s.stack, s.itemStyle.color, s.data])).toEqual([
      ['已走访', 'households', coverageColors.visited, [0, 5]],
      ['拒访', 'households', coverageColors.refused, [1, 0]],
      ['不在家', 'households', coverageColors.notHome, [0, 1]],
      ['未走访', 'households', coverageColors.pending, [9, 4]],
    ]);
    expect(o.xAxis).toMatchObject({ type: 'value', name: '户', minInterval: 1 });
  });

  it('handles no grids and grows with the number of grids', () => {
    const o = coverageChartOption([], labels);
    expect(o.yAxis.data).toEqual([]);
    expect(o.series.every((s) => s.data.length === 0)).toBe(true);
    expect(coverageChartHeight(0)).toBe(180);
    expect(coverageChartHeight(10)).toBe(440);
  });
});

describe('form rows', () => {
  it('turns option lines into a clean list, only for choice fields', () => {
    expect(optionsOf(' 煤炉 \n\n电暖\r\n煤炉\n')).toEqual(['煤炉', '电暖']);
    expect(
      rowsToFields([
        { code: ' heating ', label: ' 取暖方式 ', datatype: 'select', required: true, optionsText: '煤炉\n电暖' },
        { code: 'note', label: '备注', datatype: 'string', required: false, optionsText: 'stale' },
      ]),
    ).toEqual([
      { code: 'heating', label: '取暖方式', datatype: 'select', required: true, options: ['煤炉', '电暖'] },
      { code: 'note', label: '备注', datatype: 'string', required: false, options: [] },
    ]);
  });

  it('round-trips a form and suggests the next free code', () => {
    const fields = [{ code: 'f1', label: 'A', datatype: 'select' as const, required: true, options: ['x', 'y'] }];
    expect(rowsToFields(fieldsToRows(fields))).toEqual(fields);
    expect(nextCode([])).toBe('f1');
    expect(nextCode([{ code: 'f1' }, { code: 'f3' }])).toBe('f2');
  });
});
