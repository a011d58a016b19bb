import { describe, expect, it } from 'vitest';
import holidays from '../../../../apps/server/src/db/reference/holidays-cn.json' with { type: 'json' };
import {
  addWorkingDays,
  addWorkingMinutes,
  calendarFromHolidayJson,
  deadlineFor,
  isWorkingDay,
  isWorkingTime,
  nextWorkingInstant,
  shanghaiMs,
  workingMinutesBetween,
} from './worktime.js';

const cal = calendarFromHolidayJson(holidays);
const at = (date: string, time = '00:00') => shanghaiMs(date, time);
/** Shanghai wall clock 'YYYY-MM-DD HH:mm' (UTC getters on a shifted instant: independent of the machine zone). */
const show = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
const plusMinutes = (date: string, time: string, minutes: number) =>
  show(addWorkingMinutes(cal, at(date, time), minutes));

describe('working days from the 2025/2026 calendar', () => {
  it.each([
    ['2025-09-26', true], // Friday
    ['2025-09-27', false], // Saturday
    ['2025-09-28', true], // Sunday, 国庆 make-up day (调休上班)
    ['2025-10-01', false], // 国庆 on a Wednesday
    ['2025-10-08', false], // last day of 国庆/中秋
    ['2025-10-09', true],
    ['2025-10-11', true], // Saturday make-up day
    ['2025-10-12', false], // ordinary Sunday
    ['2026-02-14', true], // Saturday before 春节, make-up day
    ['2026-02-16', false], // 春节 Monday
    ['2026-02-23', false], // last day of 春节 (Monday)
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday make-up day
    ['2026-01-02', false], // 元旦 Friday
    ['2026-01-04', true], // Sunday make-up day
  ])('%s working = %s', (date, working) => {
    expect(isWorkingDay(cal, at(date, '10:00'))).toBe(working);
    // The Shanghai day boundary, not the UTC one: 00:30 Shanghai is the previous UTC day.
    expect(isWorkingDay(cal, at(date, '00:30'))).toBe(working);
    expect(isWorkingDay(cal, at(date, '23:59'))).toBe(working);
  });

  it('knows working time: periods are [start, end)', () => {
    expect(isWorkingTime(cal, at('2025-09-29', '08:29'))).toBe(false);
    expect(isWorkingTime(cal, at('2025-09-29', '08:30'))).toBe(true);
    expect(isWorkingTime(cal, at('2025-09-29', '11:59'))).toBe(true);
    expect(isWorkingTime(cal, at('2025-09-29', '12:00'))).toBe(false);
    expect(isWorkingTime(cal, at('2025-09-29', '13:59'))).toBe(false);
    expect(isWorkingTime(cal, at('2025-09-29', '14:00'))).toBe(true);
    expect(isWorkingTime(cal, at('2025-09-29', '17:30'))).toBe(false);
    expect(isWorkingTime(cal, at('2025-09-28', '09:00'))).toBe(true); // make-up Sunday
    expect(isWorkingTime(cal, at('2025-10-02', '09:00'))).toBe(false); // 国庆
  });
});

