/**
 * Pure calendar layout for the 12-month view: the weeks of a month (Monday first) as 'YYYY-MM-DD' keys or
 * null padding. No Date getters in the local zone — dates are civil dates, computed in UTC.
 */
export function monthWeeks(year: number, month: number): (string | null)[][] {
  const first = new Date(Date.UTC(year, month - 1, 1));
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday = 0
  const cells: (string | null)[] = Array.from({ length: lead }, () => null);
  const mm = String(month).padStart(2, '0');
  for (let d = 1; d <= days; d++) cells.push(`${year}-${mm}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

export const isWeekendKey = (date: string) => [0, 6].includes(new Date(`${date}T00:00:00Z`).getUTCDay());

/** The Shanghai wall-clock 'YYYY-MM-DD HH:mm' of an ISO instant (Shanghai has no DST: a fixed +8 h). */
export function shanghaiLabel(isoOrMs: string | number): string {
  const ms = typeof isoOrMs === 'number' ? isoOrMs : Date.parse(isoOrMs);
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const zh = ['日', '一', '二', '三', '四', '五', '六'];
const en = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const weekdayLabel = (date: string, locale: 'zh-CN' | 'en' = 'zh-CN') => {
  const d = new Date(`${date}T00:00:00Z`).getUTCDay();
  return locale === 'en' ? en[d] : `星期${zh[d]}`;
};
