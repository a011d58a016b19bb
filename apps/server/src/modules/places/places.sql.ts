/** Small SQL helpers shared by the places repositories. */
import { type RawBuilder, sql } from 'kysely';
import { type Db, ilike, likeEscape } from '../../db/dialect.js';

/** Case-insensitive substring match, LIKE wildcards in the input escaped (same SQL on both dialects). */
export const contains = (db: Db, column: string, text: string): RawBuilder<boolean> =>
  sql<boolean>`${sql.ref(column)} ${sql.raw(ilike(db))} ${`%${likeEscape(text)}%`} escape ${sql.raw("'\\'")}`;

/** Offset of a page (1-based). */
export const offsetOf = (page: number, pageSize: number) => (page - 1) * pageSize;
