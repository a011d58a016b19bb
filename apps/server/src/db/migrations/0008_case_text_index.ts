/**
 * Case search terms move from `case_terms` (one row, three b-tree entries per term: ~40 per case) to a text
 * index with one document per case (dialect.ts `createTextIndex`: FTS5 on SQLite, tsvector + GIN on
 * PostgreSQL). Existing terms are carried over, then the old table is dropped.
 */
import { sql } from 'kysely';
import { createTextIndex, type Db, textIndexInsert } from '../dialect.js';

const BATCH = 5_000;

export async function up(db: Db) {
  const k = db.kysely;
  await createTextIndex(db, 'case_search');
  const last = await sql<{ id: number | null }>`select max(case_id) as id from case_terms`.execute(k);
  const maxId = Number(last.rows[0]?.id ?? 0);
  for (let from = 0; from < maxId; from += BATCH) {
    const rows = await sql<{ caseId: number; term: string }>`select case_id, term from case_terms
      where case_id > ${from} and case_id <= ${from + BATCH} order by case_id`.execute(k);
    const docs = new Map<number, string[]>();
    for (const r of rows.rows) docs.set(r.caseId, [...(docs.get(r.caseId) ?? []), r.term]);
    const batch = [...docs].map(([id, terms]) => ({ id, terms }));
    if (batch.length) await k.executeQuery(textIndexInsert(db, k, 'case_search', batch));
  }
  await k.schema.dropTable('case_terms').execute();
}
