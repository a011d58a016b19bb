/** Public API shapes of cases (DOMAIN.md section 3, "API shapes"). */
import { z } from 'zod';
import { drillFigures } from '../analytics/analytics.facts.js';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';
import {
  type CaseAction,
  type CaseActionInput,
  type CaseTargetKind,
  caseActions,
  caseRatings,
  caseStatuses,
  caseTiers,
  caseTransitions,
} from './cases.lifecycle.js';
import { SHANGHAI_OFFSET_MS } from './cases.periods.js';

type Label = { 'zh-CN': string; en: string };

export const caseSources = [
  'resident',
  'on_behalf',
  'hotline',
  'visit',
  'letter',
  'self_inspection',
  'superior',
  'open311',
] as const;
export type CaseSource = (typeof caseSources)[number];

export const caseSourceLabels: Record<CaseSource, Label> = {
  resident: { 'zh-CN': '居民上报', en: 'Resident' },
  on_behalf: { 'zh-CN': '网格员代报', en: 'Grid worker on behalf' },
  hotline: { 'zh-CN': '12345热线转办', en: 'Hotline (12345)' },
  visit: { 'zh-CN': '来访', en: 'Visit' },
  letter: { 'zh-CN': '来信', en: 'Letter' },
  self_inspection: { 'zh-CN': '本级自查', en: 'Self-inspection' },
  superior: { 'zh-CN': '上级交办', en: 'Assigned by superiors' },
  open311: { 'zh-CN': 'Open311接口', en: 'Open311' },
};

export const MAX_CASE_ATTACHMENTS = 9;

/** WGS-84, [lng, lat] order everywhere (a GCJ-02 client converts at the edge). */
export const lngLat = z.object({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90) });

const answerValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.array(z.string().max(200)).max(50)]);

const createFields = z.object({
  categoryId: idParam,
  description: z.string().trim().min(1).max(2000),
  source: z.enum(caseSources).optional(),
  householdId: idParam.optional(),
  buildingId: idParam.optional(),
  location: lngLat.optional(),
  address: z.string().trim().min(1).max(200).optional(),
  /** The external ticket number (12345 转办工单, Open311 request id): the same number twice is the same case. */
  externalNo: z.string().trim().min(1).max(64).optional(),
  onBehalfReason: z.string().trim().min(1).max(200).optional(),
  /** Answers to the category's extra questions, by question code. */
  answers: z.record(z.string().min(1).max(64), answerValue).optional(),
  attachmentIds: z.array(idParam).max(MAX_CASE_ATTACHMENTS).optional(),
});
export type CreateCaseFields = z.infer<typeof createFields>;

/**
 * Fields a source requires. The server calls this again after defaulting `source` from the caller (a grid
 * worker's case becomes on_behalf, an API key's hotline …), since the schema only sees an explicit source.
 */
export function missingForSource(body: CreateCaseFields, source: CaseSource): ('householdId' | 'onBehalfReason')[] {
  const missing: ('householdId' | 'onBehalfReason')[] = [];
  if (source === 'on_behalf') {
    if (!body.householdId) missing.push('householdId');
    if (!body.onBehalfReason) missing.push('onBehalfReason');
  }
  return missing;
}

export const createCaseBody = createFields.superRefine((b, ctx) => {
  if (!b.source) return;
  for (const path of missingForSource(b, b.source))
    ctx.addIssue({ code: 'custom', path: [path], message: `required for source ${b.source}` });
});
export type CreateCaseBody = z.infer<typeof createCaseBody>;

export const caseTarget = z.object({ kind: z.enum(['account', 'organisation', 'area']), id: idParam });
export type CaseTarget = z.infer<typeof caseTarget>;

export const caseActionParams = z.object({ id: idParam, action: z.enum(caseActions) });

/** One body for every action; what each action needs on top is checked by `missingActionInputs`. */
export const caseActionBody = z.object({
  version: z.number().int().min(0),
  note: z.string().trim().max(2000).optional(),
  reason: z.string().trim().min(1).max(500).optional(),
  target: caseTarget.optional(),
  /** Deadline overrides on dispatch (ISO 8601); the category's deadlines apply when absent. */
  acceptBy: z.iso.datetime({ offset: true }).optional(),
  resolveBy: z.iso.datetime({ offset: true }).optional(),
  rating: z.enum(caseRatings).optional(),
  duplicateOf: idParam.optional(),
  attachmentIds: z.array(idParam).max(MAX_CASE_ATTACHMENTS).optional(),
});
export type CaseActionBody = z.infer<typeof caseActionBody>;
/** The rating comment (`note` of the rate action) is stored in a 500-character column. */
export const RATING_COMMENT_MAX = 500;

