/** 前响应 warnings: list query, view, acknowledge body (GET/POST /api/analytics/warnings…). */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';

export const warningKinds = ['hotspot', 'repeat'] as const;
export type WarningKind = (typeof warningKinds)[number];
export const warningStatuses = ['open', 'acknowledged'] as const;
export type WarningStatus = (typeof warningStatuses)[number];
/**
 * What a warning is about: an area (hotspots), a building, a compound or an address (repeats; an address repeat
 * counts only cases at no building — those count at their building).
 */
export const warningSubjectKinds = ['area', 'building', 'compound', 'address'] as const;
export type WarningSubjectKind = (typeof warningSubjectKinds)[number];

type Label = { 'zh-CN': string; en: string };
export const warningKindLabels: Record<WarningKind, Label> = {
  hotspot: { 'zh-CN': '热点预警', en: 'Hotspot' },
  repeat: { 'zh-CN': '重复诉求', en: 'Repeat cases' },
};
export const warningStatusLabels: Record<WarningStatus, Label> = {
  open: { 'zh-CN': '待处理', en: 'Open' },
  acknowledged: { 'zh-CN': '已确认', en: 'Acknowledged' },
};
export const warningSubjectLabels: Record<WarningSubjectKind, Label> = {
  area: { 'zh-CN': '区域', en: 'Area' },
  building: { 'zh-CN': '楼栋', en: 'Building' },
  compound: { 'zh-CN': '小区', en: 'Compound' },
  address: { 'zh-CN': '地址', en: 'Address' },
};

export const warningListQuery = pageQuery.extend({
  status: z.enum(warningStatuses).optional(),
  kind: z.enum(warningKinds).optional(),
  /** The area and everything under it. */
  areaId: idParam.optional(),
});
export type WarningListQuery = z.infer<typeof warningListQuery>;

export const warningIdParams = z.object({ id: idParam });
export const acknowledgeBody = z.object({
  version: z.number().int().min(0),
  note: z.string().trim().min(1).max(500),
});
export type AcknowledgeBody = z.infer<typeof acknowledgeBody>;

/** Query parameters of GET /api/cases (and /console/cases) that list exactly the cases behind a warning. */
export const warningDrill = z.record(z.string(), z.string());

export const warningView = z.object({
  id: z.string(),
  kind: z.enum(warningKinds),
  /** zh-CN headline, e.g. 高家沟社区「下水道」本周 7 件，为近 8 周均值的 7 倍. */
  title: z.string(),
  areaId: z.string(),
  areaName: z.string(),
  categoryId: z.string(),
  categoryName: z.string(),
  subject: z.object({ kind: z.enum(warningSubjectKinds), id: z.string(), name: z.string() }),
  observed: z.number().int(),
  /** Hotspots: the baseline mean per week; repeats: the threshold N. */
  baseline: z.number(),
  /** Everything that triggered it (hotspot: baselineMean, baselineSd, expected, pValue, weeksUsed …). */
  numbers: z.record(z.string(), z.unknown()),
  window: z.object({ from: z.string(), to: z.string() }),
  status: z.enum(warningStatuses),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  acknowledgedAt: z.string().nullable(),
  acknowledgedBy: z.string().nullable(),
  ackNote: z.string().nullable(),
  drill: warningDrill,
});
export type WarningView = z.infer<typeof warningView>;
export const warningPage = pageOf(warningView);
export type WarningPage = z.infer<typeof warningPage>;
