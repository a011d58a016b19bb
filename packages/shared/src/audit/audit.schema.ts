/** The audit log: query, row shape and readable labels for the actions the platform writes. */
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

type Label = { 'zh-CN': string; en: string };

/** Known actions (others are shown as their code). */
export const auditActionLabels: Record<string, Label> = {
  'auth.login': { 'zh-CN': '登录', en: 'Signed in' },
  'auth.login_failed': { 'zh-CN': '登录失败', en: 'Sign-in failed' },
  'auth.logout': { 'zh-CN': '退出登录', en: 'Signed out' },
  'account.signup': { 'zh-CN': '居民注册', en: 'Resident signed up' },
  'account.password_changed': { 'zh-CN': '修改密码', en: 'Password changed' },
  'account.created': { 'zh-CN': '创建账号', en: 'Account created' },
  'account.updated': { 'zh-CN': '修改账号', en: 'Account updated' },
  'account.disabled': { 'zh-CN': '停用账号', en: 'Account disabled' },
  'account.enabled': { 'zh-CN': '启用账号', en: 'Account enabled' },
  'account.password_reset': { 'zh-CN': '重置密码', en: 'Password reset' },
  'account.grant_added': { 'zh-CN': '授予角色', en: 'Role granted' },
  'account.grant_removed': { 'zh-CN': '撤销角色', en: 'Role revoked' },
  'account.duty_labels_changed': { 'zh-CN': '修改岗位职责', en: 'Duty labels changed' },
  'org.created': { 'zh-CN': '新建单位', en: 'Organisation created' },
  'org.updated': { 'zh-CN': '修改单位', en: 'Organisation updated' },
  'org.disabled': { 'zh-CN': '停用单位', en: 'Organisation disabled' },
  'org.enabled': { 'zh-CN': '启用单位', en: 'Organisation enabled' },
  'apikey.created': { 'zh-CN': '创建接口密钥', en: 'API key created' },
  'apikey.revoked': { 'zh-CN': '吊销接口密钥', en: 'API key revoked' },
};

export const auditEntityLabels: Record<string, Label> = {
  account: { 'zh-CN': '账号', en: 'Account' },
  organisation: { 'zh-CN': '单位', en: 'Organisation' },
  api_key: { 'zh-CN': '接口密钥', en: 'API key' },
  area: { 'zh-CN': '区域', en: 'Area' },
  building: { 'zh-CN': '楼栋', en: 'Building' },
  household: { 'zh-CN': '户', en: 'Household' },
  compound: { 'zh-CN': '小区', en: 'Compound' },
};

export const auditActorKindLabels: Record<string, Label> = {
  account: { 'zh-CN': '账号', en: 'Account' },
  api_key: { 'zh-CN': '接口密钥', en: 'API key' },
  system: { 'zh-CN': '系统', en: 'System' },
  anonymous: { 'zh-CN': '匿名', en: 'Anonymous' },
};
