/** SQL for attachment metadata rows (the bytes live in AttachmentStorage). */
import type { Kysely, Selectable } from 'kysely';
import type { AttachmentsTable, Database } from '../../db/database.js';

export type AttachmentRow = Selectable<AttachmentsTable>;

/** Who uploaded: exactly one of the two is set. */
export interface Uploader {
  accountId: number | null;
  apiKeyId: number | null;
}

export const attachmentsRepository = {
  async insert(
    db: Kysely<Database>,
    row: { sha256: string; mime: string; size: number; originalName: string | null; createdAt: number } & Uploader,
  ): Promise<number> {
    const { accountId, apiKeyId, ...rest } = row;
    const res = await db
      .insertInto('attachments')
      .values({ ...rest, uploadedBy: accountId, uploadedByKey: apiKeyId, ownerType: null, ownerId: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    return res.id;
  },

  findById: (db: Kysely<Database>, id: number) =>
    db.selectFrom('attachments').selectAll().where('id', '=', id).executeTakeFirst(),

  /** The uploader's own attachments among `ids` that are not bound to anything yet. */
  findOwnUnbound(db: Kysely<Database>, ids: number[], uploader: Uploader) {
    let q = db.selectFrom('attachments').selectAll().where('id', 'in', ids).where('ownerType', 'is', null);
    q =
      uploader.apiKeyId != null
        ? q.where('uploadedByKey', '=', uploader.apiKeyId)
        : q.where('uploadedBy', '=', uploader.accountId ?? -1);
    return q.orderBy('id').execute();
  },

  /** Binds still-unbound rows; returns how many changed (fewer than asked ⇒ someone bound one meanwhile). */
  async bind(db: Kysely<Database>, ids: number[], ownerType: string, ownerId: number): Promise<number> {
    const res = await db
      .updateTable('attachments')
      .set({ ownerType, ownerId })
      .where('id', 'in', ids)
      .where('ownerType', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },
};
