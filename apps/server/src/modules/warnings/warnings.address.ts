/**
 * The address key: one spelling for the ways one address is typed (12345 tickets carry only an address), in SQL
 * so that the repeat scan (warnings.counts.ts), the case list's `address=` filter (cases.filters.ts) and the
 * expression index of migration 0014 compute exactly the same thing on both dialects. It turns tabs, line
 * breaks, no-break and ideographic (full-width) spaces into spaces, full-width digits into ASCII digits,
 * collapses runs of spaces into one and trims: '  站前路　８号  3单元' → '站前路 8号 3单元'.
 * Changing it needs a migration that rebuilds the index `cases_address_key` (or the index goes unused).
 */
import { type Expression, type RawBuilder, sql } from 'kysely';

const SPACES = ['\t', '\n', '\r', '\u00a0', '\u3000'];
const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
// Private-use characters (never typed in an address): ' ' → OPEN CLOSE, drop CLOSE OPEN, OPEN CLOSE → ' '
// collapses any run of spaces into one without a regular expression, which SQLite lacks.
const OPEN = '\ue000';
const CLOSE = '\ue001';

export function addressKey(text: Expression<string | null>): RawBuilder<string | null> {
  let e: RawBuilder<string | null> = sql`${text}`;
  const replace = (from: string, to: string) => {
    e = sql`replace(${e}, ${sql.lit(from)}, ${sql.lit(to)})`;
  };
  for (const s of SPACES) replace(s, ' ');
  for (const [i, d] of [...FULL_WIDTH_DIGITS].entries()) replace(d, String(i));
  replace(' ', OPEN + CLOSE);
  replace(CLOSE + OPEN, '');
  replace(OPEN + CLOSE, ' ');
  return sql`trim(${e})`;
}
