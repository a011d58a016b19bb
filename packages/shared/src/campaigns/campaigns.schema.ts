/** API shapes of door-to-door campaigns (地毯式摸排): campaigns, their target and form, coverage, visits. */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';
import { ageGroups, allHouseholdTags } from '../ledger/ledger.rules.js';
import { dateKeySchema } from '../worktime/worktime.schema.js';
import { campaignFieldTypes, campaignStatuses, formIssues, householdStates, visitOutcomes } from './campaigns.rules.js';

export const MAX_FORM_FIELDS = 30;
export const MAX_VISIT_PHOTOS = 9;

export const campaignField = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '编码须以小写字母开头，仅含小写字母、数字、下划线'),
  label: z.string().trim().min(1).max(50),
  labelEn: z.string().trim().max(80).nullish(),
  datatype: z.enum(campaignFieldTypes),
  required: z.boolean().default(false),
  options: z.array(z.string().trim().min(1).max(50)).max(30).default([]),
});
export type CampaignFieldInput = z.input<typeof campaignField>;

export const campaignForm = z
  .array(campaignField)
  .min(1)
  .max(MAX_FORM_FIELDS)
  .superRefine((form, ctx) => {
    for (const i of formIssues(form)) ctx.addIssue({ code: 'custom', path: [i.index], message: i.message });
  });

/**
 * Which households of the area the campaign covers. Kinds combine with AND; `tags` matches a household with
 * ANY of them (open tags in clear, sensitive ones through their keyed hashes); `ageGroup` matches a household
 * with a current member of that age group (on the day the campaign starts). Empty: every household.
 */
export const campaignTarget = z.object({
  tags: z.array(z.enum(allHouseholdTags)).max(allHouseholdTags.length).optional(),
  noSmartphone: z.boolean().optional(),
  ageGroup: z.enum(ageGroups).optional(),
});
export type CampaignTarget = z.infer<typeof campaignTarget>;

const campaignFields = z.object({
  name: z.string().trim().min(1).max(100),
  description: z
    .string()
    .trim()
    .max(1000)
    .nullish()
    .transform((s) => s || null),
  areaId: idParam,
  target: campaignTarget.default({}),
  form: campaignForm,
  startsOn: dateKeySchema,
  endsOn: dateKeySchema,
});
const datesInOrder = (b: { startsOn?: string; endsOn?: string }) => !b.startsOn || !b.endsOn || b.startsOn <= b.endsOn;
const datesIssue = { message: '结束日期不能早于开始日期', path: ['endsOn'] };

export const createCampaignBody = campaignFields.refine(datesInOrder, datesIssue);
export type CreateCampaignBody = z.input<typeof createCampaignBody>;

export const updateCampaignBody = campaignFields
  .partial()
  .extend({ version: z.number().int().min(1) })
  .refine(datesInOrder, datesIssue);
export type UpdateCampaignBody = z.input<typeof updateCampaignBody>;

/** start / close: the version the page shows (optional: without it the change is unconditional). */
export const campaignTransitionBody = z.object({ version: z.number().int().min(1).optional() }).default({});

export const targetPreviewBody = z.object({ areaId: idParam, target: campaignTarget.default({}) });
export const targetPreview = z.object({ households: z.number().int() });

export const campaignActions = ['update', 'start', 'close', 'visit', 'export'] as const;
export type CampaignAction = (typeof campaignActions)[number];

const counts = {
  total: z.number().int(),
  visited: z.number().int(),
  notHome: z.number().int(),
  refused: z.number().int(),
  pending: z.number().int(),
};
export const coverageCounts = z.object(counts);

export const campaignSummary = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  areaId: z.string(),
  areaName: z.string(),
  status: z.enum(campaignStatuses),
  target: campaignTarget,
  startsOn: z.string(),
  endsOn: z.string(),
  createdBy: z.object({ id: z.string(), name: z.string() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  /** Households of the caller's reach and how far they are (all zero for a draft: nothing is snapshotted). */
  progress: coverageCounts,
  allowedActions: z.array(z.enum(campaignActions)),
});
export type CampaignSummary = z.infer<typeof campaignSummary>;

export const campaignView = campaignSummary.extend({ form: z.array(campaignField) });
export type CampaignView = z.infer<typeof campaignView>;
export type CampaignFieldView = CampaignView['form'][number];

export const campaignListQuery = pageQuery.extend({
  status: z.enum(campaignStatuses).optional(),
  q: z.string().trim().max(50).optional(),
});
export type CampaignListQuery = z.infer<typeof campaignListQuery>;
export const campaignPage = pageOf(campaignSummary);

export const myCampaignsQuery = pageQuery;
export const myCampaignsPage = pageOf(campaignSummary);

export const gridCoverage = z.object({ gridId: z.string(), gridName: z.string(), ...counts });
export type GridCoverage = z.infer<typeof gridCoverage>;
export const campaignCoverage = z.object({ ...counts, grids: z.array(gridCoverage) });
export type CampaignCoverage = z.infer<typeof campaignCoverage>;

/** `todo`: not yet visited or not at home (the door still needs a knock). */
export const householdStateFilter = z.enum([...householdStates, 'todo']);
export type HouseholdStateFilter = z.infer<typeof householdStateFilter>;

export const campaignHouseholdsQuery = pageQuery.extend({
  gridId: idParam.optional(),
  state: householdStateFilter.optional(),
  q: z.string().trim().max(50).optional(),
});
export type CampaignHouseholdsQuery = z.infer<typeof campaignHouseholdsQuery>;

export const campaignHousehold = z.object({
  householdId: z.string(),
  address: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  headName: z.string().nullable(),
  /** Masked (138****5678). */
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  noSmartphone: z.boolean(),
  state: z.enum(householdStates),
  lastVisitAt: z.string().nullable(),
});
export type CampaignHousehold = z.infer<typeof campaignHousehold>;
export const campaignHouseholdPage = pageOf(campaignHousehold);

const answerValue = z.union([z.string().max(2000), z.number(), z.boolean(), z.null()]);

export const visitBody = z.object({
  /** Made once per visit on the phone (a UUID): the same visit sent twice is stored once. */
  clientRef: z.string().regex(/^[A-Za-z0-9-]{8,64}$/, 'clientRef: 8–64 letters, digits or dashes'),
  householdId: idParam,
  outcome: z.enum(visitOutcomes),
  answers: z.record(z.string().max(40), answerValue).default({}),
  attachmentIds: z.array(idParam).max(MAX_VISIT_PHOTOS).optional(),
  /** When the worker recorded it on the phone (it may reach the server much later). */
  visitedAt: z.iso.datetime({ offset: true }),
});
export type VisitBody = z.input<typeof visitBody>;

export const visitView = z.object({
  id: z.string(),
  campaignId: z.string(),
  householdId: z.string(),
  clientRef: z.string(),
  outcome: z.enum(visitOutcomes),
  answers: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** The visit's photos (GET url needs a session that may see the visit). */
  photos: z.array(z.object({ id: z.string(), url: z.string() })),
  visitedBy: z.object({ id: z.string(), name: z.string() }),
  visitedAt: z.string(),
  createdAt: z.string(),
});
export type VisitView = z.infer<typeof visitView>;

export const campaignHouseholdDetail = z.object({ household: campaignHousehold, visits: z.array(visitView) });
export type CampaignHouseholdDetail = z.infer<typeof campaignHouseholdDetail>;
