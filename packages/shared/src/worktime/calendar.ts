/**
 * The working-day calendar: Asia/Shanghai days, the holiday calendar with 调休 make-up days, and the day
 * arithmetic the deadline functions build on. Shanghai has had no DST since 1991, so a fixed +8 h offset is
 * exact; nothing here uses the machine's time zone (no local Date getters).
 */
import { type HolidayJson, holidayJsonSchema, isDateKey, workPeriodsSchema } from './worktime.schema.js';

export const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTE_MS = 60_000;

/** 08:30–12:00 and 14:00–17:30, in minutes of the day. */
export const defaultPeriods: [number, number][] = [
  [8 * 60 + 30, 12 * 60],
  [14 * 60, 17 * 60 + 30],
];

export interface WorkCalendar {
  /** Working periods [start, end) in minutes of the Shanghai day; sorted and non-overlapping. */
  periods: [number, number][];
  /** 'YYYY-MM-DD' (Shanghai) dates that are off even on a weekday. Checked before `work`. */
  off: Set<string> | ReadonlySet<string>;
  /** 'YYYY-MM-DD' (Shanghai) make-up dates (调休上班) that are working even on a weekend. */
  work: ReadonlySet<string>;
  /** Last year the calendar covers; later years fall back to weekends only. null: no holiday years at all. */
  lastYear: number | null;
  /**
   * Called when a computation looks at a day of a year past `lastYear` (every year when `lastYear` is null).
   * Called at most once per year per calendar object, so the server can log it directly.
   */
  onBeyondCalendar?(year: number): void;
}

/**
 * Builds a calendar from the holidays-cn.json shape (validated; throws RangeError on bad input).
 * `lastYear` is the largest year key.
 */
export function calendarFromHolidayJson(
  json: unknown,
  periods: [number, number][] = defaultPeriods,
  onBeyondCalendar?: (year: number) => void,
): WorkCalendar {
  const parsed = holidayJsonSchema.safeParse(json);
  if (!parsed.success) throw new RangeError(`invalid holiday calendar: ${parsed.error.message}`);
  const data: HolidayJson = parsed.data;
  const off = new Set<string>();
  const work = new Set<string>();
  let lastYear: number | null = null;
  for (const [year, entry] of Object.entries(data.years)) {
    lastYear = Math.max(lastYear ?? 0, Number(year));
    for (const h of entry.holidays) {
      for (const d of h.off) off.add(d);
      for (const d of h.work) work.add(d);
    }
  }
  const cal: WorkCalendar = { periods: validatePeriods(periods), off, work, lastYear };
  if (onBeyondCalendar) cal.onBeyondCalendar = onBeyondCalendar;
  return cal;
}

/** Returns a validated copy of the periods; throws RangeError when unsorted, overlapping or out of the day. */
export function validatePeriods(periods: [number, number][]): [number, number][] {
  const parsed = workPeriodsSchema.safeParse(periods);
  if (!parsed.success) throw new RangeError(`invalid working periods: ${parsed.error.message}`);
  return parsed.data.map(([s, e]) => [s, e]);
}

// ---- Shanghai day numbers: whole days since 1970-01-01 in Shanghai time ----

export function dayOf(ms: number): number {
  return Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS);
}

export function dayStartMs(day: number): number {
  return day * DAY_MS - SHANGHAI_OFFSET_MS;
}

/** Year, month, day of a day number (Hinnant's civil_from_days: integer maths, no Date allocation). */
function civil(day: number): [number, number, number] {
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

const pad = (n: number) => (n < 10 ? `0${n}` : String(n));

function keyOf(y: number, m: number, d: number): string {
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** 'YYYY-MM-DD' of an instant in Shanghai. */
export function shanghaiDateKey(ms: number): string {
  const [y, m, d] = civil(dayOf(ms));
  return keyOf(y, m, d);
}

/** The instant of a Shanghai wall-clock time: shanghaiMs('2025-09-26', '16:00'). */
export function shanghaiMs(date: string, time = '00:00'): number {
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!isDateKey(date) || !t) throw new RangeError(`invalid Shanghai date/time: ${date} ${time}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d, Number(t[1]), Number(t[2])) - SHANGHAI_OFFSET_MS;
}

const warned = new WeakMap<WorkCalendar, Set<number>>();

function warnBeyond(cal: WorkCalendar, year: number): void {
  if (!cal.onBeyondCalendar) return;
  let years = warned.get(cal);
  if (!years) {
    years = new Set();
    warned.set(cal, years);
  }
  if (years.has(year)) return;
  years.add(year);
  cal.onBeyondCalendar(year);
}

/** Whether a Shanghai day number is a working day: off list, then make-up list, then Monday–Friday. */
export function isWorkingDayNumber(cal: WorkCalendar, day: number): boolean {
  const [y, m, d] = civil(day);
  if (cal.lastYear === null || y > cal.lastYear) warnBeyond(cal, y);
  if (cal.off.size > 0 || cal.work.size > 0) {
    const key = keyOf(y, m, d);
    if (cal.off.has(key)) return false;
    if (cal.work.has(key)) return true;
  }
  // Day 0 (1970-01-01) was a Thursday; 0 = Sunday … 6 = Saturday.
  const weekday = (((day + 4) % 7) + 7) % 7;
  return weekday !== 0 && weekday !== 6;
}
