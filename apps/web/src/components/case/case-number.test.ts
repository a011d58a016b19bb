import { describe, expect, it } from 'vitest';
import { CASE_NUMBER_RE, normaliseCaseNumber } from './case-number';

describe('normaliseCaseNumber', () => {
  it('folds full-width digits and dashes and drops spaces', () => {
    expect(normaliseCaseNumber(' ２０２６１１２３－００００４２ ')).toBe('20261123-000042');
    expect(normaliseCaseNumber('20261123 — 000042')).toBe('20261123-000042');
  });

  it('splits 14 bare digits into date and sequence', () => {
    expect(normaliseCaseNumber('20261123000042')).toBe('20261123-000042');
    expect(normaliseCaseNumber('２０２６１１２３ ０００　０４２')).toBe('20261123-000042');
  });

  it('leaves anything else as typed (the server answers "not found")', () => {
    expect(normaliseCaseNumber('2026112300004')).toBe('2026112300004');
    expect(normaliseCaseNumber('202611230000421')).toBe('202611230000421');
    expect(normaliseCaseNumber('2026-1123000042')).toBe('2026-1123000042');
    expect(normaliseCaseNumber('')).toBe('');
  });

  it('gives what CASE_NUMBER_RE accepts for the usual ways of typing one', () => {
    for (const typed of ['20261123-000042', '20261123000042', '２０２６１１２３－００００４２'])
      expect(CASE_NUMBER_RE.test(normaliseCaseNumber(typed))).toBe(true);
  });
});
