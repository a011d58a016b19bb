/**
 * What an intake's Idempotency-Key keeps of its answer: the case's id, not its view. The view is about 2 KB, and
 * storing it was the largest single write of a new case on PostgreSQL (bench/README.md, intake, session 14). A
 * replay answers the case as it stands when the retry comes — as a 12345 ticket filed twice does: the same case,
 * the same status code as the first answer. Keys stored before this kept the whole view; those replay as stored
 * (they expire within a day).
 */

/** The key's stored answer for case `id`. */
export const storedCase = (id: number) => JSON.stringify({ caseId: String(id) });

/** The case id a replayed answer names, or null for an answer kept whole. */
export function storedCaseId(stored: unknown): number | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const { caseId } = stored as { caseId?: unknown };
  return Object.keys(stored).length === 1 && typeof caseId === 'string' ? Number(caseId) : null;
}
