/**
 * One error envelope `{ error: { code, message, details } }` for everything (ARCHITECTURE rule 6).
 * Bad input never becomes a 500: Zod failures → 400 with field paths, Fastify's own 4xx keep their
 * status with a stable code, unknown /api routes → 404 ROUTE_NOT_FOUND.
 */
import { AppError, type ErrorCode, errorMessages } from '@grassroots/shared/common/errors';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';

export const localeOf = (req: FastifyRequest): 'zh-CN' | 'en' =>
  /^en\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'en' : 'zh-CN';

export function sendError(
  req: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  status: number,
  details?: unknown,
) {
  return reply.status(status).send({ error: { code, message: errorMessages[code][localeOf(req)], details } });
}

const fastifyCodeMap: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_REQ_FILE_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) return sendError(req, reply, err.code, err.status, err.details);
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({
        path: `${err.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`,
        message: v.message,
      }));
      return sendError(req, reply, 'VALIDATION_FAILED', 400, details);
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err }, 'response did not match its schema');
      return sendError(req, reply, 'INTERNAL', 500);
    }
    const dbCode = constraintCode(err);
    if (dbCode) return sendError(req, reply, dbCode, 409);
    if ((err as { statusCode?: number }).statusCode === 429) return sendError(req, reply, 'RATE_LIMITED', 429);
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code = fastifyCodeMap[err.code] ?? (status === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED');
      return sendError(req, reply, code, status, { reason: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    return sendError(req, reply, 'INTERNAL', 500);
  });
}

/** Constraint violations reached through a race (two inserts at once) are conflicts, not crashes. */
function constraintCode(err: unknown): ErrorCode | null {
  const code = String((err as { code?: unknown }).code ?? '');
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return 'DUPLICATE';
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') return 'INVALID_TRANSITION';
  return null;
}
