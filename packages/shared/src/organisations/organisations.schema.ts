/** Organisations: departments, property companies, the property centre, 驻区单位 and external systems. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const OrgKind = {
  department: 'department',
  property_company: 'property_company',
  property_center: 'property_center',
  unit: 'unit',
  external: 'external',
} as const;
export type OrgKind = (typeof OrgKind)[keyof typeof OrgKind];
export const orgKinds = Object.values(OrgKind) as [OrgKind, ...OrgKind[]];

export const orgKindLabels: Record<OrgKind, { 'zh-CN': string; en: string }> = {
  department: { 'zh-CN': '职能部门', en: 'Department' },
  property_company: { 'zh-CN': '物业企业', en: 'Property company' },
  property_center: { 'zh-CN': '物业管理服务中心', en: 'Property centre' },
  unit: { 'zh-CN': '驻区单位', en: 'Resident unit' },
  external: { 'zh-CN': '外部系统', en: 'External system' },
};

const dutyPhone = z
  .string()
  .trim()
  .regex(/^[0-9+\-() ]{3,30}$/, '值班电话格式不正确');

export const createOrgBody = z.object({
  kind: z.enum(orgKinds),
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().max(40).nullish(),
  areaId: idParam.nullish(),
  contactName: z.string().trim().max(50).nullish(),
  dutyPhone: dutyPhone.nullish(),
});
export type CreateOrgBody = z.infer<typeof createOrgBody>;

export const updateOrgBody = z.object({
  version: z.number().int().min(1),
  name: z.string().trim().min(1).max(100).optional(),
  code: z.string().trim().max(40).nullable().optional(),
  areaId: idParam.nullable().optional(),
  contactName: z.string().trim().max(50).nullable().optional(),
  dutyPhone: dutyPhone.nullable().optional(),
});
export type UpdateOrgBody = z.infer<typeof updateOrgBody>;

export const orgListQuery = pageQuery.extend({
  kind: z.enum(orgKinds).optional(),
  q: z.string().trim().max(64).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type OrgListQuery = z.infer<typeof orgListQuery>;

export const orgView = z.object({
  id: z.string(),
  kind: z.enum(orgKinds),
  name: z.string(),
  code: z.string().nullable(),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  contactName: z.string().nullable(),
  dutyPhone: z.string().nullable(),
  disabled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
});
export type OrgView = z.infer<typeof orgView>;
export const orgPage = pageOf(orgView);
export type OrgPage = z.infer<typeof orgPage>;
