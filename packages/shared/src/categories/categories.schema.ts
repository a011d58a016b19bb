/**
 * Case categories (诉求分类): a tree; the leaves are what a case is filed under. Each carries its default
 * handling tier and organisation, its time limits in working hours or days, and Open311-like extra questions.
 * Public name: GET /api/case-categories (DOMAIN.md §3, issue "Public names").
 */
import { z } from 'zod';
import { type CaseTier, caseTiers } from '../cases/cases.lifecycle.js';
import { idParam } from '../common/ids.js';

type Label = { 'zh-CN': string; en: string };

export const limitUnits = ['hours', 'days'] as const;
export type LimitUnit = (typeof limitUnits)[number];
export const limitUnitLabels: Record<LimitUnit, Label> = {
  hours: { 'zh-CN': '工作小时', en: 'working hours' },
  days: { 'zh-CN': '工作日', en: 'working days' },
};

export const tierLabels: Record<CaseTier, Label> = {
  community: { 'zh-CN': '社区', en: 'Community' },
  street: { 'zh-CN': '街道', en: 'Street' },
  city: { 'zh-CN': '市级', en: 'City' },
};

/** A limit: N working hours or N working days (worktime.ts `deadlineFor`). */
export const timeLimit = z.object({
  amount: z.number().int().min(1).max(999),
  unit: z.enum(limitUnits),
});
export type TimeLimitInput = z.infer<typeof timeLimit>;

/** The three limits; accept (受理) is optional, respond (响应) and resolve (办结) are required on leaves. */
export const categoryLimits = z.object({
  accept: timeLimit.nullish(),
  respond: timeLimit.nullish(),
  resolve: timeLimit.nullish(),
});
export type CategoryLimits = z.infer<typeof categoryLimits>;

export const questionDatatypes = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export type QuestionDatatype = (typeof questionDatatypes)[number];
export const isListDatatype = (d: QuestionDatatype) => d === 'singlevaluelist' || d === 'multivaluelist';

export const questionDatatypeLabels: Record<QuestionDatatype, Label> = {
  string: { 'zh-CN': '单行文本', en: 'Short text' },
  number: { 'zh-CN': '数字', en: 'Number' },
  datetime: { 'zh-CN': '日期时间', en: 'Date/time' },
  text: { 'zh-CN': '多行文本', en: 'Long text' },
  singlevaluelist: { 'zh-CN': '单选', en: 'Single choice' },
  multivaluelist: { 'zh-CN': '多选', en: 'Multiple choice' },
};

const questionCode = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, '编码须以字母开头，仅含字母、数字、下划线');

/** One extra question, shaped like an Open311 service attribute. */
export const categoryQuestion = z.object({
  code: questionCode,
  datatype: z.enum(questionDatatypes),
  required: z.boolean(),
  order: z.number().int().min(0).max(999),
  description: z.string().trim().min(1).max(200),
  values: z
    .array(z.object({ key: z.string().trim().min(1).max(40), name: z.string().trim().min(1).max(100) }))
    .max(50)
    .optional(),
});
export type CategoryQuestion = z.infer<typeof categoryQuestion>;

/** Codes unique; list datatypes need values with unique keys; other datatypes take none. */
export const categoryQuestions = z
  .array(categoryQuestion)
  .max(30)
  .superRefine((qs, ctx) => {
    const seen = new Set<string>();
    qs.forEach((q, i) => {
      if (seen.has(q.code)) ctx.addIssue({ code: 'custom', path: [i, 'code'], message: `问题编码重复：${q.code}` });
      seen.add(q.code);
      const values = q.values ?? [];
      if (isListDatatype(q.datatype)) {
        if (values.length === 0)
          ctx.addIssue({ code: 'custom', path: [i, 'values'], message: '单选/多选须至少有一个选项' });
        const keys = new Set(values.map((v) => v.key));
        if (keys.size !== values.length) ctx.addIssue({ code: 'custom', path: [i, 'values'], message: '选项键重复' });
      } else if (values.length > 0) {
        ctx.addIssue({ code: 'custom', path: [i, 'values'], message: '只有单选/多选可以有选项' });
      }
    });
  });

/** Stable code, also the Open311 `service_code` (e.g. `wy.parking`). */
export const categoryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/, '编码仅含字母、数字、点、横线');

export const createCategoryBody = z.object({
  parentId: idParam.nullish(),
  code: categoryCode.nullish(),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(100).nullish(),
  isProperty: z.boolean().optional(),
  defaultTier: z.enum(caseTiers).optional(),
  defaultOrgId: idParam.nullish(),
  limits: categoryLimits.optional(),
  questions: categoryQuestions.optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;

/** The parent does not change (no moves); everything else may. `null` clears an optional field. */
export const updateCategoryBody = createCategoryBody
  .omit({ parentId: true, name: true })
  .extend({ version: z.number().int().min(1), name: z.string().trim().min(1).max(100).optional() });
export type UpdateCategoryBody = z.infer<typeof updateCategoryBody>;

export const categoryListQuery = z.object({
  /** Managers only: inactive categories too (the console editor). */
  includeInactive: z.stringbool().optional(),
  /** Nested `children` instead of a flat list (both carry `parentId`). */
  tree: z.stringbool().optional(),
});
export type CategoryListQuery = z.infer<typeof categoryListQuery>;

const limitView = z.object({ amount: z.number().int(), unit: z.enum(limitUnits) });

export const categoryView = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string(),
  nameEn: z.string().nullable(),
  isProperty: z.boolean(),
  defaultTier: z.enum(caseTiers),
  defaultOrgId: z.string().nullable(),
  defaultOrgName: z.string().nullable(),
  limits: z.object({ accept: limitView.optional(), respond: limitView.optional(), resolve: limitView.optional() }),
  questions: z.array(categoryQuestion),
  /** No children at all: a case may be filed under it. */
  isLeaf: z.boolean(),
  /** Its own flag; `effectiveActive` is false when it or an ancestor is deactivated. */
  active: z.boolean(),
  effectiveActive: z.boolean(),
  sortOrder: z.number().int(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type CategoryView = z.infer<typeof categoryView> & { children?: CategoryView[] };

export const categoryTreeView: z.ZodType<CategoryView> = categoryView.extend({
  get children() {
    return z.array(categoryTreeView).optional();
  },
});

export const categoryList = z.object({ items: z.array(categoryTreeView), total: z.number().int() });
export type CategoryList = z.infer<typeof categoryList>;

/** The active leaf a case is filed under, as the cases module needs it. */
export interface IntakeCategory {
  id: number;
  code: string | null;
  name: string;
  path: string;
  isProperty: boolean;
  defaultTier: CaseTier;
  defaultOrgId: number | null;
  limits: {
    accept?: { amount: number; unit: LimitUnit };
    respond: { amount: number; unit: LimitUnit };
    resolve: { amount: number; unit: LimitUnit };
  };
  questions: CategoryQuestion[];
}
