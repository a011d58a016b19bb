/**
 * /api/ledger/import* and /api/ledger/imports* — the ledger's Excel import (ledger.write, own imports only) —
 * and /api/persons/export.{xlsx,csv} (ledger.read; clear values need ledger.unmask + unmasked=true + reason).
 * Thin routes: schema, permission, one service call. The upload is streamed to a temp file first (≤ 20 MB);
 * its type is checked by content in the service.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@grassroots/shared/common/errors';
import { idParam } from '@grassroots/shared/common/ids';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import { IMPORT_MAX_BYTES } from '@grassroots/shared/ledger-import/ledger-import.rules';
import {
  importCommitBody,
  importCreated,
  importDecisionsBody,
  importRowPage,
  importRowsQuery,
  importView,
  personExportQuery,
} from '@grassroots/shared/ledger-import/ledger-import.schema';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccount, requirePermission } from '../../core/principal.js';
import { localeOf } from '../../plugins/errors.js';
import type { UploadedFile } from './ledger-import.service.js';

const tags = ['ledger'];
const params = z.object({ id: idParam });
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const day = shanghaiDayKey;

const attachment = (reply: FastifyReply, type: string, ascii: string, name: string) =>
  reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`)
    .header('cache-control', 'no-store');

/** The account holding ledger.write (imports belong to accounts, not API keys). */
function importer(req: FastifyRequest) {
  requirePermission(req, 'ledger.write');
  return requireAccount(req);
}

/** Streams the multipart `file` part to a temp file; 413 past 20 MB, 400 without a file. */
async function receiveWorkbook(req: FastifyRequest, dir: string): Promise<UploadedFile> {
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { expected: 'multipart/form-data' });
  const part = await req.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
  if (part?.fieldname !== 'file')
    throw new AppError('VALIDATION_FAILED', [{ path: 'body.file', message: '请选择 .xlsx 文件' }]);
  await mkdir(dir, { recursive: true });
  const path = join(dir, randomBytes(16).toString('hex'));
  try {
    await pipeline(part.file, createWriteStream(path, { mode: 0o600 }));
    if (part.file.truncated) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: IMPORT_MAX_BYTES });
  } catch (err) {
    await rm(path, { force: true });
    if ((err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE')
      throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: IMPORT_MAX_BYTES });
    throw err;
  }
  return { path, size: (await stat(path)).size, name: part.filename || 'import.xlsx' };
}

export const ledgerImportRoutes: FastifyPluginAsyncZod = async (app) => {
  const { ledgerImport, personsExport } = app.services;
  const tmpDir = join(app.ctx.config.uploadDir, '.imports');

  app.get(
    '/api/ledger/import/template.xlsx',
    { schema: { tags, summary: '下载台账导入模板（含当前启用的自定义字段）', produces: [XLSX] } },
    async (req, reply) => {
      importer(req);
      const file = await ledgerImport.template();
      return attachment(reply, XLSX, 'ledger-template.xlsx', '台账导入模板.xlsx').send(file);
    },
  );

  app.post(
    '/api/ledger/imports',
    {
      schema: {
        tags,
        summary: '上传台账工作簿（multipart 字段 file，.xlsx，≤ 20 MB）；后台解析，轮询 GET 查看进度',
        consumes: ['multipart/form-data'],
        response: { 202: importCreated },
      },
    },
    async (req, reply) => {
      const p = importer(req);
      const file = await receiveWorkbook(req, tmpDir);
      try {
        return reply.status(202).send(await ledgerImport.create(p, req.actor, file));
      } catch (err) {
        await rm(file.path, { force: true });
        throw err;
      }
    },
  );

  app.get(
    '/api/ledger/imports/:id',
    { schema: { tags, summary: '导入状态与进度（仅上传者本人）', params, response: { 200: importView } } },
    async (req) => ledgerImport.get(importer(req), Number(req.params.id), localeOf(req)),
  );

  app.get(
    '/api/ledger/imports/:id/rows',
    {
      schema: {
        tags,
        summary: '预览行（filter=problems|duplicates|all，数据已脱敏）',
        params,
        querystring: importRowsQuery,
        response: { 200: importRowPage },
      },
    },
    async (req) => ledgerImport.rows(importer(req), Number(req.params.id), req.query, localeOf(req)),
  );

  app.post(
    '/api/ledger/imports/:id/decisions',
    {
      schema: {
        tags,
        summary: '逐行或批量选择：跳过 / 更新已有 / 保留两条',
        params,
        body: importDecisionsBody,
        response: { 200: importView },
      },
    },
    async (req) => ledgerImport.decide(importer(req), Number(req.params.id), req.body, localeOf(req)),
  );

  app.post(
    '/api/ledger/imports/:id/commit',
    {
      schema: {
        tags,
        summary: '提交导入（全部成功或全部不写入；有未处理的问题行时 409）',
        params,
        body: importCommitBody,
        response: { 202: importCreated },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(await ledgerImport.commit(importer(req), req.actor, Number(req.params.id), req.body.version)),
  );

  app.post(
    '/api/ledger/imports/:id/cancel',
    { schema: { tags, summary: '取消导入（删除暂存数据）', params, response: { 200: importView } } },
    async (req) => ledgerImport.cancel(importer(req), req.actor, Number(req.params.id), localeOf(req)),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/persons/export.${format}`,
      {
        schema: {
          tags,
          summary: `导出人员台账 ${format.toUpperCase()}（筛选同人员列表；默认脱敏，明文需 ledger.unmask + unmasked=true + reason）`,
          querystring: personExportQuery,
          produces: [format === 'csv' ? 'text/csv' : XLSX],
        },
      },
      async (req, reply) => {
        const p = requirePermission(req, 'ledger.read');
        const { stream } = await personsExport.export(p, req.actor, req.query, format);
        const d = day(app.ctx.clock.now());
        const type = format === 'csv' ? 'text/csv; charset=utf-8' : XLSX;
        return attachment(reply, type, `persons-${d}.${format}`, `人员台账-${d}.${format}`).send(stream);
      },
    );
  }
};
