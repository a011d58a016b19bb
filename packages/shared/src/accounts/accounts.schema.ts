/** Accounts and their role grants: request and response shapes (used by server routes and web forms). */
import { z } from 'zod';
import { type Role, roles } from '../auth/roles.js';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const mobilePhone = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号格式不正确');
export const dutyPhoneSchema = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, '值班电话格式不正确');
export const dutyLabelsSchema = z.array(z.string().trim().min(1).max(32)).max(20);

export const grantInput = z.object({
  role: z.enum(roles),
  areaId: idParam.nullish(),
  orgId: idParam.nullish(),
  dutyLabels: dutyLabelsSchema.optional(),
});
export type GrantInput = z.infer<typeof grantInput>;

export const createAccountBody = z.object({
  username: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.@-]{3,64}$/, '用户名为 3–64 位字母、数字或 _.@-'),
  displayName: z.string().trim().min(1).max(50),
  phone: mobilePhone.nullish(),
  dutyPhone: dutyPhoneSchema.nullish(),
  // Length and the demo password are checked by the server (WEAK_PASSWORD), not here.
  password: z.string().max(200).optional(),
  grants: z.array(grantInput).max(20).optional(),
});
export type CreateAccountBody = z.infer<typeof createAccountBody>;

export const updateAccountBody = z.object({
  version: z.number().int().min(1),
  displayName: z.string().trim().min(1).max(50).optional(),
  phone: mobilePhone.nullable().optional(),
  dutyPhone: dutyPhoneSchema.nullable().optional(),
});
export type UpdateAccountBody = z.infer<typeof updateAccountBody>;

export const accountListQuery = pageQuery.extend({
  q: z.string().trim().max(64).optional(),
  role: z.enum(roles).optional(),
  areaId: idParam.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type AccountListQuery = z.infer<typeof accountListQuery>;

export const lookupQuery = z.object({
  q: z.string().trim().max(64).default(''),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const updateDutyLabelsBody = z.object({ dutyLabels: dutyLabelsSchema });

export const accountGrantView = z.object({
  id: z.string(),
  role: z.enum(roles),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  dutyLabels: z.array(z.string()),
});
export type AccountGrantView = z.infer<typeof accountGrantView>;

export const accountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  phoneMasked: z.string().nullable(),
  dutyPhone: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  version: z.number().int(),
  grants: z.array(accountGrantView),
  createdAt: z.string(),
  allowedActions: z.array(z.enum(['edit', 'grants', 'resetPassword', 'disable', 'enable'])),
});
export type AccountView = z.infer<typeof accountView>;

export const accountPage = pageOf(accountView);
export type AccountPage = z.infer<typeof accountPage>;

export const createAccountResponse = z.object({ account: accountView, initialPassword: z.string().optional() });
export const temporaryPasswordResponse = z.object({ temporaryPassword: z.string() });

export const lookupItem = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  dutyPhone: z.string().nullable(),
});
export const lookupResponse = z.object({ items: z.array(lookupItem) });

/** Which place a grant needs (pure rule, shared with the web form). */
export type GrantTarget = 'org' | 'area' | 'org_or_area' | 'none';
export const orgKindForRole: Partial<Record<Role, string>> = {
  department: 'department',
  property_company: 'property_company',
  unit: 'unit',
  property_center: 'property_center',
};
export function grantTargetOf(role: Role): GrantTarget {
  if (role === 'department' || role === 'property_company' || role === 'unit') return 'org';
  if (role === 'property_center') return 'org_or_area';
  if (role === 'admin' || role === 'resident') return 'none';
  return 'area';
}
