/**
 * Reporting periods in Asia/Shanghai (a fixed +8 h offset: China has no daylight saving time).
 * Keys sort as strings in time order: days 'YYYY-MM-DD', ISO weeks 'YYYY-Www', months 'YYYY-MM'.
 */

type Label = { 'zh-CN': string; en: string };

export const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;

export const periods = ['day', 'week', 'month'] as const;
export type Period = (typeof periods)[number];

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
/** A Date whose UTC fields read as Shanghai wall-clock fields. */
const shifted = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS);

export function dayKey(ms: number): string {
  const d = shifted(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function monthKey(ms: number): string {
  const d = shifted(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}`;
}

/** ISO 8601 week: weeks start on Monday; week 1 holds the year's first Thursday; the year is the week-year. */
export function isoWeekKey(ms: number): string {
  const d = shifted(ms);
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const mondayBased = (d.getUTCDay() + 6) % 7;
  const thursday = new Date(midnight + (3 - mondayBased) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = 1 + Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS));
  return `${year}-W${pad(week)}`;
}

export const periodKey = (ms: number, period: Period): string =>
  period === 'day' ? dayKey(ms) : period === 'week' ? isoWeekKey(ms) : monthKey(ms);

/** Monday 00:00 (UTC fields) of ISO week 1 of `year`. */
const isoWeekOneMonday = (year: number) => {
  const jan4 = Date.UTC(year, 0, 4);
  return jan4 - ((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS;
};

/** [start, end) in epoch ms of the period a key names; throws on a malformed key. */
export function periodRange(key: string): { start: number; end: number } {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) {
    const start = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - SHANGHAI_OFFSET_MS;
    return { start, end: start + DAY_MS };
  }
  m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) {
    const start = isoWeekOneMonday(+m[1]!) + (+m[2]! - 1) * 7 * DAY_MS - SHANGHAI_OFFSET_MS;
    return { start, end: start + 7 * DAY_MS };
  }
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) {
    const y = +m[1]!;
    const mo = +m[2]! - 1;
    return { start: Date.UTC(y, mo, 1) - SHANGHAI_OFFSET_MS, end: Date.UTC(y, mo + 1, 1) - SHANGHAI_OFFSET_MS };
  }
  throw new Error(`not a period key: ${key}`);
}

/** Every period key from the one holding `from` to the one holding `to` (inclusive), for gap-free charts. */
export function periodKeysBetween(from: number, to: number, period: Period, max = 1000): string[] {
  const keys: string[] = [];
  let at = periodRange(periodKey(from, period)).start;
  while (at <= to && keys.length < max) {
    const key = periodKey(at, period);
    keys.push(key);
    at = periodRange(key).end;
  }
  return keys;
}

export function periodLabel(key: string): Label {
  let m = /^(\d{4})-W(\d{2})$/.exec(key);
  if (m) return { 'zh-CN': `${m[1]}年第${+m[2]!}周`, en: `${m[1]} W${m[2]}` };
  m = /^(\d{4})-(\d{2})$/.exec(key);
  if (m) return { 'zh-CN': `${m[1]}年${+m[2]!}月`, en: key };
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (m) return { 'zh-CN': `${m[1]}年${+m[2]!}月${+m[3]!}日`, en: key };
  return { 'zh-CN': key, en: key };
}
