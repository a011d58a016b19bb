/**
 * Excel import staging (0006_ledger) keeps, next to the encrypted row (`data_enc`, for the preview and for
 * updates of existing persons), the row already encoded as a new person: `person` is the JSON of its persons
 * columns exactly as person-codec stores them — ID number, phone and sensitive tags already AES-GCM encrypted,
 * keyed hashes, masks — with its ledger_tags keys and its household target. The parse encodes each row once, so
 * the commit copies instead of decrypting and encrypting every row again. Null for a row with problems (it can
 * only be skipped) and for rows staged before this migration (the commit then encodes them as before).
 */
import type { Db } from '../dialect.js';

export async function up(db: Db) {
  await db.kysely.schema.alterTable('ledger_import_rows').addColumn('person', 'text').execute();
}
