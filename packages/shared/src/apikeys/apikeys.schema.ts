/** Integration (API) keys of organisations: `grk_<prefix>_<secret>`, shown once, stored hashed. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const apiKeyScopes = ['cases:read', 'cases:write', 'areas:read', 'open311'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export const apiKeyScopeLabels: Record<ApiKeyScope, { 'zh-CN': string; en: string }> = {
  'cases:read': { 'zh-CN': '读取案件', en: 'Read cases' },
  'cases:write': { 'zh-CN': '提交/转办案件', en: 'Create and update cases' },
  'areas:read': { 'zh-CN': '读取区域网格', en: 'Read areas' },
  open311: { 'zh-CN': 'Open311 接口', en: 'Open311' },
};

export const createApiKeyBody = z.object({
  orgId: idParam,
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(apiKeyScopes)).min(1).max(apiKeyScopes.length),
  expiresAt: z.iso.datetime({ offset: true }).nullish(),
  rateLimit: z.number().int().min(1).max(100_000).optional(),
});
export type CreateApiKeyBody = z.infer<typeof createApiKeyBody>;

export const apiKeyListQuery = pageQuery.extend({
  orgId: idParam.optional(),
  status: z.enum(['active', 'revoked', 'expired']).optional(),
});
export type ApiKeyListQuery = z.infer<typeof apiKeyListQuery>;

export const apiKeyView = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(z.string()),
  rateLimit: z.number().int(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  status: z.enum(['active', 'revoked', 'expired']),
});
export type ApiKeyView = z.infer<typeof apiKeyView>;
export const apiKeyPage = pageOf(apiKeyView);
export type ApiKeyPage = z.infer<typeof apiKeyPage>;

/** The whole key appears in this response only; the server keeps its SHA-256. */
export const createApiKeyResponse = z.object({ id: z.string(), key: z.string(), apiKey: apiKeyView });
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponse>;

export const apiKeyUseView = z.object({
  id: z.string(),
  at: z.string(),
  method: z.string(),
  path: z.string(),
  status: z.number().int(),
  ip: z.string().nullable(),
});
export type ApiKeyUseView = z.infer<typeof apiKeyUseView>;
export const apiKeyUsePage = pageOf(apiKeyUseView);
export type ApiKeyUsePage = z.infer<typeof apiKeyUsePage>;

export const whoamiResponse = z.object({
  keyId: z.string(),
  name: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  scopes: z.array(z.string()),
});
