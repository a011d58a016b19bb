/** API shapes of the five-level chain (亮身份), 包联 links and the public duty page. */
import { z } from 'zod';
import { areaKinds } from '../areas/areas.rules.js';
import { dutyLabels } from '../auth/roles.js';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const chainLevel = z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]);
export const dutyLabel = z.enum(dutyLabels);
export const dutyLabelList = z.array(dutyLabel).max(dutyLabels.length);

export const chainPerson = z.object({
  grantId: z.string(),
  accountId: z.string(),
  name: z.string(),
  dutyPhone: z.string().nullable(),
  dutyLabels: z.array(z.string()),
  areaId: z.string().nullable(),
  areaName: z.string().nullable(),
  /** How the person reaches this area: their own assignment, or a leader's 包联 link to the community. */
  via: z.enum(['assignment', 'community_link']),
  /** L5 only: households this member is linked to inside the viewed area. */
  linkedHouseholds: z.number().int().optional(),
  /** What the caller may do to this person's assignment (the UI shows only these buttons). */
  allowedActions: z.array(z.enum(['editLabels', 'remove'])),
});
export type ChainPerson = z.infer<typeof chainPerson>;

export const chainLevelView = z.object({
  level: chainLevel,
  role: z.string(),
  label: z.string(),
  /** The caller may add people at this level on this area. */
  canAdd: z.boolean(),
  people: z.array(chainPerson),
});

export const chainView = z.object({
  area: z.object({ id: z.string(), kind: z.enum(areaKinds), name: z.string(), path: z.string() }),
  levels: z.array(chainLevelView),
});
export type ChainView = z.infer<typeof chainView>;

export const areaIdParams = z.object({ areaId: idParam });
export const grantIdParams = z.object({ grantId: idParam });
export const linkIdParams = z.object({ id: idParam });

export const addMemberBody = z.object({
  accountId: idParam,
  level: z.coerce.number().pipe(chainLevel),
  dutyLabels: dutyLabelList.optional(),
});
export const patchMemberBody = z.object({ dutyLabels: dutyLabelList });

// 领导包联社区
export const communityLinksQuery = pageQuery.extend({ areaId: idParam.optional() });
export const communityLinkBody = z.object({ accountId: idParam, areaId: idParam });
export const communityLink = z.object({
  id: z.string(),
  accountId: z.string(),
  name: z.string(),
  dutyPhone: z.string().nullable(),
  areaId: z.string(),
  areaName: z.string(),
  createdAt: z.string(),
});
export const communityLinkPage = pageOf(communityLink);

// 党员包联户
export const householdLinksQuery = pageQuery.extend({ gridId: idParam.optional(), accountId: idParam.optional() });
export const householdLinkBody = z.object({ accountId: idParam, householdId: idParam });
export const householdLink = z.object({
  id: z.string(),
  accountId: z.string(),
  memberName: z.string(),
  householdId: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  noSmartphone: z.boolean(),
  gridId: z.string(),
  gridName: z.string(),
  createdAt: z.string(),
});
export const householdLinkPage = pageOf(householdLink).extend({
  /** No-smartphone households of the filtered area that nobody is linked to (the gaps). */
  unlinkedNoSmartphone: z.number().int(),
});
export const householdGapsQuery = pageQuery.extend({ gridId: idParam.optional() });
export const householdGap = z.object({
  householdId: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  gridId: z.string(),
  gridName: z.string(),
});
export const householdGapPage = pageOf(householdGap);

// Public 亮身份 page (no login). Duty phones only; private phones never appear here.
export const publicBuildingParams = z.object({ code: z.string().trim().min(4).max(32) });
export const publicBuildingQuery = z.object({
  unit: z.string().trim().min(1).max(16).optional(),
  room: z.string().trim().min(1).max(16).optional(),
});
export const publicPerson = z.object({
  name: z.string(),
  dutyLabels: z.array(z.string()),
  dutyPhone: z.string().nullable(),
});
export const publicDuty = z.object({
  building: z.object({
    code: z.string(),
    name: z.string(),
    address: z.string().nullable(),
    compound: z.string().nullable(),
    grid: z.string().nullable(),
    community: z.string().nullable(),
    street: z.string().nullable(),
  }),
  /** For the unit/room selector. */
  units: z.array(z.object({ unit: z.string(), rooms: z.array(z.string()) })),
  /** Set when unit and room were given and matched a household. */
  household: z.object({ unit: z.string(), room: z.string() }).nullable(),
  levels: z.array(z.object({ level: chainLevel, label: z.string(), people: z.array(publicPerson) })),
});
export type PublicDuty = z.infer<typeof publicDuty>;

export const publicSearchQuery = z.object({ q: z.string().trim().min(2).max(50) });
export const publicSearchHit = z.object({
  code: z.string(),
  building: z.string(),
  compound: z.string().nullable(),
  address: z.string().nullable(),
});
export const publicSearchResult = z.array(publicSearchHit);
export type PublicSearchHit = z.infer<typeof publicSearchHit>;
