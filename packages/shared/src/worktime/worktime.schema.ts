/**
 * Zod schemas of the working-time settings: the holiday calendar (the holidays-cn.json shape, also what the
 * console edits) and the working periods. Shared by the server (load, settings routes) and web forms.
 */
import { z } from 'zod';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written 'YYYY-MM-DD' (rejects 2025-02-30). */
export function isDateKey(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

export const dateKeySchema = z.string().refine(isDateKey, '日期格式应为 YYYY-MM-DD');

/** One announced holiday: its days off and its make-up working days (调休上班). */
export const holidaySchema = z.object({
  name: z.string().trim().min(1).max(50),
  off: z.array(dateKeySchema),
  work: z.array(dateKeySchema),
});

/**
 * The calendar file. Years are keyed by the year of the announcement; a make-up day may fall in the previous
 * calendar year (it happened for 元旦), so dates are not forced into their key's year.
 */
export const holidayJsonSchema = z
  .object({
    about: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/), z.object({ holidays: z.array(holidaySchema) })),
  })
  .superRefine((cal, ctx) => {
    const off = new Set<string>();
    const work = new Set<string>();
    for (const year of Object.values(cal.years)) {
      for (const h of year.holidays) {
        for (const d of h.off) off.add(d);
        for (const d of h.work) work.add(d);
      }
    }
    for (const d of off) {
      if (work.has(d)) ctx.addIssue({ code: 'custom', message: `${d} 同时是休息日和调休上班日`, path: ['years'] });
    }
  });
export type HolidayJson = z.infer<typeof holidayJsonSchema>;

const minuteOfDay = z.number().int().min(0).max(1440);

/** Working periods: [start, end) in minutes of the Shanghai day, sorted, non-overlapping, at least one. */
export const workPeriodsSchema = z
  .array(z.tuple([minuteOfDay, minuteOfDay]))
  .min(1)
  .max(12)
  .superRefine((periods, ctx) => {
    let prevEnd = -1;
    periods.forEach(([start, end], i) => {
      if (start >= end) ctx.addIssue({ code: 'custom', message: '时段开始须早于结束', path: [i] });
      if (start < prevEnd) ctx.addIssue({ code: 'custom', message: '时段须按时间排序且不重叠', path: [i] });
      prevEnd = end;
    });
  });