/** Inputs `action` needs that `body` lacks (a target of the wrong kind counts as missing). Empty ⇒ fine. */
export function missingActionInputs(action: CaseAction, body: CaseActionBody): CaseActionInput[] {
  const rule = caseTransitions[action] as {
    needs: readonly CaseActionInput[];
    targetKinds?: readonly CaseTargetKind[];
  };
  return rule.needs.filter((need) => {
    if (need === 'target') return !body.target || !(rule.targetKinds ?? []).includes(body.target.kind);
    return body[need] === undefined;
  });
}

export const caseEvent = z.object({
  action: z.union([z.literal('create'), z.enum(caseActions)]),
  from: z.enum(caseStatuses).nullable(),
  to: z.enum(caseStatuses),
  /** null for the system (jobs). */
  actorId: z.string().nullable(),
  actorName: z.string().nullable().optional(),
  at: z.string(),
  note: z.string().nullable(),
  reason: z.string().nullable().optional(),
  attachmentIds: z.array(z.string()).optional(),
});
export type CaseEvent = z.infer<typeof caseEvent>;

const deadlines = z.object({ acceptBy: z.string().optional(), respondBy: z.string(), resolveBy: z.string() });

/** A case as the list shows it. */
export const caseSummary = z.object({
  id: z.string(),
  number: z.string(),
  status: z.enum(caseStatuses),
  version: z.number().int(),
  tier: z.enum(caseTiers),
  areaId: z.string(),
  categoryId: z.string(),
  /** The category's (zh-CN) name and the handling area's name, so a list needs no look-ups. */
  categoryName: z.string(),
  areaName: z.string(),
  source: z.enum(caseSources),
  description: z.string(),
  address: z.string().nullable().optional(),
  createdAt: z.string(),
  deadlines,
  overdue: z.boolean(),
  suspensionPending: z.boolean().optional(),
  /** Placed at a street or the centre because its point fell in no grid; waits for manual placement. */
  unplaced: z.boolean().optional(),
  handler: z
    .object({ kind: z.enum(['account', 'organisation']), id: z.string(), name: z.string() })
    .nullable()
    .optional(),
  rating: z.enum(caseRatings).optional(),
});
export type CaseSummary = z.infer<typeof caseSummary>;

/** The household a case concerns, with its contact masked (the ledger holds the full data). */
export const caseHousehold = z.object({
  id: z.string(),
  address: z.string(),
  headName: z.string().nullable(),
  phone: z.string().nullable(),
});

/** A case in detail: what the caller may do, and its history. */
export const caseView = caseSummary.extend({
  householdId: z.string().nullable().optional(),
  buildingId: z.string().nullable().optional(),
  location: lngLat.nullable().optional(),
  externalNo: z.string().nullable().optional(),
  /** The resident's comment given with the rating (`note` of the rate action). */
  ratingComment: z.string().nullable().optional(),
  household: caseHousehold.nullable().optional(),
  /** The submitting account's name, masked (张**) for everybody but the submitter; an API key's organisation. */
  submitterName: z.string().nullable().optional(),
  /** Until when the submitter may reopen the closed case (null when not closed or the window has passed). */
  reopenUntil: z.string().nullable().optional(),
  isProperty: z.boolean().optional(),
  /** Answers to the category's extra questions, by question code. */
  answers: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
    .nullable()
    .optional(),
  /** Photos sent with the submission (later ones are on their events). */
  attachmentIds: z.array(z.string()).optional(),
  allowedActions: z.array(z.enum(caseActions)),
  events: z.array(caseEvent),
});
export type CaseView = z.infer<typeof caseView>;

/** Query values may repeat (`?status=a&status=b`) or be comma-separated (`?status=a,b`). */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((x) => String(x).split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    z.array(z.enum(values)).min(1),
  );

/** A date (whole Shanghai day) or an instant with its offset. */
const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const caseSorts = [
  '-createdAt',
  'createdAt',
  '-resolveBy',
  'resolveBy',
  '-updatedAt',
  'updatedAt',
  'number',
  '-number',
] as const;
export type CaseSort = (typeof caseSorts)[number];

/**
 * all: every case the caller may see; tasks: those waiting for the caller (to register, dispatch, verify or
 * close at its tier, to accept or resolve as handler, suspension requests to decide); mine: those the caller
 * submitted or of its linked households. Residents default to mine, staff to all.
 */
export const caseViews = ['all', 'tasks', 'mine'] as const;
export type CaseListView = (typeof caseViews)[number];

