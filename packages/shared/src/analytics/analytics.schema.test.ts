import { describe, expect, it } from 'vitest';
import { caseListQuery } from '../cases/cases.schema.js';
import { kpiQuery } from './analytics.schema.js';

describe('kpiQuery', () => {
  it('defaults to grouping by area and takes the case list’s handler spelling', () => {
    expect(kpiQuery.parse({})).toEqual({ groupBy: 'area' });
    expect(kpiQuery.parse({ handler: 'organisation:7', groupBy: 'week', from: '2026-01-01' })).toMatchObject({
      handler: 'organisation:7',
      groupBy: 'week',
    });
  });
  it('refuses unknown groupings, bad dates and bad handlers', () => {
    for (const bad of [{ groupBy: 'year' }, { from: '2026-13-01' }, { handler: 'person:1' }, { source: 'fax' }])
      expect(kpiQuery.safeParse(bad).success).toBe(false);
  });
});

describe('caseListQuery figure (drill-down)', () => {
  it('accepts the drill-down figures only', () => {
    expect(caseListQuery.parse({ figure: 'closedOnTime' }).figure).toBe('closedOnTime');
    expect(caseListQuery.safeParse({ figure: 'submitted' }).success).toBe(false);
  });
});
