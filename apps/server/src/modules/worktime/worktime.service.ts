/**
 * The working-time calendar (DOMAIN.md §3 "Working time"): the holiday rows with 调休 make-up days plus the
 * working periods, turned into the pure WorkCalendar of shared/worktime. The calendar is cached per node and
 * rebuilt when `settings['worktime.version']` changes — every write bumps it in its own transaction, and each
 * node checks it at most once per second (the VersionedCache of the grid locator), so an edit on one node
 * reaches the deadline computations of the others within a second.
 */
import { AppError } from '@grassroots/shared/common/errors';
import {
  defaultPeriods,
  shanghaiDateKey,
  validatePeriods,
  type WorkCalendar,
} from '@grassroots/shared/worktime/calendar';
import { deadlineFor, type TimeLimit } from '@grassroots/shared/worktime/worktime';
import {
  type HolidayDay,
  hhmmToMinutes,
  minutesToHhmm,
  type PeriodView,
  type WorktimeView,
} from '@grassroots/shared/worktime/worktime.api';
import type { Transaction } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Database } from '../../db/database.js';
import { VersionedCache } from '../areas/grid-locator.js';
import { PERIODS_KEY, VERSION_KEY, WorktimeRepository } from './worktime.repository.js';

export interface WorktimeOptions {
  /** Told once per year when a computation reaches past the calendar's last year (the server logs it). */
  onBeyondCalendar?: (year: number) => void;
  /** How often each node re-reads the shared version counter (default 1000 ms). */
  checkEveryMs?: number;
}

/** 0 = Sunday … 6 = Saturday of a 'YYYY-MM-DD' date (the weekday of a date does not depend on the zone). */
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const isWeekend = (date: string) => [0, 6].includes(weekdayOf(date));

export class WorktimeService {
  readonly repo = new WorktimeRepository();
  private readonly cache: VersionedCache<WorkCalendar>;
  private readonly warnedYears = new Set<number>();

  constructor(
    private ctx: AppContext,
    private opts: WorktimeOptions = {},
  ) {
    this.cache = new VersionedCache({
      now: () => ctx.clock.now(),
      readVersion: async () => (await this.repo.setting(this.k, VERSION_KEY)) ?? '0',
      build: () => this.build(),
      everyMs: opts.checkEveryMs ?? 1000,
    });
  }

  private get k() {
    return this.ctx.db.kysely;
  }

  /** Sets the beyond-calendar handler once the app's logger exists (services are built before Fastify). */
  setBeyondCalendarHandler(fn: (year: number) => void) {
    if (!this.opts.onBeyondCalendar) this.opts = { ...this.opts, onBeyondCalendar: fn };
  }

  /** The current calendar (cached; see the module comment). */
  calendar(): Promise<WorkCalendar> {
    return this.cache.get();
  }

  /** A category's deadline counted from `startMs` in working hours or working days. */
  async deadline(startMs: number, limit: TimeLimit): Promise<number> {
    return deadlineFor(await this.calendar(), startMs, limit);
  }

  async view(year?: number): Promise<WorktimeView> {
    const y = year ?? Number(shanghaiDateKey(this.ctx.clock.now()).slice(0, 4));
    const [periods, years, days] = await Promise.all([
      this.periods(),
      this.repo.years(this.k),
      this.repo.daysOfYear(this.k, y),
    ]);
    return {
      periods: periods.map(([s, e]) => ({ start: minutesToHhmm(s), end: minutesToHhmm(e) })),
      years,
      lastYear: years.at(-1) ?? null,
      year: y,
      days: days.map((d) => ({ date: d.date, kind: d.kind as HolidayDay['kind'], name: d.name })),
    };
  }

  async setPeriods(actor: Actor, input: PeriodView[]) {
    let periods: [number, number][];
    try {
      periods = validatePeriods(input.map((p) => [hhmmToMinutes(p.start), hhmmToMinutes(p.end)]));
    } catch (e) {
      throw new AppError('INVALID_WORK_PERIODS', { reason: (e as Error).message });
    }
    await this.write(async (trx, now) => {
      const before = await this.repo.setting(trx, PERIODS_KEY);
      await this.repo.putSetting(trx, PERIODS_KEY, JSON.stringify(periods), now);
      const summary = { from: before ?? JSON.stringify(defaultPeriods), to: JSON.stringify(periods) };
      await this.ctx.audit.write(trx, actor, {
        action: 'worktime.periods_set',
        entityType: 'worktime',
        entityId: 'periods',
        summary,
      });
    });
  }

