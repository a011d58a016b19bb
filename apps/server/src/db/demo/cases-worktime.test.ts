/**
 * The bulk loader's working-time table answers exactly what the shared working-time functions answer: random
 * instants and amounts over a year with holidays and make-up days, period boundaries, counts that end at a
 * period's end, and instants past the table's ends.
 */
import { DAY_MS, dayOf, dayStartMs, MINUTE_MS } from '@grassroots/shared/worktime/calendar';
import {
  addWorkingMs,
  calendarFromHolidayJson,
  deadlineFor,
  type TimeLimit,
  workingMsBetween,
} from '@grassroots/shared/worktime/worktime';
import { describe, expect, it } from 'vitest';
import { WorkTable } from './cases-worktime.js';
import { createRng } from './random.js';

const cal = calendarFromHolidayJson({
  years: {
    '2026': {
      holidays: [
        {
          name: '春节',
          off: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
          work: ['2026-02-14'],
        },
        {
          name: '国庆节',
          off: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06'],
          work: ['2026-09-27', '2026-10-10'],
        },
      ],
    },
  },
});
const now = Date.UTC(2026, 10, 23, 2, 0);
const table = new WorkTable(cal, dayOf(now) - 365, dayOf(now) + 60);
const rng = createRng(5);
/** Instants from before the table to after it; a third of them on a minute (period boundaries among them). */
const instant = () => {
  const t = now - 380 * DAY_MS + Math.floor(rng.next() * 470 * DAY_MS);
  return rng.chance(0.33) ? t - (t % MINUTE_MS) : t;
};
const boundaries = (day: number) =>
  cal.periods.flatMap(([s, e]) => [s, e, s - 1, e - 1].map((m) => dayStartMs(day) + m * MINUTE_MS));

describe('WorkTable', () => {
  it('answers addWorkingMs, workingMsBetween and deadlineFor as the shared functions do', () => {
    const limits: TimeLimit[] = [
      { amount: 2, unit: 'hours' },
      { amount: 24, unit: 'hours' },
      { amount: 0, unit: 'days' },
      { amount: 1, unit: 'days' },
      { amount: 15, unit: 'days' },
    ];
    for (let i = 0; i < 20_000; i++) {
      const a = instant();
      const b = rng.chance(0.5) ? instant() : a + Math.floor(rng.next() * 40 * DAY_MS);
      expect(table.between(a, b)).toBe(workingMsBetween(cal, a, b));
      const ms = rng.chance(0.3) ? rng.int(1, 60) * 30 * MINUTE_MS : Math.floor(rng.next() * 20 * 7 * 3_600_000);
      expect(table.add(a, ms)).toBe(addWorkingMs(cal, a, ms));
      const limit = rng.pick(limits);
      expect(table.deadline(a, limit)).toBe(deadlineFor(cal, a, limit));
    }
  });

  it('agrees at period boundaries, counts ending on a period end, and whole working days', () => {
    for (let day = dayOf(now) - 370; day < dayOf(now) + 70; day += 3) {
      for (const t of boundaries(day)) {
        for (const ms of [0, 1, 30 * MINUTE_MS, 210 * MINUTE_MS, 420 * MINUTE_MS, 3 * 420 * MINUTE_MS + 1]) {
          expect(table.add(t, ms)).toBe(addWorkingMs(cal, t, ms));
          expect(table.between(t, t + ms)).toBe(workingMsBetween(cal, t, t + ms));
        }
        expect(table.deadline(t, { amount: 0, unit: 'days' })).toBe(deadlineFor(cal, t, { amount: 0, unit: 'days' }));
      }
    }
  });

  it('refuses what the shared functions refuse', () => {
    expect(() => table.add(now, -1)).toThrow(RangeError);
    expect(() => table.deadline(now, { amount: 1.5, unit: 'days' })).toThrow(RangeError);
  });
});
