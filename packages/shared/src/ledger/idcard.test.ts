import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { idCheckChar, isCalendarDate, parseIdNumber } from './idcard.js';

const today = '2026-11-23';

describe('ID numbers (GB 11643)', () => {
  it('accepts a valid number and reads birth date and gender from it', () => {
    // 11010519491231002X is the standard's own example.
    expect(parseIdNumber('11010519491231002x', today)).toEqual({
      ok: true,
      id: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
    });
    const male = `14260119900101123${idCheckChar('14260119900101123')}`;
    expect(parseIdNumber(male, today)).toMatchObject({ ok: true, gender: 'male', birthDate: '1990-01-01' });
  });
  it('names the problem: format, impossible or future birth date, checksum', () => {
    expect(parseIdNumber('1234', today)).toEqual({ ok: false, problem: 'format' });
    expect(parseIdNumber('11010519491231002Y', today)).toEqual({ ok: false, problem: 'format' });
    const feb30 = `14260120230230123`;
    expect(parseIdNumber(feb30 + idCheckChar(feb30), today)).toEqual({ ok: false, problem: 'birthDate' });
    const future = `14260120300101123`;
    expect(parseIdNumber(future + idCheckChar(future), today)).toEqual({ ok: false, problem: 'birthDate' });
    expect(parseIdNumber('110105194912310021', today)).toEqual({ ok: false, problem: 'checksum' });
  });
  it('any single changed digit breaks the checksum', () => {
    const base = '11010519491231002X';
    fc.assert(
      fc.property(fc.integer({ min: 14, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const d = (Number(base[pos]) + delta) % 10;
        const changed = base.slice(0, pos) + d + base.slice(pos + 1);
        expect(parseIdNumber(changed, today)).toEqual({ ok: false, problem: 'checksum' });
      }),
    );
  });
  it('knows real calendar days', () => {
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(isCalendarDate('2023-02-29')).toBe(false);
    expect(isCalendarDate('2023-13-01')).toBe(false);
    for (const bad of ['1900-02-29', '2023-04-31', '2023-00-10', '2023-01-00', '2023-1-01', '2023-01-32'])
      expect(isCalendarDate(bad), bad).toBe(false);
    for (const good of ['2000-02-29', '1999-12-31', '2023-04-30', '1930-01-01'])
      expect(isCalendarDate(good), good).toBe(true);
    // Agrees with the calendar on every day of a span that covers leap rules.
    for (let t = Date.UTC(1896, 0, 1); t < Date.UTC(1905, 0, 1); t += 86_400_000)
      expect(isCalendarDate(new Date(t).toISOString().slice(0, 10))).toBe(true);
  });
});
