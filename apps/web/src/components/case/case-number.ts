/** Case numbers as people type them (the public look-up, the merge form): pure, unit-tested. */

/** The form of a case number: the filing date and a sequence, 20261123-000042. */
export const CASE_NUMBER_RE = /^\d{8}-\d{6}$/;

/**
 * A case number as people type it: full-width digits and dashes folded, spaces dropped, and 14 bare digits
 * (a phone keypad has no '-') split into 'XXXXXXXX-XXXXXX'.
 */
export function normaliseCaseNumber(input: string): string {
  const s = input
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[－—–﹣]/g, '-')
    .replace(/\s+/g, '');
  return /^\d{14}$/.test(s) ? `${s.slice(0, 8)}-${s.slice(8)}` : s;
}
