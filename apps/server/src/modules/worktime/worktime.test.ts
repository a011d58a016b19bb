import { shanghaiMs } from '@grassroots/shared/worktime/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeTwoStreets } from '../../../test/factories.js';
import { type Agent, createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../core/clock.js';
import { WorktimeService } from './worktime.service.js';

let t: TestApp;
const clock = new ManualClock();
let admin: Agent;
let center: Agent;
let worker: Agent;

const iso = (date: string, time: string) => new Date(shanghaiMs(date, time)).toISOString();
const preview = async (a: Agent, start: string, amount: number, unit: 'hours' | 'days') => {
  const res = await a.get(`/api/worktime/preview?start=${encodeURIComponent(start)}&amount=${amount}&unit=${unit}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().deadline as string;
};
const year = async (y: number) => (await admin.get(`/api/worktime?year=${y}`)).json();

beforeAll(async () => {
  t = await createTestApp({ clock });
  const areas = await makeTwoStreets(t.db);
  await makeAccount(t.db, 'admin', [{ role: 'admin' }]);
  await makeAccount(t.db, 'center', [{ role: 'center', areaId: areas.city.id }]);
  await makeAccount(t.db, 'worker', [{ role: 'grid_worker', areaId: areas.gridA.id }]);
  [admin, center, worker] = await Promise.all([t.login('admin'), t.login('center'), t.login('worker')]);
});
afterAll(() => t.close());

describe('pre-loaded calendar (migration)', () => {
  it('has the 2025 and 2026 State Council dates, readable by any console user', async () => {
    const res = await worker.get('/api/worktime?year=2025');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.years).toEqual([2025, 2026]);
    expect(body.lastYear).toBe(2026);
    expect(body.periods).toEqual([
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '17:30' },
    ]);
    expect(body.days).toContainEqual({ date: '2025-10-01', kind: 'off', name: '国庆节、中秋节' });
    expect(body.days).toContainEqual({ date: '2025-09-28', kind: 'work', name: '国庆节、中秋节' });
    expect(body.days).toHaveLength(33);
    // Without ?year: the current Shanghai year of the clock (2026-01-05).
    const now = (await worker.get('/api/worktime')).json();
    expect(now.year).toBe(2026);
    expect(now.days).toContainEqual({ date: '2026-01-04', kind: 'work', name: '元旦' });
  });

  it('counts make-up days and skips holidays in the preview', async () => {
    // Friday 16:00 + 1 working day → Sunday 28 September, a make-up working day.
    expect(await preview(worker, iso('2025-09-26', '16:00'), 1, 'days')).toBe(iso('2025-09-28', '17:30'));
    // Tuesday before 国庆 + 1 working day → the 9th, after eight days off.
    expect(await preview(worker, iso('2025-09-30', '10:00'), 1, 'days')).toBe(iso('2025-10-09', '17:30'));
    expect(await preview(worker, iso('2025-09-30', '16:00'), 2, 'hours')).toBe(iso('2025-10-09', '09:00'));
  });

  it('refuses anonymous callers and bad preview input', async () => {
    expect((await t.anon().get('/api/worktime')).statusCode).toBe(401);
    const bad = await worker.get('/api/worktime/preview?start=yesterday&amount=1&unit=days');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
  });
});

describe('editing days', () => {
  it('is forbidden to a grid worker on every write route', async () => {
    const day = { kind: 'off', name: '测试' };
    expect((await worker.put('/api/worktime/days/2025-09-29', day)).statusCode).toBe(403);
    expect((await worker.delete('/api/worktime/days/2025-09-28')).statusCode).toBe(403);
    expect(
      (await worker.put('/api/worktime/periods', { periods: [{ start: '09:00', end: '17:00' }] })).statusCode,
    ).toBe(403);
    expect((await worker.post('/api/worktime/years/2027', { days: [] })).statusCode).toBe(403);
    expect((await year(2025)).days).toHaveLength(33);
  });

  it('changes the deadline on this node at once and on another node after the version check', async () => {
    const other = new WorktimeService(t.app.ctx);
    const start = shanghaiMs('2025-09-26', '16:00');
    const before = shanghaiMs('2025-09-29', '17:30');
    expect(await other.deadline(start, { amount: 2, unit: 'days' })).toBe(before);

    const res = await center.put('/api/worktime/days/2025-09-29', { kind: 'off', name: '临时停工' });
    expect(res.statusCode, res.body).toBe(204);
    expect(await preview(worker, iso('2025-09-26', '16:00'), 2, 'days')).toBe(iso('2025-09-30', '17:30'));
    // The other node keeps its cached calendar until a second has passed, then reads the new version.
    expect(await other.deadline(start, { amount: 2, unit: 'days' })).toBe(before);
    clock.advance(999);
    expect(await other.deadline(start, { amount: 2, unit: 'days' })).toBe(before);
    clock.advance(1);
    expect(await other.deadline(start, { amount: 2, unit: 'days' })).toBe(shanghaiMs('2025-09-30', '17:30'));

    // Clearing a make-up day: Friday + 1 day is Monday again.
    expect((await admin.delete('/api/worktime/days/2025-09-28')).statusCode).toBe(204);
    expect(await preview(worker, iso('2025-09-26', '16:00'), 1, 'days')).toBe(iso('2025-09-30', '17:30'));
    expect((await admin.delete('/api/worktime/days/2025-09-28')).statusCode).toBe(404);
    // Put both back.
    expect(
      (await admin.put('/api/worktime/days/2025-09-28', { kind: 'work', name: '国庆节、中秋节' })).statusCode,
    ).toBe(204);
    expect((await admin.delete('/api/worktime/days/2025-09-29')).statusCode).toBe(204);
    expect(await preview(worker, iso('2025-09-26', '16:00'), 1, 'days')).toBe(iso('2025-09-28', '17:30'));
  });

  it('refuses pointless dates with a clear code, but allows renaming a weekend day of a holiday', async () => {
    const weekdayWork = await admin.put('/api/worktime/days/2025-09-30', { kind: 'work', name: '调休' });
    expect(weekdayWork.statusCode).toBe(400);
    expect(weekdayWork.json().error.code).toBe('HOLIDAY_POINTLESS');
    const weekendOff = await admin.put('/api/worktime/days/2025-09-27', { kind: 'off', name: '休息' });
    expect(weekendOff.json().error.code).toBe('HOLIDAY_POINTLESS');
    const badDate = await admin.put('/api/worktime/days/2025-02-30', { kind: 'off', name: 'x' });
    expect(badDate.json().error.code).toBe('VALIDATION_FAILED');
    // 2025-10-04 is a Saturday inside 国庆.
    expect((await admin.put('/api/worktime/days/2025-10-04', { kind: 'off', name: '国庆节' })).statusCode).toBe(204);
    expect((await year(2025)).days).toContainEqual({ date: '2025-10-04', kind: 'off', name: '国庆节' });
  });

  it('writes an audit row for every change', async () => {
    const rows = await t.db.kysely
      .selectFrom('auditLog')
      .select(['action', 'entityId'])
      .where('entityType', '=', 'worktime')
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.action} ${r.entityId}`)).toEqual([
      'worktime.day_set 2025-09-29',
      'worktime.day_cleared 2025-09-28',
      'worktime.day_set 2025-09-28',
      'worktime.day_cleared 2025-09-29',
      'worktime.day_set 2025-10-04',
    ]);
  });
});

