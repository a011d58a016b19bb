/**
 * Search terms of cases (shared `cases.search.ts`): bigrams of Chinese text and latin/digit tokens. The primary
 * key (term, case_id) is the index a search walks, exact or by prefix, on both dialects.
 */
import { codePointOrder, type Db } from '../dialect.js';

export async function up(db: Db) {
  await db.kysely.schema
    .createTable('case_terms')
    // A prefix search walks the primary key as a range: code point order on both dialects.
    .addColumn('term', 'varchar(32)', (c) => codePointOrder(db)(c.notNull()))
    .addColumn('case_id', 'integer', (c) => c.notNull().references('cases.id'))
    .addPrimaryKeyConstraint('case_terms_pk', ['term', 'case_id'])
    .execute();
  // Re-indexing a case deletes its terms first.
  await db.kysely.schema.createIndex('case_terms_case').on('case_terms').column('case_id').execute();
}
