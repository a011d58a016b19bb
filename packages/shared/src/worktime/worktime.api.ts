/**
 * HTTP shapes of /api/worktime (the console's 工作时间与节假日 page), shared by the server routes and the web
 * page, plus the small pure conversions both need: 'HH:MM' ↔ minutes, and the holidays-cn.json shape → the
 * day rows a year import sends.
 */
import { z } from 'zod';
import { dateKeySchema, holidayJsonSchema } from './worktime.schema.js';

const HHMM_RE = /^(?:([01]\d|2[0-3]):([0-5]\d)|24:00)$/;

export const hhmmSchema = z.string().regex(HHMM_RE, '时间格式应为 HH:MM');

export function hhmmToMinutes(s: string): number {
  const m = HHMM_RE.exec(s);
  if (!m) throw new RangeError(`invalid time of day: ${s}`);
  return m[1] === undefined ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}

export function minutesToHhmm(n: number): string {
  const pad = (x: number) => String(x).padStart(2, '0');
  return `${pad(Math.floor(n / 60))}:${pad(n % 60)}`;
}

export const holidayKinds = ['off', 'work'] as const;
export type HolidayKind = (typeof holidayKinds)[number];

export const periodView = z.object({ start: hhmmSchema, end: hhmmSchema });
export type PeriodView = z.infer<typeof periodView>;

export const holidayDay = z.object({
  date: dateKeySchema,
  kind: z.enum(holidayKinds),
  name: z.string().trim().min(1).max(50),
});
export type HolidayDay = z.infer<typeof holidayDay>;

export const worktimeQuery = z.object({ year: z.coerce.number().int().min(1990).max(2200).optional() });

export const worktimeView = z.object({
  periods: z.array(periodView),
  /** Years that have at least one special date, ascending. */
  years: z.array(z.number().int()),
  /** Last year the calendar covers (later years: weekends only); null when there are no dates at all. */
  lastYear: z.number().int().nullable(),
  /** The year `days` belongs to. */
  year: z.number().int(),
  days: z.array(holidayDay),
});
export type WorktimeView = z.infer<typeof worktimeView>;

export const putPeriodsBody = z.object({ periods: z.array(periodView).min(1).max(12) });
export type PutPeriodsBody = z.infer<typeof putPeriodsBody>;

export const dateParams = z.object({ date: dateKeySchema });
export const putDayBody = holidayDay.pick({ kind: true, name: true });
export type PutDayBody = z.infer<typeof putDayBody>;

export const yearParams = z.object({ year: z.coerce.number().int().min(1990).max(2200) });
export const replaceYearBody = z.object({
  days: z
    .array(holidayDay)
    .max(366)
    .superRefine((days, ctx) => {
      const seen = new Set<string>();
      days.forEach((d, i) => {
        if (seen.has(d.date)) ctx.addIssue({ code: 'custom', message: `${d.date} 重复出现`, path: [i, 'date'] });
        seen.add(d.date);
      });
    }),
});
export type ReplaceYearBody = z.infer<typeof replaceYearBody>;

export const previewQuery = z.object({
  start: z.iso.datetime({ offset: true }),
  amount: z.coerce.number().int().min(0).max(10_000),
  unit: z.enum(['hours', 'days']),
});
export const previewView = z.object({ deadline: z.string() });

/**
 * The day rows of one year from a holidays-cn.json document (validated; throws RangeError). Accepts the whole
 * file (`{ years: { "2027": … } }`) or just one year's entry (`{ holidays: [...] }`).
 */
export function daysFromHolidayJson(json: unknown, year: number): HolidayDay[] {
  const doc =
    json && typeof json === 'object' && 'holidays' in json && !('years' in json)
      ? { years: { [String(year)]: json } }
      : json;
  const parsed = holidayJsonSchema.safeParse(doc);
  if (!parsed.success) throw new RangeError(parsed.error.issues[0]?.message ?? 'invalid holiday calendar');
  const entry = parsed.data.years[String(year)];
  if (!entry) throw new RangeError(`no year ${year} in the calendar`);
  const out: HolidayDay[] = [];
  for (const h of entry.holidays) {
    for (const date of h.off) out.push({ date, kind: 'off', name: h.name });
    for (const date of h.work) out.push({ date, kind: 'work', name: h.name });
  }
  return out.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