describe('working periods', () => {
  it('validates order, overlap and the day bounds', async () => {
    const overlap = await admin.put('/api/worktime/periods', {
      periods: [
        { start: '08:30', end: '12:00' },
        { start: '11:00', end: '17:30' },
      ],
    });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.json().error.code).toBe('INVALID_WORK_PERIODS');
    const reversed = await admin.put('/api/worktime/periods', { periods: [{ start: '12:00', end: '09:00' }] });
    expect(reversed.json().error.code).toBe('INVALID_WORK_PERIODS');
    const outside = await admin.put('/api/worktime/periods', { periods: [{ start: '08:00', end: '25:00' }] });
    expect(outside.json().error.code).toBe('VALIDATION_FAILED');
    expect((await admin.put('/api/worktime/periods', { periods: [] })).statusCode).toBe(400);
  });

  it('changes the deadlines once saved', async () => {
    const periods = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ];
    expect((await admin.put('/api/worktime/periods', { periods })).statusCode).toBe(204);
    expect((await year(2025)).periods).toEqual(periods);
    // Friday 17:00 + 2 h: one hour on Friday, one on the make-up Sunday from 09:00.
    expect(await preview(worker, iso('2025-09-26', '17:00'), 2, 'hours')).toBe(iso('2025-09-28', '10:00'));
    expect(await preview(worker, iso('2025-09-26', '17:00'), 1, 'days')).toBe(iso('2025-09-28', '18:00'));
    const back = [
      { start: '08:30', end: '12:00' },
      { start: '14:00', end: '17:30' },
    ];
    expect((await admin.put('/api/worktime/periods', { periods: back })).statusCode).toBe(204);
  });
});

