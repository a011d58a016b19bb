/**
 * Working-time arithmetic for case deadlines (DOMAIN.md §3 "Working time"). Pure and allocation-light: the
 * deadline job calls these for thousands of cases, so every function skips whole days (O(days), never
 * O(minutes)). Times are epoch milliseconds; days are Shanghai days.
 *
 * Semantics:
 * - Working time is the union of the periods [start, end) on working days. A period's end (12:00, 17:30) is
 *   not working time, but a count may finish exactly there.
 * - addWorkingMinutes: a start in non-working time counts from the next period's start; a count that ends
 *   exactly at a period's end returns that end (a 2 h limit from 10:00 is due at 12:00, not 14:00);
 *   0 minutes returns the start unchanged.
 * - addWorkingDays ("N个工作日内"): the end of the last period of the Nth working day after the calendar day
 *   of receipt — the day of receipt never counts, whatever the hour and whether or not it is a working day.
 *   0 days: the end of the day of receipt if it is a working day not yet over, else of the next working day.
 */
import { dayOf, dayStartMs, isWorkingDayNumber, MINUTE_MS, type WorkCalendar } from './calendar.js';

export {
  calendarFromHolidayJson,
  defaultPeriods,
  shanghaiDateKey,
  shanghaiMs,
  validatePeriods,
  type WorkCalendar,
} from './calendar.js';

/** Periods as millisecond offsets into the day. */
interface Spans {
  starts: number[];
  ends: number[];
  dayWork: number;
}

function spansOf(cal: WorkCalendar): Spans {
  const n = cal.periods.length;
  if (n === 0) throw new RangeError('calendar has no working periods');
  const starts = new Array<number>(n);
  const ends = new Array<number>(n);
  let dayWork = 0;
  for (let i = 0; i < n; i++) {
    const p = cal.periods[i]!;
    starts[i] = p[0] * MINUTE_MS;
    ends[i] = p[1] * MINUTE_MS;
    dayWork += ends[i]! - starts[i]!;
  }
  return { starts, ends, dayWork };
}

/** Working ms in [day start, day start + offset) of a working day. */
function workedBefore(s: Spans, offset: number): number {
  let total = 0;
  for (let i = 0; i < s.starts.length; i++) {
    const start = s.starts[i]!;
    if (offset <= start) break;
    total += Math.min(offset, s.ends[i]!) - start;
  }
  return total;
}

export function isWorkingDay(cal: WorkCalendar, ms: number): boolean {
  return isWorkingDayNumber(cal, dayOf(ms));
}

export function isWorkingTime(cal: WorkCalendar, ms: number): boolean {
  const day = dayOf(ms);
  const offset = ms - dayStartMs(day);
  const inPeriod = cal.periods.some(([s, e]) => offset >= s * MINUTE_MS && offset < e * MINUTE_MS);
  return inPeriod && isWorkingDayNumber(cal, day);
}

/** The first working instant at or after ms (ms itself when it is working time). */
export function nextWorkingInstant(cal: WorkCalendar, ms: number): number {
  const s = spansOf(cal);
  let day = dayOf(ms);
  let offset = ms - dayStartMs(day);
  for (;;) {
    if (isWorkingDayNumber(cal, day)) {
      for (let i = 0; i < s.starts.length; i++) {
        if (offset < s.ends[i]!) return dayStartMs(day) + Math.max(offset, s.starts[i]!);
      }
    }
    day++;
    offset = 0;
  }
}

/** The instant after `ms` milliseconds of working time counted from `start` (see the module comment). */
export function addWorkingMs(cal: WorkCalendar, start: number, ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`working time to add must be ≥ 0, got ${ms}`);
  if (ms === 0) return start;
  const s = spansOf(cal);
  let remaining = ms;
  let at = nextWorkingInstant(cal, start);
  let day = dayOf(at);
  // Finish the first day from `at`, then skip whole working days, then walk the periods of the last day.
  for (;;) {
    const base = dayStartMs(day);
    for (let i = 0; i < s.starts.length; i++) {
      const from = Math.max(at, base + s.starts[i]!);
      const avail = base + s.ends[i]! - from;
      if (avail <= 0) continue;
      if (remaining <= avail) return from + remaining;
      remaining -= avail;
    }
    for (;;) {
      day++;
      if (!isWorkingDayNumber(cal, day)) continue;
      if (remaining <= s.dayWork) break;
      remaining -= s.dayWork;
    }
    at = dayStartMs(day);
  }
}

export function addWorkingMinutes(cal: WorkCalendar, start: number, minutes: number): number {
  return addWorkingMs(cal, start, Math.round(minutes * MINUTE_MS));
}

/** Working milliseconds in [a, b); 0 when b ≤ a. */
export function workingMsBetween(cal: WorkCalendar, a: number, b: number): number {
  if (!(b > a)) return 0;
  const s = spansOf(cal);
  const da = dayOf(a);
  const db = dayOf(b);
  const offA = a - dayStartMs(da);
  const offB = b - dayStartMs(db);
  if (da === db) return isWorkingDayNumber(cal, da) ? workedBefore(s, offB) - workedBefore(s, offA) : 0;
  let total = isWorkingDayNumber(cal, da) ? s.dayWork - workedBefore(s, offA) : 0;
  for (let day = da + 1; day < db; day++) {
    if (isWorkingDayNumber(cal, day)) total += s.dayWork;
  }
  if (offB > 0 && isWorkingDayNumber(cal, db)) total += workedBefore(s, offB);
  return total;
}

/** Working minutes in [a, b) (fractional when the instants are not minute-aligned); 0 when b ≤ a. */
export function workingMinutesBetween(cal: WorkCalendar, a: number, b: number): number {
  return workingMsBetween(cal, a, b) / MINUTE_MS;
}

/** End of the last period of the Nth working day after the day of receipt (see the module comment). */
export function addWorkingDays(cal: WorkCalendar, start: number, days: number): number {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`working days must be an integer ≥ 0, got ${days}`);
  const dayEnd = cal.periods.at(-1)?.[1];
  if (dayEnd === undefined) throw new RangeError('calendar has no working periods');
  const endOffset = dayEnd * MINUTE_MS;
  let day = dayOf(start);
  if (days === 0) {
    if (isWorkingDayNumber(cal, day) && start <= dayStartMs(day) + endOffset) return dayStartMs(day) + endOffset;
    days = 1;
  }
  let counted = 0;
  while (counted < days) {
    day++;
    if (isWorkingDayNumber(cal, day)) counted++;
  }
  return dayStartMs(day) + endOffset;
}

export interface TimeLimit {
  amount: number;
  unit: 'hours' | 'days';
}

/** A category's deadline: working hours via addWorkingMinutes, working days via addWorkingDays. */
export function deadlineFor(cal: WorkCalendar, start: number, limit: TimeLimit): number {
  return limit.unit === 'hours'
    ? addWorkingMinutes(cal, start, limit.amount * 60)
    : addWorkingDays(cal, start, limit.amount);
}
