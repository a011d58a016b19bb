import { describe, expect, it, vi } from 'vitest';
import holidays from '../../../../apps/server/src/db/reference/holidays-cn.json' with { type: 'json' };
import { isWorkingDayNumber, shanghaiDateKey } from './calendar.js';
import {
  addWorkingDays,
  addWorkingMinutes,
  calendarFromHolidayJson,
  defaultPeriods,
  isWorkingDay,
  shanghaiMs,
  type WorkCalendar,
  workingMinutesBetween,
} from './worktime.js';
import { holidayJsonSchema, isDateKey } from './worktime.schema.js';

const show = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

describe('the shipped holiday calendar (apps/server/src/db/reference/holidays-cn.json)', () => {
  it('parses and covers 2025 and 2026', () => {
    const parsed = holidayJsonSchema.parse(holidays);
    expect(Object.keys(parsed.years).sort()).toEqual(expect.arrayContaining(['2025', '2026']));
    const cal = calendarFromHolidayJson(holidays);
    expect(cal.lastYear).toBeGreaterThanOrEqual(2026);
    expect(cal.periods).toEqual(defaultPeriods);
    for (const d of ['2025-01-01', '2025-01-28', '2025-10-01', '2025-10-08', '2026-02-15', '2026-10-07']) {
      expect(cal.off.has(d)).toBe(true);
    }
    for (const d of ['2025-01-26', '2025-09-28', '2025-10-11', '2026-02-14', '2026-02-28', '2026-09-20']) {
      expect(cal.work.has(d)).toBe(true);
    }
  });
});

describe('calendarFromHolidayJson validation', () => {
  const one = (off: string[], work: string[]) => ({ years: { '2030': { holidays: [{ name: 'x', off, work }] } } });

  it('rejects malformed calendars', () => {
    expect(() => calendarFromHolidayJson({})).toThrow(RangeError);
    expect(() => calendarFromHolidayJson(one(['2030-02-30'], []))).toThrow(RangeError);
    expect(() => calendarFromHolidayJson(one(['2030/01/01'], []))).toThrow(RangeError);
    expect(() => calendarFromHolidayJson(one(['2030-01-01'], ['2030-01-01']))).toThrow(/同时/);
  });

  it('rejects bad working periods', () => {
    expect(() => calendarFromHolidayJson(holidays, [])).toThrow(RangeError);
    expect(() => calendarFromHolidayJson(holidays, [[600, 500]])).toThrow(RangeError);
    expect(() =>
      calendarFromHolidayJson(holidays, [
        [840, 1050],
        [510, 720],
      ]),
    ).toThrow(RangeError);
    expect(() =>
      calendarFromHolidayJson(holidays, [
        [510, 720],
        [700, 800],
      ]),
    ).toThrow(RangeError);
    expect(() => calendarFromHolidayJson(holidays, [[0, 1441]])).toThrow(RangeError);
  });

  it('accepts custom periods and an empty calendar', () => {
    const cal = calendarFromHolidayJson({ years: {} }, [[540, 1080]]);
    expect(cal.lastYear).toBeNull();
    expect(show(addWorkingMinutes(cal, shanghaiMs('2025-10-01', '17:00'), 120))).toBe('2025-10-02 10:00');
  });

  it('isDateKey checks real dates', () => {
    expect(isDateKey('2024-02-29')).toBe(true);
    expect(isDateKey('2025-02-29')).toBe(false);
    expect(isDateKey('2025-1-01')).toBe(false);
  });
});

describe('beyond the calendar (2027 and later): weekends only, with a warning hook', () => {
  it('treats 2027 weekdays as working (even 元旦) and calls the hook once per year', () => {
    const hook = vi.fn();
    const cal = calendarFromHolidayJson(holidays, defaultPeriods, hook);
    expect(isWorkingDay(cal, shanghaiMs('2026-12-31', '10:00'))).toBe(true);
    expect(hook).not.toHaveBeenCalled();
    expect(isWorkingDay(cal, shanghaiMs('2027-01-01', '10:00'))).toBe(true); // Friday; 元旦 not yet announced
    expect(isWorkingDay(cal, shanghaiMs('2027-01-02', '10:00'))).toBe(false); // Saturday
    expect(isWorkingDay(cal, shanghaiMs('2027-01-03', '10:00'))).toBe(false); // Sunday
    expect(isWorkingDay(cal, shanghaiMs('2027-10-01', '10:00'))).toBe(true); // Friday; 国庆 unknown
    expect(hook).toHaveBeenCalledTimes(1);
    expect(hook).toHaveBeenCalledWith(2027);
    isWorkingDay(cal, shanghaiMs('2028-03-01', '10:00'));
    expect(hook).toHaveBeenCalledTimes(2);
    expect(hook).toHaveBeenLastCalledWith(2028);
  });

  it('deadlines running into 2027 warn, computed with weekends only', () => {
    const hook = vi.fn();
    const cal: WorkCalendar = { ...calendarFromHolidayJson(holidays), onBeyondCalendar: hook };
    expect(show(addWorkingDays(cal, shanghaiMs('2026-12-31', '10:00'), 1))).toBe('2027-01-01 17:30');
    expect(show(addWorkingDays(cal, shanghaiMs('2026-12-31', '10:00'), 2))).toBe('2027-01-04 17:30');
    expect(show(addWorkingMinutes(cal, shanghaiMs('2026-12-31', '17:00'), 60))).toBe('2027-01-01 09:00');
    expect(workingMinutesBetween(cal, shanghaiMs('2027-01-01'), shanghaiMs('2027-01-08'))).toBe(5 * 420);
    expect(hook.mock.calls).toEqual([[2027]]);
  });

  it('a deadline inside the calendar does not warn', () => {
    const hook = vi.fn();
    const cal = calendarFromHolidayJson(holidays, defaultPeriods, hook);
    addWorkingDays(cal, shanghaiMs('2025-09-30'), 5);
    addWorkingMinutes(cal, shanghaiMs('2026-02-13', '16:00'), 600);
    expect(hook).not.toHaveBeenCalled();
  });

  it('with no holiday years every year is beyond the calendar', () => {
    const hook = vi.fn();
    const cal = calendarFromHolidayJson({ years: {} }, defaultPeriods, hook);
    expect(isWorkingDay(cal, shanghaiMs('2025-10-01', '10:00'))).toBe(true); // plain Wednesday now
    expect(hook).toHaveBeenCalledWith(2025);
  });
});

describe('Shanghai days', () => {
  it('uses a fixed +8 h offset, whatever the machine zone', () => {
    expect(shanghaiMs('2025-10-01', '00:00')).toBe(Date.UTC(2025, 8, 30, 16, 0));
    expect(shanghaiDateKey(Date.UTC(2025, 8, 30, 15, 59))).toBe('2025-09-30');
    expect(shanghaiDateKey(Date.UTC(2025, 8, 30, 16, 0))).toBe('2025-10-01');
    expect(() => shanghaiMs('2025-13-01')).toThrow(RangeError);
  });

  it('date keys agree with Date for a long run of days (leap years, century rules)', () => {
    const cal = calendarFromHolidayJson({ years: { '2999': { holidays: [] } } });
    for (let day = -800; day < 60_000; day += 13) {
      const ms = day * 86_400_000 + 3_600_000; // 09:00 Shanghai
      expect(shanghaiDateKey(ms)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
      const weekday = new Date(day * 86_400_000).getUTCDay();
      expect(isWorkingDayNumber(cal, day)).toBe(weekday !== 0 && weekday !== 6);
    }
  });
});