describe('replacing a year', () => {
  const days2027 = [
    { date: '2026-12-27', kind: 'work', name: '元旦' }, // a Sunday in the December before
    { date: '2027-01-01', kind: 'off', name: '元旦' },
    { date: '2027-02-08', kind: 'off', name: '春节' },
    { date: '2027-02-20', kind: 'work', name: '春节' }, // Saturday
  ];

  it('is atomic: one bad row and nothing changes', async () => {
    const before = await year(2025);
    const bad = await admin.post('/api/worktime/years/2025', {
      days: [
        { date: '2025-01-01', kind: 'off', name: '元旦' },
        { date: '2025-03-03', kind: 'work', name: '错误' }, // a Monday
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HOLIDAY_POINTLESS');
    expect(await year(2025)).toEqual(before);
    const outside = await admin.post('/api/worktime/years/2027', {
      days: [...days2027, { date: '2028-01-03', kind: 'off', name: '元旦' }],
    });
    expect(outside.json().error.code).toBe('HOLIDAY_OUTSIDE_YEAR');
    const dup = await admin.post('/api/worktime/years/2027', { days: [...days2027, days2027[1]] });
    expect(dup.json().error.code).toBe('VALIDATION_FAILED');
    expect((await year(2027)).days).toEqual([]);
    expect((await year(2026)).lastYear).toBe(2026);
  });

  it('adds a new year and replaces an existing one', async () => {
    expect((await center.post('/api/worktime/years/2027', { days: days2027 })).statusCode).toBe(204);
    const y = await year(2027);
    expect(y.lastYear).toBe(2027);
    expect(y.years).toEqual([2025, 2026, 2027]);
    expect(y.days).toHaveLength(3);
    expect((await year(2026)).days).toContainEqual({ date: '2026-12-27', kind: 'work', name: '元旦' });
    // 2027-02-05 is a Friday: +1 day skips the weekend and the 8th (off) → Tuesday the 9th.
    expect(await preview(worker, iso('2027-02-05', '10:00'), 1, 'days')).toBe(iso('2027-02-09', '17:30'));

    const replaced = [{ date: '2027-10-01', kind: 'off', name: '国庆节' }];
    expect((await admin.post('/api/worktime/years/2027', { days: replaced })).statusCode).toBe(204);
    expect((await year(2027)).days).toEqual(replaced);
    expect(await preview(worker, iso('2027-02-05', '10:00'), 1, 'days')).toBe(iso('2027-02-08', '17:30'));
  });
});

describe('beyond the calendar', () => {
  it('warns once per year through the callback, even across rebuilds', async () => {
    const warned: number[] = [];
    const node = new WorktimeService(t.app.ctx, { onBeyondCalendar: (y) => warned.push(y) });
    const start = shanghaiMs('2030-03-01', '10:00'); // a Friday, past the last year (2027)
    expect(await node.deadline(start, { amount: 1, unit: 'days' })).toBe(shanghaiMs('2030-03-04', '17:30'));
    expect(await node.deadline(start, { amount: 7, unit: 'hours' })).toBe(shanghaiMs('2030-03-04', '10:00'));
    await admin.put('/api/worktime/days/2027-10-08', { kind: 'off', name: '国庆节' });
    clock.advance(1000);
    expect(await node.deadline(start, { amount: 1, unit: 'days' })).toBe(shanghaiMs('2030-03-04', '17:30'));
    expect(warned).toEqual([2030]);
    // Dates inside the calendar never warn.
    await node.deadline(shanghaiMs('2025-09-26', '10:00'), { amount: 1, unit: 'days' });
    expect(warned).toEqual([2030]);
  });
});
