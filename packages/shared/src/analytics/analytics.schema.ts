/** GET /api/analytics/kpis — query and answer (DOMAIN.md §3 "Figures"). */
import { z } from 'zod';
import { caseSources } from '../cases/cases.schema.js';
import { idParam } from '../common/ids.js';

export const kpiGroupings = ['area', 'category', 'source', 'handler', 'day', 'week', 'month'] as const;
export type KpiGrouping = (typeof kpiGroupings)[number];
/** The longest range one request may ask for (days): a three-year trend by day is still ~1,100 groups. */
export const KPI_MAX_DAYS = 1100;

export const kpiQuery = z.object({
  /** Defaults to the caller's top area (an organisation's staff: the whole tree, its own handler rows only). */
  areaId: idParam.optional(),
  /** Shanghai dates, both inclusive. Defaults: the current month up to today. */
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  groupBy: z.enum(kpiGroupings).default('area'),
  /** A category and its sub-tree. */
  category: idParam.optional(),
  source: z.enum(caseSources).optional(),
  /** 'account:12' | 'organisation:7', as the case list's `handler` filter spells it. */
  handler: z
    .string()
    .regex(/^(account|organisation):[1-9][0-9]{0,9}$/)
    .optional(),
});
export type KpiQuery = z.infer<typeof kpiQuery>;

const rate = z.number().nullable();
export const kpiGroup = z.object({
  key: z.string(),
  label: z.string(),
  submitted: z.number().int(),
  valid: z.number().int(),
  responded: z.number().int(),
  resolved: z.number().int(),
  rated: z.number().int(),
  responseRate: rate,
  resolutionRate: rate,
  satisfactionRate: rate,
  composite: rate,
  onTimeCloseRate: rate,
  dispatchAccuracy: rate,
  overdue: z.number().int(),
  avgHandlingHours: rate,
  medianHandlingHours: rate,
  reopenRate: rate,
  /** Counts behind rates (each one a case-list drill-down, like the counts above): 按期结案率 = closedOnTime / due. */
  due: z.number().int(),
  closedOnTime: z.number().int(),
  /** reopenRate's numerator. */
  reopened: z.number().int(),
  /** dispatchAccuracy = (dispatches − returned) / dispatches. */
  dispatches: z.number().int(),
  returned: z.number().int(),
});
export type KpiGroup = z.infer<typeof kpiGroup>;

const kpiPeriod = z.object({
  from: z.string(),
  to: z.string(),
  total: kpiGroup,
  groups: z.array(kpiGroup),
});

export const kpiResponse = kpiPeriod.extend({
  groupBy: z.enum(kpiGroupings),
  /** The area the figures are of; null when they are of several — a caller's own areas, with no areaId asked. */
  areaId: z.string().nullable(),
  /** The areas the figures are of (their subtrees' cases; by area, grouped by child — or by these when several). */
  areaIds: z.array(z.string()),
  /** The roll-ups are current up to this instant (null before the job's first run). */
  asOf: z.string().nullable(),
  /** How far the roll-ups lag behind now, in seconds (null before the job's first run). */
  lagSeconds: z.number().nullable(),
  /** The same figures for the period of equal length just before `from`. */
  previous: kpiPeriod,
});
export type KpiResponse = z.infer<typeof kpiResponse>;
