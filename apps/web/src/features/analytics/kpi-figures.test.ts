import { describe, expect, it } from 'vitest';
import { changeOf, drillUrl, figureByKey, figures, formatFigure, headline } from './kpi-figures';

describe('formatFigure', () => {
  it('shows rates in per cent, hours with a unit, counts grouped, and a dash for nothing', () => {
    expect(formatFigure(0.8765, 'rate', 'zh-CN')).toBe('87.7%');
    expect(formatFigure(0, 'rate', 'zh-CN')).toBe('0.0%');
    expect(formatFigure(null, 'rate', 'zh-CN')).toBe('—');
    expect(formatFigure(12.34, 'hours', 'zh-CN')).toBe('12.3 小时');
    expect(formatFigure(12.34, 'hours', 'en')).toBe('12.3 h');
    expect(formatFigure(12345, 'count', 'en')).toBe('12,345');
  });
});

describe('changeOf', () => {
  it('rates change in percentage points; up is good for rates and bad for overdue', () => {
    expect(changeOf(figureByKey.resolutionRate, 0.9, 0.85, 'zh-CN')).toEqual({
      text: '+5.0 个百分点',
      direction: 'up',
      good: true,
    });
    expect(changeOf(figureByKey.overdue, 3, 7, 'en')).toEqual({ text: '-4', direction: 'down', good: true });
    expect(changeOf(figureByKey.overdue, 9, 7, 'en')).toMatchObject({ direction: 'up', good: false });
    expect(changeOf(figureByKey.medianHandlingHours, 10, 12.5, 'en')).toEqual({
      text: '-2.5 h',
      direction: 'down',
      good: true,
    });
  });

  it('a volume has no good direction', () => {
    expect(changeOf(figureByKey.submitted, 12, 10, 'zh-CN')).toEqual({ text: '+2', direction: 'up', good: null });
  });

  it('says nothing when a side is missing, and 持平 when equal after rounding', () => {
    expect(changeOf(figureByKey.satisfactionRate, 0.9, null, 'zh-CN').text).toBeNull();
    expect(changeOf(figureByKey.satisfactionRate, 0.90001, 0.9, 'zh-CN')).toEqual({
      text: '持平',
      direction: 'flat',
      good: null,
    });
  });
});

describe('drillUrl', () => {
  const q = { areaId: '3', from: '2026-11-01', to: '2026-11-23' };

  it('keeps the dashboard filters and adds the figure', () => {
    expect(drillUrl(q, figureByKey.resolutionRate)).toBe(
      '/console/cases?area=3&from=2026-11-01&to=2026-11-23&figure=resolved',
    );
    expect(drillUrl(q, figureByKey.submitted)).toBe('/console/cases?area=3&from=2026-11-01&to=2026-11-23');
  });

  it('narrows to the group: a child area, a category, a handler', () => {
    expect(drillUrl(q, figureByKey.overdue, { groupBy: 'area', key: '17' })).toBe(
      '/console/cases?area=17&from=2026-11-01&to=2026-11-23&figure=overdue',
    );
    expect(drillUrl({ ...q, source: 'hotline' }, figureByKey.rated, { groupBy: 'category', key: '5' })).toBe(
      '/console/cases?area=3&category=5&source=hotline&from=2026-11-01&to=2026-11-23&figure=rated',
    );
    expect(drillUrl(q, figureByKey.valid, { groupBy: 'handler', key: 'organisation:4' })).toContain(
      'handler=organisation%3A4',
    );
  });

  it('narrows to a period group within the range (Shanghai days)', () => {
    expect(drillUrl(q, figureByKey.submitted, { groupBy: 'day', key: '2026-11-05' })).toBe(
      '/console/cases?area=3&from=2026-11-05&to=2026-11-05',
    );
    // ISO week 2026-W44 runs Mon 26 Oct – Sun 1 Nov; the dashboard starts on 1 Nov.
    expect(drillUrl(q, figureByKey.submitted, { groupBy: 'week', key: '2026-W44' })).toBe(
      '/console/cases?area=3&from=2026-11-01&to=2026-11-01',
    );
    expect(drillUrl({ areaId: '3' }, figureByKey.submitted, { groupBy: 'month', key: '2026-02' })).toBe(
      '/console/cases?area=3&from=2026-02-01&to=2026-02-28',
    );
  });

  it('every headline figure has a definition', () => {
    for (const key of headline) expect(figures.map((d) => d.key)).toContain(key);
  });
});
