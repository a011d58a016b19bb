/** Resident self-service: asking to be linked to a household, and staff confirming it. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const residentLinkStatuses = ['pending', 'confirmed', 'rejected'] as const;
export type ResidentLinkStatus = (typeof residentLinkStatuses)[number];

export const residentLinkStatusLabels: Record<ResidentLinkStatus, { 'zh-CN': string; en: string }> = {
  pending: { 'zh-CN': '待确认', en: 'Pending' },
  confirmed: { 'zh-CN': '已确认', en: 'Confirmed' },
  rejected: { 'zh-CN': '未通过', en: 'Rejected' },
};

/** Either a household id, or a building code (from the QR code) with unit and room. */
export const linkRequestBody = z
  .object({
    buildingCode: z.string().trim().min(4).max(32).optional(),
    unit: z.string().trim().min(1).max(16).optional(),
    room: z.string().trim().min(1).max(16).optional(),
    householdId: idParam.optional(),
    note: z.string().trim().max(200).optional(),
  })
  .refine((b) => b.householdId || (b.buildingCode && b.unit && b.room), {
    message: 'householdId, or buildingCode + unit + room',
    path: ['householdId'],
  });
export type LinkRequestBody = z.infer<typeof linkRequestBody>;

export const myLinkRequest = z.object({
  id: z.string(),
  householdId: z.string(),
  address: z.string(),
  status: z.enum(residentLinkStatuses),
  note: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
});
export type MyLinkRequest = z.infer<typeof myLinkRequest>;
export const myLinkRequestPage = pageOf(myLinkRequest);

export const myHousehold = z.object({
  householdId: z.string(),
  address: z.string(),
  gridName: z.string().nullable(),
  /** The building's public code, for its 亮身份 page. */
  buildingCode: z.string().nullable(),
});
export type MyHousehold = z.infer<typeof myHousehold>;
export const myHouseholdList = z.object({ items: z.array(myHousehold) });

export const residentLinksQuery = pageQuery.extend({ status: z.enum(residentLinkStatuses).default('pending') });
export const residentLinkIdParams = z.object({ id: idParam });
export const decideBody = z.object({ note: z.string().trim().max(200).optional() });

export const residentLink = z.object({
  id: z.string(),
  status: z.enum(residentLinkStatuses),
  accountId: z.string(),
  accountName: z.string(),
  phoneMasked: z.string().nullable(),
  householdId: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  gridName: z.string().nullable(),
  note: z.string().nullable(),
  decisionNote: z.string().nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedByName: z.string().nullable(),
});
export type ResidentLink = z.infer<typeof residentLink>;
export const residentLinkPage = pageOf(residentLink);