  async setDay(actor: Actor, day: HolidayDay) {
    await this.write(async (trx, now) => {
      const before = await this.repo.findDay(trx, day.date);
      // Renaming a weekend day of an announced span (e.g. 国庆 on a Saturday) stays allowed.
      const renaming = before?.kind === 'off' && day.kind === 'off';
      if (!renaming) assertMeaningful(day, false);
      await this.repo.upsertDay(trx, day, now);
      await this.ctx.audit.write(trx, actor, {
        action: 'worktime.day_set',
        entityType: 'worktime',
        entityId: day.date,
        summary: { from: before ? `${before.kind} ${before.name}` : null, to: `${day.kind} ${day.name}` },
      });
    });
  }

  async clearDay(actor: Actor, date: string) {
    await this.write(async (trx) => {
      const before = await this.repo.findDay(trx, date);
      if (!before || (await this.repo.deleteDay(trx, date)) === 0) throw new AppError('NOT_FOUND');
      await this.ctx.audit.write(trx, actor, {
        action: 'worktime.day_cleared',
        entityType: 'worktime',
        entityId: date,
        summary: { kind: before.kind, name: before.name },
      });
    });
  }

  /**
   * Replaces a whole year (a new State Council notice) in one transaction: any bad row rolls everything back.
   * Dates must lie in the year, or in the December before it (a 元旦 make-up day can fall there).
   */
  async replaceYear(actor: Actor, year: number, days: HolidayDay[]) {
    await this.write(async (trx, now) => {
      const removed = await this.repo.deleteYear(trx, year);
      for (const d of days) {
        const y = Number(d.date.slice(0, 4));
        if (y !== year && !(y === year - 1 && d.date.slice(5, 7) === '12'))
          throw new AppError('HOLIDAY_OUTSIDE_YEAR', { date: d.date, year });
        assertMeaningful(d, true);
        await this.repo.upsertDay(trx, d, now);
      }
      await this.ctx.audit.write(trx, actor, {
        action: 'worktime.year_replaced',
        entityType: 'worktime',
        entityId: String(year),
        summary: { removed, created: days.length },
      });
    });
  }

  /** ISO deadline for the console's preview box. */
  async preview(startIso: string, limit: TimeLimit) {
    return { deadline: new Date(await this.deadline(Date.parse(startIso), limit)).toISOString() };
  }

  /** Runs a write with its version bump in one transaction, then drops this node's cached calendar. */
  private async write(fn: (trx: Transaction<Database>, now: number) => Promise<void>) {
    await this.k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      await fn(trx, now);
      await this.repo.bumpVersion(trx, now);
    });
    this.cache.invalidate();
  }

  private async periods(): Promise<[number, number][]> {
    const raw = await this.repo.setting(this.k, PERIODS_KEY);
    if (!raw) return defaultPeriods;
    try {
      return validatePeriods(JSON.parse(raw));
    } catch {
      // A hand-edited bad setting must not stop every deadline; the console shows the defaults then.
      return defaultPeriods;
    }
  }

  private async build(): Promise<WorkCalendar> {
    const [periods, rows] = await Promise.all([this.periods(), this.repo.allDays(this.k)]);
    const off = new Set<string>();
    const work = new Set<string>();
    let lastYear: number | null = null;
    for (const r of rows) {
      (r.kind === 'work' ? work : off).add(r.date);
      lastYear = Math.max(lastYear ?? 0, Number(r.date.slice(0, 4)));
    }
    return {
      periods,
      off,
      work,
      lastYear,
      // Warn once per year per node, across rebuilds (the shared hook alone would re-warn on every rebuild).
      onBeyondCalendar: (year) => {
        if (this.warnedYears.has(year)) return;
        this.warnedYears.add(year);
        this.opts.onBeyondCalendar?.(year);
      },
    };
  }
}

/**
 * A 'work' row on a weekday changes nothing, nor does an 'off' row on a weekend — except inside a year import,
 * where a notice lists its whole holiday span including the weekend days (they carry the holiday's name).
 */
function assertMeaningful(d: HolidayDay, inImport: boolean) {
  const weekend = isWeekend(d.date);
  if (d.kind === 'work' && !weekend) throw new AppError('HOLIDAY_POINTLESS', { date: d.date, kind: d.kind });
  if (d.kind === 'off' && weekend && !inImport) throw new AppError('HOLIDAY_POINTLESS', { date: d.date, kind: d.kind });
}
