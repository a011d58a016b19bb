import { z } from 'zod';
import { roles } from './roles.js';

export const loginBody = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const passwordSchema = z.string().min(8).max(200);

export const changePasswordBody = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

/** Residents sign up on the H5 pages with a mainland mobile number and a password. */
export const signupBody = z.object({
  phone: z.string().regex(/^1[3-9]\d{9}$/, '手机号格式不正确'),
  password: passwordSchema,
  displayName: z.string().trim().min(1).max(50),
});

export const grantView = z.object({
  role: z.enum(roles),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
});

export const meResponse = z.object({
  account: z.object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    phoneMasked: z.string().nullable(),
    mustChangePassword: z.boolean(),
  }),
  roles: z.array(z.enum(roles)),
  grants: z.array(grantView),
  permissions: z.array(z.string()),
  scope: z.object({
    areaPaths: z.array(z.string()),
    orgIds: z.array(z.string()),
    accountId: z.string(),
    householdIds: z.array(z.string()),
  }),
  csrfToken: z.string(),
});
export type MeResponse = z.infer<typeof meResponse>;
