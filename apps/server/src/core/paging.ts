/**
 * Every list is paginated with a fixed number of queries per page (ARCHITECTURE): the page's rows and the
 * total of the same filter, run side by side. Repositories build the filter and the ordered row query.
 */
import type { SelectQueryBuilder } from 'kysely';

/** Offset of a 1-based page. */
export const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize;

/**
 * `rows` (already filtered, selected and ordered) limited to the page, and `COUNT(*)` over `filtered`
 * (the same FROM/WHERE, nothing selected yet).
 */
export async function fetchPage<O>(
  // Any table set: the helper only adds LIMIT/OFFSET and a count, which need no column types.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  rows: SelectQueryBuilder<any, any, O>,
  // biome-ignore lint/suspicious/noExplicitAny: see above
  filtered: SelectQueryBuilder<any, any, any>,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ rows: O[]; total: number }> {
  const [items, count] = await Promise.all([
    rows.limit(pageSize).offset(offsetOf(page, pageSize)).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: items, total: Number(count.n) };
}