describe('addWorkingMinutes', () => {
  it('Friday 16:00 + 4 working hours lands on the 调休 Sunday 2025-09-28', () => {
    // 1.5 h on Friday (to 17:30), Saturday off, Sunday 09-28 is a make-up working day: 08:30 + 2.5 h.
    expect(plusMinutes('2025-09-26', '16:00', 240)).toBe('2025-09-28 11:00');
  });

  it('skips the whole 国庆/中秋 break (2025-10-01..08)', () => {
    expect(plusMinutes('2025-09-30', '16:00', 240)).toBe('2025-10-09 11:00');
    expect(plusMinutes('2025-10-03', '10:00', 60)).toBe('2025-10-09 09:30'); // start on a holiday
  });

  it('skips 春节 2026 and counts its make-up Saturdays', () => {
    expect(plusMinutes('2026-02-13', '16:00', 240)).toBe('2026-02-14 11:00'); // Saturday 02-14 works
    expect(plusMinutes('2026-02-14', '17:00', 60)).toBe('2026-02-24 09:00'); // then 02-15..23 off
    expect(plusMinutes('2026-02-27', '17:00', 60)).toBe('2026-02-28 09:00'); // Saturday 02-28 works
  });

  it('skips the lunch break', () => {
    expect(plusMinutes('2025-09-29', '11:30', 60)).toBe('2025-09-29 14:30');
    expect(plusMinutes('2025-09-29', '12:30', 30)).toBe('2025-09-29 14:30'); // start in the break
    expect(plusMinutes('2025-09-29', '12:00', 30)).toBe('2025-09-29 14:30'); // start at the period end
  });

  it('ends exactly at a period end rather than at the next start', () => {
    expect(plusMinutes('2025-09-29', '08:30', 210)).toBe('2025-09-29 12:00');
    expect(plusMinutes('2025-09-29', '08:30', 420)).toBe('2025-09-29 17:30');
    expect(plusMinutes('2025-09-29', '08:30', 421)).toBe('2025-09-30 08:31');
  });

  it('starts in the evening, at night and at the day end count from the next morning', () => {
    expect(plusMinutes('2025-09-29', '20:00', 30)).toBe('2025-09-30 09:00');
    expect(plusMinutes('2025-09-30', '03:00', 30)).toBe('2025-09-30 09:00');
    expect(plusMinutes('2025-09-29', '17:30', 60)).toBe('2025-09-30 09:30');
    expect(plusMinutes('2025-09-27', '10:00', 60)).toBe('2025-09-28 09:30'); // Saturday → make-up Sunday
  });

  it('handles multi-day spans and seconds', () => {
    // 3 full days (1260 min) from Monday 2025-09-22 08:30: Mon, Tue, Wed → Wednesday 17:30.
    expect(plusMinutes('2025-09-22', '08:30', 1260)).toBe('2025-09-24 17:30');
    // 10 working days of minutes from 2025-09-29 08:30: 09-29, 09-30, 10-09, 10-10, 10-11, 10-13..10-17.
    expect(plusMinutes('2025-09-29', '08:30', 4200)).toBe('2025-10-17 17:30');
    const t = at('2025-09-29', '09:00') + 15_000;
    expect(addWorkingMinutes(cal, t, 1) - t).toBe(60_000);
    expect(addWorkingMinutes(cal, t, 0.5) - t).toBe(30_000);
  });

  it('0 minutes is the identity; negative and non-finite amounts are rejected', () => {
    const night = at('2025-09-29', '22:00');
    expect(addWorkingMinutes(cal, night, 0)).toBe(night);
    expect(() => addWorkingMinutes(cal, night, -1)).toThrow(RangeError);
    expect(() => addWorkingMinutes(cal, night, Number.NaN)).toThrow(RangeError);
  });

  it('nextWorkingInstant is where the count starts', () => {
    expect(show(nextWorkingInstant(cal, at('2025-09-30', '18:00')))).toBe('2025-10-09 08:30');
    expect(show(nextWorkingInstant(cal, at('2025-09-29', '10:17')))).toBe('2025-09-29 10:17');
    expect(show(nextWorkingInstant(cal, at('2025-09-29', '12:00')))).toBe('2025-09-29 14:00'); // ends are not working
    expect(show(nextWorkingInstant(cal, at('2025-09-26', '17:30')))).toBe('2025-09-28 08:30');
  });
});

