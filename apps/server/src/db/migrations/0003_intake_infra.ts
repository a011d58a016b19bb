/** Infrastructure the case loop needs: attachments, idempotent requests, and the notification outbox. */
import { type Db, millis, withId } from '../dialect.js';

export async function up(db: Db) {
  const k = db.kysely.schema;

  // Content-addressed files: the bytes live under UPLOAD_DIR by SHA-256; one row per upload.
  await withId(db, k.createTable('attachments'))
    .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
    .addColumn('mime', 'varchar(64)', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('original_name', 'varchar(200)')
    .addColumn('uploaded_by', 'integer', (c) => c.references('accounts.id'))
    .addColumn('uploaded_by_key', 'integer', (c) => c.references('api_keys.id'))
    .addColumn('owner_type', 'varchar(32)') // what it got attached to (e.g. 'case'), null until then
    .addColumn('owner_id', 'integer')
    .addColumn('created_at', millis, (c) => c.notNull())
    .execute();
  await k.createIndex('attachments_owner').on('attachments').columns(['owner_type', 'owner_id']).execute();
  await k.createIndex('attachments_sha').on('attachments').column('sha256').execute();

  // A retried write with the same Idempotency-Key (per caller) returns the first answer instead of acting twice.
  await k
    .createTable('idempotency_keys')
    .addColumn('caller', 'varchar(40)', (c) => c.notNull()) // 'a:<accountId>' | 'k:<apiKeyId>'
    .addColumn('key', 'varchar(100)', (c) => c.notNull())
    .addColumn('request_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('status', 'integer', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', millis, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['caller', 'key'])
    .execute();
  await k.createIndex('idempotency_keys_created').on('idempotency_keys').column('created_at').execute();

  // Outbox: notifications written in the same transaction as the change that caused them; delivered later.
  await withId(db, k.createTable('outbox'))
    .addColumn('channel', 'varchar(16)', (c) => c.notNull()) // in_app | webhook
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('org_id', 'integer', (c) => c.references('organisations.id'))
    .addColumn('topic', 'varchar(64)', (c) => c.notNull())
    .addColumn('title', 'varchar(200)', (c) => c.notNull())
    .addColumn('body', 'text')
    .addColumn('link', 'varchar(255)')
    .addColumn('payload', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', millis, (c) => c.notNull())
    .addColumn('delivered_at', millis)
    .addColumn('read_at', millis)
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await k.createIndex('outbox_account').on('outbox').columns(['account_id', 'read_at']).execute();
  await k.createIndex('outbox_pending').on('outbox').columns(['channel', 'delivered_at']).execute();
}
