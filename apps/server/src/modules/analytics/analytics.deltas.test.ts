/**
 * RollupDeltas taken in parts — the rows of the days before a given day, then the rest (how the bulk loader writes
 * finished days as it goes) — add up to the same rows as taking everything at once.
 */
import { describe, expect, it } from 'vitest';
import { caseFactsRow, type FactsEvent, type RollupAdditions, RollupDeltas } from './analytics.deltas.js';

const DAY = 86_400_000;
const start = Date.UTC(2026, 5, 1, 2, 0);

/** A case submitted `day` days after `start` at place `path`, registered, and resolved `took` days later. */
function facts(day: number, path: string, categoryId: number, took: number) {
  const at = start + day * DAY;
  const events: FactsEvent[] = [
    { action: 'create', toStatus: 'submitted', at, data: '{}' },
    { action: 'register', toStatus: 'registered', at: at + 3_600_000, data: '{}' },
    { action: 'resolve', toStatus: 'resolved', at: at + took * DAY, data: '{}' },
  ];
  const c = {
    id: day,
    createdAt: at,
    respondBy: at + DAY,
    resolveBy: at + 3 * DAY,
    handlerAccountId: null,
    handlerOrgId: null,
    areaPath: path,
    placePath: null,
    categoryId,
    source: 'hotline',
  };
  return caseFactsRow(c, events, start + 60 * DAY);
}

/** Every row of the additions as `table|key…` → added values, summed over the parts. */
function summed(parts: RollupAdditions[][]) {
  const out = new Map<string, number[]>();
  for (const part of parts)
    for (const a of part) {
      const width = a.rows.cols.length;
      for (let r = 0; r < a.rows.count; r++) {
        const row = a.rows.values.slice(r * width, (r + 1) * width);
        const key = `${a.table}|${row.slice(0, a.key.length).join('|')}`;
        const add = row.slice(a.key.length) as number[];
        const was = out.get(key);
        out.set(key, was ? was.map((v, i) => v + (add[i] as number)) : add);
      }
    }
  return out;
}

describe('RollupDeltas in parts', () => {
  const cases = [
    facts(0, '1.2.3', 7, 1),
    facts(0, '1.2.4', 7, 5),
    facts(2, '1.2.3', 8, 2),
    facts(5, '1.2.3', 7, 0),
    facts(9, '1.5.6', 9, 4),
  ];
  const move = (d: RollupDeltas) => {
    for (const f of cases) d.move(f.dims, f.facts, 1);
  };
  const firstDay = cases[0]!.facts.day;

  it('takes the days before a day, then the rest: the same rows as all at once', () => {
    const whole = new RollupDeltas();
    move(whole);
    const all = whole.takeAdditions();
    expect(whole.size).toBe(0);

    const parted = new RollupDeltas();
    move(parted);
    const held = parted.size;
    const before = parted.sizeBefore(firstDay + 3);
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(held);
    const early = parted.takeAdditions(firstDay + 3);
    expect(parted.size).toBe(held - before);
    for (const a of early) {
      const dayAt = a.rows.cols.indexOf('day');
      for (let r = 0; r < a.rows.count; r++)
        expect(a.rows.values[r * a.rows.cols.length + dayAt] as number).toBeLessThan(firstDay + 3);
    }
    // A case that comes later adds to rows the deltas hold no more: they come out again, to be added.
    const late = facts(1, '1.2.3', 7, 1);
    parted.move(late.dims, late.facts, 1);
    whole.move(late.dims, late.facts, 1);
    const rest = parted.takeAdditions();
    expect(parted.size).toBe(0);
    expect(summed([early, rest])).toEqual(summed([all, whole.takeAdditions()]));
  });

  it('takes nothing before the first day', () => {
    const d = new RollupDeltas();
    move(d);
    expect(d.sizeBefore(firstDay)).toBe(0);
    expect(d.takeAdditions(firstDay).every((a) => a.rows.count === 0)).toBe(true);
    expect(d.size).toBeGreaterThan(0);
  });
});
