import { describe, expect, it } from 'vitest';
import { drillHref, formatP, numbersLines } from './warnings.format';

const zh = (z: string) => z;

describe('warning numbers on the page', () => {
  it('formats p-values people can read', () => {
    expect(formatP(0.001148)).toBe('0.0011');
    expect(formatP(0.00005684)).toBe('< 0.0001');
    expect(formatP(null)).toBe('—');
  });
  it('explains a hotspot, and the floor rate when the baseline is below it', () => {
    const base = { kind: 'hotspot' as const, observed: 4, baseline: 1 };
    const numbers = { baselineMean: 1, baselineSd: 0.5, expected: 1, pValue: 0.019, weeksUsed: 8, alpha: 0.01 };
    expect(numbersLines({ ...base, numbers }, zh)).toEqual([
      '当周 4 件 / 近 8 周均值 1.00',
      '标准差 0.50 · P 值 0.0190（阈值 0.01）',
    ]);
    const zero = { ...numbers, baselineMean: 0, baselineSd: 0, expected: 0.2 };
    expect(numbersLines({ ...base, baseline: 0, numbers: zero }, zh)[2]).toBe('基线过低，按每周 0.20 件计算');
  });
  it('explains a repeat and links to its cases', () => {
    expect(numbersLines({ kind: 'repeat', observed: 5, baseline: 3, numbers: { windowDays: 30 } }, zh)).toEqual([
      '30 天内 5 件（≥ 3 件即预警）',
    ]);
    expect(drillHref({ drill: { building: '7', category: '3', from: '2026-03-01', to: '2026-03-30' } })).toBe(
      '/console/cases?building=7&category=3&from=2026-03-01&to=2026-03-30',
    );
  });
});
