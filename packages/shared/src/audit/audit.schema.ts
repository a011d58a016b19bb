/** The audit log: query and row shape (readable labels live in audit.labels.ts). */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

const instant = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), 'invalid date');

export const auditListQuery = pageQuery.extend({
  actorId: idParam.optional(),
  action: z.string().trim().max(64).optional(),
  entityType: z.string().trim().max(32).optional(),
  entityId: z.string().trim().max(64).optional(),
  from: instant.optional(),
  to: instant.optional(),
  q: z.string().trim().max(100).optional(),
});
export type AuditListQuery = z.infer<typeof auditListQuery>;

export const auditRowView = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorKind: z.string(),
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  areaPath: z.string().nullable(),
  ip: z.string().nullable(),
  summary: z.record(z.string(), z.unknown()),
});
export type AuditRowView = z.infer<typeof auditRowView>;
export const auditPage = pageOf(auditRowView);
export type AuditPage = z.infer<typeof auditPage>;