describe('addWorkingDays (N个工作日内: end of the Nth working day after the day of receipt)', () => {
  const plusDays = (date: string, time: string, days: number) => show(addWorkingDays(cal, at(date, time), days));

  it('ordinary weeks', () => {
    expect(plusDays('2025-09-22', '10:00', 1)).toBe('2025-09-23 17:30'); // Monday → Tuesday
    expect(plusDays('2025-09-22', '07:00', 1)).toBe('2025-09-23 17:30'); // the hour of receipt does not matter
    expect(plusDays('2025-09-22', '23:00', 1)).toBe('2025-09-23 17:30');
    expect(plusDays('2025-09-19', '10:00', 1)).toBe('2025-09-22 17:30'); // Friday → Monday
    expect(plusDays('2025-09-20', '10:00', 1)).toBe('2025-09-22 17:30'); // Saturday → Monday
  });

  it('across 国庆 2025, counting both make-up days', () => {
    expect(plusDays('2025-09-26', '16:00', 1)).toBe('2025-09-28 17:30'); // Friday → make-up Sunday
    expect(plusDays('2025-09-30', '10:00', 1)).toBe('2025-10-09 17:30');
    expect(plusDays('2025-09-30', '10:00', 3)).toBe('2025-10-11 17:30'); // Thu, Fri, make-up Saturday
    expect(plusDays('2025-10-01', '10:00', 5)).toBe('2025-10-14 17:30'); // received on a holiday
  });

  it('across 春节 2026', () => {
    expect(plusDays('2026-02-13', '09:00', 1)).toBe('2026-02-14 17:30');
    expect(plusDays('2026-02-13', '09:00', 2)).toBe('2026-02-24 17:30');
    expect(plusDays('2026-02-16', '09:00', 5)).toBe('2026-02-28 17:30'); // 24, 25, 26, 27, Sat 28
  });

  it('0 days: the end of the day of receipt if it is a working day not yet over', () => {
    expect(plusDays('2025-09-29', '10:00', 0)).toBe('2025-09-29 17:30');
    expect(plusDays('2025-09-29', '17:30', 0)).toBe('2025-09-29 17:30');
    expect(plusDays('2025-09-29', '18:00', 0)).toBe('2025-09-30 17:30');
    expect(plusDays('2025-10-03', '10:00', 0)).toBe('2025-10-09 17:30');
  });

  it('rejects fractional and negative days', () => {
    expect(() => addWorkingDays(cal, at('2025-09-29'), 1.5)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, at('2025-09-29'), -1)).toThrow(RangeError);
  });
});

describe('workingMinutesBetween', () => {
  it('measures working time only', () => {
    expect(workingMinutesBetween(cal, at('2025-09-26', '16:00'), at('2025-09-28', '11:00'))).toBe(240);
    expect(workingMinutesBetween(cal, at('2025-09-30', '08:30'), at('2025-10-09', '08:30'))).toBe(420);
    expect(workingMinutesBetween(cal, at('2025-09-29', '11:00'), at('2025-09-29', '15:00'))).toBe(120);
    expect(workingMinutesBetween(cal, at('2025-10-02', '09:00'), at('2025-10-05', '09:00'))).toBe(0);
    expect(workingMinutesBetween(cal, at('2026-02-13', '00:00'), at('2026-02-25', '00:00'))).toBe(420 * 3);
  });

  it('is 0 when b ≤ a', () => {
    expect(workingMinutesBetween(cal, at('2025-09-29', '15:00'), at('2025-09-29', '10:00'))).toBe(0);
    expect(workingMinutesBetween(cal, at('2025-09-29', '10:00'), at('2025-09-29', '10:00'))).toBe(0);
  });

  it('extends a deadline by the working time a case was suspended', () => {
    const deadline = at('2025-09-30', '17:00');
    const paused = workingMinutesBetween(cal, at('2025-09-29', '16:00'), at('2025-09-30', '09:30')); // 90 + 60
    expect(paused).toBe(150);
    expect(show(addWorkingMinutes(cal, deadline, paused))).toBe('2025-10-09 10:30');
  });
});

describe('deadlineFor', () => {
  it('dispatches on the unit', () => {
    const start = at('2025-09-26', '16:00');
    expect(show(deadlineFor(cal, start, { amount: 4, unit: 'hours' }))).toBe('2025-09-28 11:00');
    expect(show(deadlineFor(cal, start, { amount: 0.5, unit: 'hours' }))).toBe('2025-09-26 16:30');
    expect(show(deadlineFor(cal, start, { amount: 2, unit: 'days' }))).toBe('2025-09-29 17:30');
  });
});
