import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli.js';
import { householdsOf } from './plan.js';
import { formatBar } from './progress.js';
import { cnNumber } from './random.js';
import { scalePlan } from './scale-plan.js';

describe('demo CLI', () => {
  it('parses --households, --fresh and --seed, and refuses anything else', () => {
    expect(parseArgs(['--households', '100000', '--fresh'])).toEqual({ households: 100000, fresh: true, seed: 42 });
    expect(parseArgs(['--households=50', '--seed', '7'])).toEqual({ households: 50, fresh: false, seed: 7 });
    expect(() => parseArgs([])).toThrow(/--households/);
    expect(() => parseArgs(['--households', '0'])).toThrow(/--households/);
    expect(() => parseArgs(['--households', '2.5'])).toThrow(/--households/);
    expect(() => parseArgs(['--households', '10', '--cases', '5'])).toThrow(/unknown argument --cases/);
  });

  it('draws the progress bar', () => {
    expect(formatBar('households', 52_000, 100_000, 10)).toBe('[#####-----] 52% households 52000/100000');
    expect(formatBar('rooms', 0, 0, 4)).toBe('[####] 100% rooms 0/0');
  });

  it('plans exactly N households at any size', () => {
    for (const n of [1, 299, 3000, 12_345, 100_000]) expect(householdsOf(scalePlan(n))).toBe(n);
    const big = scalePlan(100_000);
    expect(big.streets.length).toBeGreaterThanOrEqual(12);
    expect(big.streets.flatMap((s) => s.communities).length).toBeGreaterThanOrEqual(50);
  });

  it('writes Chinese ordinal numbers for grid names', () => {
    expect([1, 10, 12, 20, 23, 105, 110, 120].map(cnNumber)).toEqual([
      '一',
      '十',
      '十二',
      '二十',
      '二十三',
      '一百零五',
      '一百一十',
      '一百二十',
    ]);
  });
});
