import { describe, expect, it } from 'vitest';
import {
  ageGroupOf,
  ageGroups,
  ageOn,
  birthDateRange,
  isSensitiveTag,
  personTags,
  tagLabelsEn,
} from './ledger.rules.js';

describe('ledger rules', () => {
  it('counts completed years, the birthday itself included', () => {
    expect(ageOn('1966-11-23', '2026-11-23')).toBe(60);
    expect(ageOn('1966-11-24', '2026-11-23')).toBe(59);
    expect(ageOn('2020-02-29', '2026-02-28')).toBe(5);
  });
  it('puts every age in exactly one group, agreeing with the birth-date range', () => {
    const today = '2026-11-23';
    for (let y = 1920; y <= 2026; y++) {
      for (const md of ['01-01', '11-23', '11-24', '12-31']) {
        const born = `${y}-${md}`;
        if (born > today) continue;
        const group = ageGroupOf(born, today);
        const inRange = ageGroups.filter((g) => {
          const r = birthDateRange(g, today);
          return born > r.after && born <= r.upTo;
        });
        expect(inRange).toEqual([group]);
      }
    }
  });
  it('knows which tags are sensitive and labels every tag in English', () => {
    expect(isSensitiveTag('低保')).toBe(true);
    expect(isSensitiveTag('党员')).toBe(false);
    for (const t of personTags) expect(tagLabelsEn[t]).toBeTruthy();
  });
});
