import { describe, expect, it } from 'vitest';
import { isWeekendKey, monthWeeks, shanghaiLabel, weekdayLabel } from './month-grid';

describe('monthWeeks', () => {
  it('lays October 2025 out Monday first (the 1st is a Wednesday)', () => {
    const weeks = monthWeeks(2025, 10);
    expect(weeks[0]).toEqual([null, null, '2025-10-01', '2025-10-02', '2025-10-03', '2025-10-04', '2025-10-05']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
    expect(weeks.at(-1)?.at(-1)).toBeNull();
  });
  it('handles February in a leap year', () => {
    expect(monthWeeks(2028, 2).flat().filter(Boolean)).toHaveLength(29);
  });
});

describe('date helpers', () => {
  it('knows weekends and Shanghai wall time', () => {
    expect(isWeekendKey('2025-09-28')).toBe(true);
    expect(isWeekendKey('2025-09-29')).toBe(false);
    expect(weekdayLabel('2025-09-28')).toBe('星期日');
    expect(weekdayLabel('2025-09-29', 'en')).toBe('Mon');
    expect(shanghaiLabel('2025-09-28T09:30:00.000Z')).toBe('2025-09-28 17:30');
  });
});
