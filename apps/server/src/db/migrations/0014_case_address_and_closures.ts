/**
 * Repeats by address and the wall's closures (issue 5):
 *  - warning_addresses: an id per address key a repeat warning was raised for — warnings name their subject by
 *    id (unique key of 0010), and an address has no row of its own elsewhere.
 *  - cases_address_key: the address key (modules/warnings/warnings.address.ts) of every case, so the case
 *    list's `address=` filter is an index look-up, not a scan.
 *  - cases_closed: cases by closed_at — today's closures on the wall come from the cases themselves, which
 *    every writer (actions, the bulk loader) keeps, not from audit rows only the actions write.
 */
import { sql } from 'kysely';
import { addressKey } from '../../modules/warnings/warnings.address.js';
import { type Db, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;
  await withId(db, k.createTable('warning_addresses'))
    .addColumn('address', 'varchar(200)', (c) => c.notNull().unique())
    .execute();
  await k
    .createIndex('cases_address_key')
    .on('cases')
    .expression(addressKey(sql.ref('address')))
    .execute();
  await k.createIndex('cases_closed').on('cases').column('closed_at').execute();
}
