/**
 * The shared working-time functions (addWorkingMs, workingMsBetween, deadlineFor) for a bulk load: the same
 * answers, from a table of the days around now. The shared functions look each day up in the holiday calendar
 * (a date string per day), and a load asks them tens of millions of times; here each day is looked up once (by
 * the shared isWorkingDay), and a count becomes arithmetic on the working time before each day.
 *
 * Working time as a function W(t) — the working ms before t since the table's first day — is what both shared
 * functions compute on: workingMsBetween(a, b) = W(b) − W(a) for b > a, and addWorkingMs(start, ms) is the
 * EARLIEST instant t with W(t) = W(start) + ms (ms > 0: so a count that ends at a period's end answers that end).
 * Instants outside the table, and anything the shared functions would refuse, go to the shared functions.
 */
import { DAY_MS, dayOf, dayStartMs, MINUTE_MS } from '@grassroots/shared/worktime/calendar';
import {
  addWorkingDays,
  addWorkingMs,
  deadlineFor,
  isWorkingDay,
  type TimeLimit,
  type WorkCalendar,
  workingMsBetween,
} from '@grassroots/shared/worktime/worktime';

export class WorkTable {
  private readonly first: number;
  private readonly days: number;
  /** Working ms of the table before each day (days + 1 entries: the last one is the total). */
  private readonly before: Float64Array;
  private readonly working: Uint8Array;
  /** Working days from the first day, in order, and how many come before each day. */
  private readonly workdays: Int32Array;
  private readonly workdaysBefore: Int32Array;
  private readonly starts: number[];
  private readonly ends: number[];
  private readonly dayWork: number;
  private readonly dayEnd: number;

  /** The days a load at `now` asks about: its year of cases, and the months their deadlines and steps reach. */
  static daysAround(now: number): [number, number] {
    return [dayOf(now) - 400, dayOf(now) + 120];
  }

  /** The days from `fromDay` to `toDay` (Shanghai day numbers) in the table. */
  constructor(
    readonly cal: WorkCalendar,
    fromDay: number,
    toDay: number,
  ) {
    this.first = fromDay;
    this.days = toDay - fromDay + 1;
    this.starts = cal.periods.map((p) => p[0] * MINUTE_MS);
    this.ends = cal.periods.map((p) => p[1] * MINUTE_MS);
    this.dayWork = this.ends.reduce((n, e, i) => n + e - (this.starts[i] as number), 0);
    this.dayEnd = this.ends[this.ends.length - 1] ?? 0;
    this.before = new Float64Array(this.days + 1);
    this.working = new Uint8Array(this.days);
    this.workdaysBefore = new Int32Array(this.days + 1);
    const workdays: number[] = [];
    for (let i = 0; i < this.days; i++) {
      const w = isWorkingDay(cal, dayStartMs(fromDay + i) + DAY_MS / 2);
      this.working[i] = w ? 1 : 0;
      this.before[i + 1] = (this.before[i] as number) + (w ? this.dayWork : 0);
      this.workdaysBefore[i + 1] = (this.workdaysBefore[i] as number) + (w ? 1 : 0);
      if (w) workdays.push(fromDay + i);
    }
    this.workdays = Int32Array.from(workdays);
  }

  /** The table's index of the day of `ms`, or -1 outside it. */
  private index(ms: number): number {
    const i = dayOf(ms) - this.first;
    return i >= 0 && i < this.days ? i : -1;
  }

  /** W(ms): working ms of the table before `ms` (its day `i`). */
  private w(ms: number, i: number): number {
    let total = this.before[i] as number;
    if (this.working[i] === 0) return total;
    const offset = ms - dayStartMs(this.first + i);
    for (let p = 0; p < this.starts.length; p++) {
      const start = this.starts[p] as number;
      if (offset <= start) break;
      total += Math.min(offset, this.ends[p] as number) - start;
    }
    return total;
  }

  /** = workingMsBetween(cal, a, b). */
  between(a: number, b: number): number {
    if (!(b > a)) return 0;
    const ia = this.index(a);
    const ib = this.index(b);
    if (ia < 0 || ib < 0) return workingMsBetween(this.cal, a, b);
    return this.w(b, ib) - this.w(a, ia);
  }

  /** = addWorkingMs(cal, start, ms). */
  add(start: number, ms: number): number {
    if (ms === 0) return start;
    const i = this.index(start);
    if (i < 0 || !(ms > 0) || !Number.isFinite(ms)) return addWorkingMs(this.cal, start, ms);
    const target = this.w(start, i) + ms;
    // The first day by whose end the count is reached (the table's `before` never decreases).
    let lo = i;
    let hi = this.days;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.before[mid + 1] as number) >= target) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= this.days) return addWorkingMs(this.cal, start, ms);
    let rest = target - (this.before[lo] as number);
    const base = dayStartMs(this.first + lo);
    for (let p = 0; p < this.starts.length; p++) {
      const length = (this.ends[p] as number) - (this.starts[p] as number);
      if (rest <= length) return base + (this.starts[p] as number) + rest;
      rest -= length;
    }
    return addWorkingMs(this.cal, start, ms); // not reached: the day holds the rest
  }

  /** = addWorkingDays(cal, start, days). */
  addDays(start: number, days: number): number {
    const i = this.index(start);
    if (i < 0 || !Number.isInteger(days) || days < 0 || this.starts.length === 0)
      return addWorkingDays(this.cal, start, days);
    if (days === 0) {
      if (this.working[i] === 1 && start <= dayStartMs(this.first + i) + this.dayEnd)
        return dayStartMs(this.first + i) + this.dayEnd;
      days = 1;
    }
    // The `days`-th working day after the day of `start`.
    const day = this.workdays[(this.workdaysBefore[i + 1] as number) + days - 1];
    return day === undefined ? addWorkingDays(this.cal, start, days) : dayStartMs(day) + this.dayEnd;
  }

  /** = deadlineFor(cal, start, limit). */
  deadline(start: number, limit: TimeLimit): number {
    if (limit.unit === 'hours') return this.add(start, Math.round(limit.amount * 60 * MINUTE_MS));
    if (limit.unit === 'days') return this.addDays(start, limit.amount);
    return deadlineFor(this.cal, start, limit);
  }
}
