/**
 * Attachments: uploads are checked by content, stored once per content (AttachmentStorage) with one metadata
 * row per upload, and later bound to an owner (a case, …) by the owner module through `attach()`.
 *
 * Reading: the uploader (same account or same API key) and admins may read an attachment. Once bound, the
 * owner module decides who else may: it registers a `canRead` check for its owner type
 * (`attachments.registerCanRead('case', (principal, caseId) => …)`), consulted for bound attachments.
 * Anyone else gets 404, as if it did not exist.
 */
import type { AttachmentView } from '@grassroots/shared/attachments/attachments.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { type AttachmentRow, attachmentsRepository as repo, type Uploader } from './attachments.repository.js';
import { AttachmentStorage, type StagedFile } from './attachments.storage.js';

export type CanReadHook = (principal: Principal, ownerId: number) => Promise<boolean>;

export const toAttachmentView = (r: Pick<AttachmentRow, 'id' | 'mime' | 'size' | 'sha256'>): AttachmentView => ({
  id: String(r.id),
  mime: r.mime,
  size: r.size,
  sha256: r.sha256,
  url: `/api/attachments/${r.id}`,
});

const uploaderOf = (p: Principal): Uploader =>
  p.kind === 'api_key' ? { accountId: null, apiKeyId: p.apiKeyId } : { accountId: p.accountId, apiKeyId: null };

export class AttachmentsService {
  readonly storage: AttachmentStorage;
  private readonly canReadHooks = new Map<string, CanReadHook>();

  constructor(private readonly ctx: AppContext) {
    this.storage = new AttachmentStorage(ctx.config.uploadDir);
  }

  /** Owner modules call this once at start: who may read attachments bound to their rows. */
  registerCanRead(ownerType: string, check: CanReadHook) {
    this.canReadHooks.set(ownerType, check);
  }

  /** 415 unless every staged file is of an accepted type (by content). */
  assertAccepted(files: StagedFile[]) {
    const refused = files.findIndex((f) => f.mime === null);
    if (refused >= 0)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { index: refused, name: files[refused]?.originalName });
  }

  /**
   * Moves staged files to their content addresses and writes one row (and one audit row) per upload in one
   * transaction. `onCommit` runs inside that transaction (the idempotency record goes there).
   */
  async save(
    principal: Principal,
    actor: Actor,
    files: StagedFile[],
    onCommit?: (trx: Kysely<Database>, items: AttachmentView[]) => Promise<void>,
  ): Promise<AttachmentView[]> {
    this.assertAccepted(files);
    // Files first: a row must never point at bytes that are not there. An orphan file (rows rolled back) is
    // harmless — it is content-addressed and reused by the next identical upload.
    for (const f of files) await this.storage.commit(f);
    const uploader = uploaderOf(principal);
    const now = this.ctx.clock.now();
    return this.ctx.db.kysely.transaction().execute(async (trx) => {
      const items: AttachmentView[] = [];
      for (const f of files) {
        const row = { sha256: f.sha256, mime: f.mime as string, size: f.size, originalName: f.originalName };
        const id = await repo.insert(trx, { ...row, ...uploader, createdAt: now });
        await this.ctx.audit.write(trx, actor, {
          action: 'attachment.uploaded',
          entityType: 'attachment',
          entityId: id,
          summary: { sha256: f.sha256, mime: f.mime, size: f.size },
        });
        items.push(toAttachmentView({ id, ...row }));
      }
      await onCommit?.(trx, items);
      return items;
    });
  }

  /** The file to stream, if `principal` may read it; else NOT_FOUND. */
  async open(principal: Principal, id: number) {
    const row = await repo.findById(this.ctx.db.kysely, id);
    if (!row || !(await this.canRead(principal, row))) throw new AppError('NOT_FOUND');
    return { mime: row.mime, size: row.size, sha256: row.sha256, path: this.storage.pathOf(row.sha256) };
  }

  private async canRead(p: Principal, row: AttachmentRow): Promise<boolean> {
    if (p.kind === 'api_key' ? row.uploadedByKey === p.apiKeyId : row.uploadedBy === p.accountId) return true;
    if (p.kind === 'account' && p.roles.includes('admin')) return true;
    if (row.ownerType == null || row.ownerId == null) return false;
    const check = this.canReadHooks.get(row.ownerType);
    return check ? check(p, row.ownerId) : false;
  }

  /**
   * The uploads `attach` would bind: the caller's own, still-unbound attachments among `ids`; any other id ⇒
   * NOT_FOUND (with the ids), so one cannot adopt another person's upload by guessing its id. Reads only (an
   * owner module checks with it before it writes anything of the owner).
   */
  async attachable(k: Kysely<Database>, ids: number[], p: Principal): Promise<AttachmentRow[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const rows = await repo.findOwnUnbound(k, unique, uploaderOf(p));
    const missing = unique.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) throw new AppError('NOT_FOUND', { attachmentIds: missing.map(String) });
    return rows;
  }

  /**
   * Binds uploads to an owner inside the owner's transaction `trx` (e.g. a new case and its photos): those
   * `attachable` allows, else its NOT_FOUND. The owner module audits its own action.
   */
  async attach(
    trx: Kysely<Database>,
    ids: number[],
    ownerType: string,
    ownerId: number,
    p: Principal,
  ): Promise<AttachmentView[]> {
    const rows = await this.attachable(trx, ids, p);
    if (rows.length === 0) return [];
    // Two owners binding the same upload at once: the second finds it bound already.
    if (
      (await repo.bind(
        trx,
        rows.map((r) => r.id),
        ownerType,
        ownerId,
      )) !== rows.length
    )
      throw new AppError('VERSION_CONFLICT');
    return rows.map(toAttachmentView);
  }
}