export const caseListQuery = pageQuery.extend({
  view: z.enum(caseViews).optional(),
  status: listOf(caseStatuses).optional(),
  source: listOf(caseSources).optional(),
  category: idParam.optional(),
  area: idParam.optional(),
  /** Cases placed at this building: directly, or through a household living in it. */
  building: idParam.optional(),
  /** Cases placed at a building of this compound (directly or through a household). */
  compound: idParam.optional(),
  /**
   * Cases placed only by this address — at no building of their own or of their household (those are found by
   * `building=`) — compared by the address key (spaces and full-width digits normalised, server
   * warnings.address.ts): what an address repeat warning counts.
   */
  address: z.string().trim().min(1).max(200).optional(),
  /** A handler key as `handlerKey()` spells it: 'account:12' or 'organisation:7'. */
  handler: z
    .string()
    .regex(/^(account|organisation):[1-9][0-9]{0,9}$/)
    .refine((h) => idParam.safeParse(h.split(':')[1]).success, 'invalid id')
    .optional(),
  overdue: z.stringbool().optional(),
  from: dateBound.optional(),
  to: dateBound.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  /**
   * Only the cases counted in one KPI figure (analytics drill-down, shared analytics.facts.ts): the list's total
   * equals the figure. With `due` / `closedOnTime`, from/to bound the day the deadline fell, not the submission.
   */
  figure: z.enum(drillFigures).optional(),
  sort: z.enum(caseSorts).default('-createdAt'),
});
export type CaseListQuery = z.infer<typeof caseListQuery>;
export const caseListPage = pageOf(caseSummary);

/** The list's filters without paging: GET /api/cases/export.csv. */
export const caseExportQuery = caseListQuery.omit({ page: true, pageSize: true });
export type CaseExportQuery = z.infer<typeof caseExportQuery>;
/** More rows than this → 422 EXPORT_TOO_LARGE (narrow the filters). */
export const CASE_EXPORT_MAX_ROWS = 50_000;
/** CSV header of the export, in column order. */
export const caseExportColumns = [
  '编号',
  '状态',
  '来源',
  '分类',
  '区域',
  '地址',
  '描述',
  '办理人',
  '提交时间',
  '办结期限',
  '超期',
  '评价',
] as const;

/** Whom the caller may dispatch (accounts, organisations) or assign (areas one tier down) a case to. */
export const dispatchTargets = z.object({
  accounts: z.array(z.object({ id: z.string(), name: z.string(), role: z.string(), areaName: z.string().nullable() })),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
  areas: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
});
export type DispatchTargets = z.infer<typeof dispatchTargets>;

/** Why a case looks like a duplicate: the same household, the same building, or a point within 300 m. */
export const DUPLICATE_RADIUS_M = 300;
export const DUPLICATE_WINDOW_DAYS = 30;
export const caseDuplicate = caseSummary.extend({
  match: z.object({
    reason: z.enum(['household', 'building', 'distance']),
    distanceM: z.number().int().optional(),
  }),
});
export type CaseDuplicate = z.infer<typeof caseDuplicate>;
export const caseDuplicates = z.object({ items: z.array(caseDuplicate) });

/** Public progress of a case by its number: no description, address, names, notes, phones or photos. */
// Letters, digits and '-' only: anything else (a NUL byte!) cannot be a case number and must not reach SQL.
export const publicCaseParams = z.object({
  number: z
    .string()
    .trim()
    .min(1)
    .max(32)
    .regex(/^[0-9A-Za-z-]+$/, 'invalid case number'),
});
export const publicCase = z.object({
  number: z.string(),
  status: z.enum(caseStatuses),
  categoryName: z.string(),
  createdAt: z.string(),
  closedAt: z.string().nullable().optional(),
  rating: z.enum(caseRatings).nullable().optional(),
  steps: z.array(
    z.object({ action: z.union([z.literal('create'), z.enum(caseActions)]), to: z.enum(caseStatuses), at: z.string() }),
  ),
});
export type PublicCase = z.infer<typeof publicCase>;

const DAY_MS = 24 * 3600_000;
/**
 * A list bound in epoch ms, to compare as `from ≤ t < to`. A plain date means the Shanghai day: from its start,
 * or through its end, so `from=2025-03-01&to=2025-03-31` is all of March; an instant is inclusive on both sides.
 */
export function boundToMs(bound: string, side: 'from' | 'to'): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(bound)) {
    const start = Date.parse(`${bound}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
    return side === 'from' ? start : start + DAY_MS;
  }
  const t = Date.parse(bound);
  return side === 'from' ? t : t + 1;
}
