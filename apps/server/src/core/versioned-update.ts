/**
 * Optimistic locking (ARCHITECTURE: editable rows carry a `version`): the one UPDATE every service uses
 * to change such a row, so "0 rows ⇒ VERSION_CONFLICT" is decided in one place.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { type Kysely, sql, type Updateable } from 'kysely';
import type { Database } from '../db/database.js';

/** The tables whose rows carry a `version` column. */
export type VersionedTable = 'areas' | 'organisations' | 'compounds' | 'buildings' | 'households' | 'accounts';

/**
 * `UPDATE <table> SET …, version = version + 1 WHERE id = ? AND version = ?` (inside the caller's transaction).
 * 0 rows updated ⇒ someone changed (or deleted) the row since the caller read it: throws VERSION_CONFLICT
 * with `details`. Without a `version` (it is optional in some bodies) the update is unconditional.
 */
export async function updateVersioned<T extends VersionedTable>(
  k: Kysely<Database>,
  table: T,
  id: number,
  version: number | undefined,
  set: Updateable<Database[T]>,
  details?: unknown,
): Promise<void> {
  // One statement for several tables: Kysely cannot type a table-generic UPDATE; `set` is typed above.
  // biome-ignore lint/suspicious/noExplicitAny: see above
  let q = (k as Kysely<any>)
    .updateTable(table as string)
    .set({ ...(set as object), version: sql<number>`version + 1` })
    .where('id', '=', id);
  if (version !== undefined) q = q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT', details);
}
