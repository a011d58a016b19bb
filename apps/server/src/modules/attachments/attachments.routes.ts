/**
 * /api/attachments — upload photos/PDFs (multipart, field `file`, up to 9 files of ≤ 10 MiB) and read them back.
 * Any signed-in account or API key may upload; the type is decided by content (sniff.ts), never by the
 * client's Content-Type or file name. Uploads honour `Idempotency-Key` (a retried upload returns the same ids).
 */

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { type AttachmentView, uploadResponse } from '@grassroots/shared/attachments/attachments.schema';
import { AppError } from '@grassroots/shared/common/errors';
import { idParam } from '@grassroots/shared/common/ids';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { withIdempotency } from '../../core/idempotency.js';
import { requirePrincipal } from '../../core/principal.js';
import type { AttachmentsService } from './attachments.service.js';
import type { StagedFile } from './attachments.storage.js';

const tags = ['attachments'];
const params = z.object({ id: idParam });

export const attachmentsRoutes: FastifyPluginAsyncZod = async (app) => {
  const { attachments } = app.services;

  app.post(
    '/api/attachments',
    { schema: { tags, summary: '上传附件（照片/PDF，multipart 字段 file）', response: { 201: uploadResponse } } },
    async (req, reply) => {
      const principal = requirePrincipal(req);
      const staged = await receiveFiles(req, attachments);
      try {
        attachments.assertAccepted(staged);
        // The request hash of a multipart upload is its files' digests, in order.
        const hashBody = { files: staged.map((f) => f.sha256) };
        return await withIdempotency(
          req,
          reply,
          async (tx) => {
            const record = (trx: Parameters<typeof tx.record>[0], items: AttachmentView[]) =>
              tx.record(trx, { status: 201, body: { items } });
            const items = await attachments.save(principal, req.actor, staged, record);
            return { status: 201, body: { items } };
          },
          { hashBody },
        );
      } finally {
        await attachments.storage.discard(staged);
      }
    },
  );

  app.get('/api/attachments/:id', { schema: { tags, summary: '读取附件', params } }, async (req, reply) => {
    const file = await attachments.open(requirePrincipal(req), Number(req.params.id));
    // The row exists but the bytes are gone (restore without files?): say so in the log, 404 to the client.
    const onDisk = await stat(file.path).catch(() => null);
    if (!onDisk) {
      req.log.error({ attachmentId: req.params.id, sha256: file.sha256 }, 'attachment file missing');
      throw new AppError('NOT_FOUND');
    }
    return (
      reply
        .header('content-type', file.mime)
        .header('content-length', onDisk.size)
        .header('content-disposition', 'inline')
        .header('x-content-type-options', 'nosniff')
        // Content-addressed, so it never changes; private because access depends on who asks.
        .header('cache-control', 'private, max-age=31536000, immutable')
        .header('etag', `"${file.sha256}"`)
        .send(createReadStream(file.path))
    );
  });
};

/** Streams every `file` part to a staged temp file; on any failure the already-staged ones are removed. */
async function receiveFiles(req: FastifyRequest, attachments: AttachmentsService): Promise<StagedFile[]> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
  const staged: StagedFile[] = [];
  try {
    for await (const part of req.parts()) {
      if (part.type !== 'file') continue;
      if (part.fieldname !== 'file') {
        part.file.resume();
        throw new AppError('VALIDATION_FAILED', [{ path: `body.${part.fieldname}`, message: 'files go in "file"' }]);
      }
      staged.push(await attachments.storage.stage(part.file, part.filename || null));
    }
  } catch (err) {
    await attachments.storage.discard(staged);
    if ((err as { code?: string }).code === 'FST_FILES_LIMIT')
      throw new AppError('VALIDATION_FAILED', [{ path: 'body.file', message: 'at most 9 files' }]);
    throw err;
  }
  if (staged.length === 0) throw new AppError('VALIDATION_FAILED', [{ path: 'body.file', message: 'no file' }]);
  return staged;
}
