/**
 * API shapes of the household ledger (住户台账, DOMAIN.md section 7): persons, ledger households, counts,
 * custom fields, residents' own data and their correction/erasure requests. ID numbers and phones leave the
 * server masked (142601********1234, 138****5678); sensitive tags are hidden (null) unless unmasked.
 */
import { z } from 'zod';
import { idParam } from '../common/ids.js';
import { pageOf, pageQuery } from '../common/pagination.js';
import { householdTags } from '../places/places.rules.js';
import {
  ageGroups,
  allHouseholdTags,
  customFieldTypes,
  genders,
  openPersonTags,
  personTags,
  relations,
  sensitiveHouseholdTags,
  sensitivePersonTags,
} from './ledger.rules.js';

/** YYYY-MM-DD (a real calendar day is checked by the server). */
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const version = z.number().int().min(1);
/** Query values may repeat (`?tag=a&tag=b`) or be comma-separated (`?tag=a,b`). */
const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((x) => String(x).split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    z.array(z.enum(values)).min(1),
  );
const boolQuery = z.enum(['true', 'false']).optional();

/** A mobile or landline number; spaces and dashes are dropped before it is stored. */
export const personPhone = z
  .string()
  .trim()
  .regex(/^\+?[\d\s-]{5,20}$/, '电话号码格式不正确');
/** A custom field's value: text, number, yes/no, a date (YYYY-MM-DD) or one of its options. */
export const customValue = z.union([z.string().max(200), z.number(), z.boolean(), z.null()]);
export type CustomValue = z.infer<typeof customValue>;
export const customValues = z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), customValue);

// ── Persons ─────────────────────────────────────────────────────────────────
/** What the caller may do with a person (the UI shows buttons from this, never guesses). */
export const personActions = ['update', 'moveOut', 'moveIn', 'unmask'] as const;
export type PersonAction = (typeof personActions)[number];

export const personView = z.object({
  id: z.string(),
  householdId: z.string(),
  householdAddress: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  name: z.string(),
  /** Masked (142601********1234); the clear number only through POST /api/persons/:id/unmask. */
  idNumber: z.string().nullable(),
  /** Masked (138****5678). */
  phone: z.string().nullable(),
  birthDate: z.string().nullable(),
  age: z.number().int().nullable(),
  ageGroup: z.enum(ageGroups).nullable(),
  gender: z.enum(genders).nullable(),
  relation: z.enum(relations),
  /** Open tags only. */
  tags: z.array(z.string()),
  /** null = hidden (the default everywhere); the clear list only after an unmask. */
  sensitiveTags: z.array(z.string()).nullable(),
  /** How many sensitive tags the person has (a number only, never which). */
  sensitiveTagCount: z.number().int(),
  custom: z.record(z.string(), customValue),
  movedInOn: z.string().nullable(),
  movedOutOn: z.string().nullable(),
  moveNote: z.string().nullable(),
  /** Erased or past retention: name is 已注销 and every personal field is empty. */
  anonymised: z.boolean(),
  version: z.number().int(),
  allowedActions: z.array(z.enum(personActions)),
});
export type PersonView = z.infer<typeof personView>;
/** The web and the Excel helpers say Person. */
export type Person = PersonView;
export const personPage = pageOf(personView);
export type PersonPage = z.infer<typeof personPage>;

export const personSorts = ['address', 'name', 'birthDate', '-birthDate', '-createdAt'] as const;
export type PersonSort = (typeof personSorts)[number];

/**
 * GET /api/persons. Custom fields filter as `custom.<code>=<value>` (exact match on the stored value; booleans
 * as true/false); unknown `custom.*` codes are refused. Other extra keys pass through (the export adds some).
 */
export const personListQuery = pageQuery
  .extend({
    areaId: idParam.optional(),
    gridId: idParam.optional(),
    householdId: idParam.optional(),
    /** A name (contains), or an exact full ID number or phone (matched through the keyed hash). */
    q: z.string().trim().min(1).max(50).optional(),
    /** Every tag must be present; sensitive tags filter through their keyed hash. */
    tag: listOf(personTags).optional(),
    ageGroup: z.enum(ageGroups).optional(),
    gender: z.enum(genders).optional(),
    relation: z.enum(relations).optional(),
    /** 'false' (default): current residents; 'true': moved out only; 'all': both. */
    movedOut: z.enum(['true', 'false', 'all']).default('false'),
    sort: z.enum(personSorts).default('address'),
  })
  .catchall(z.string());
export type PersonListQuery = z.infer<typeof personListQuery>;
export type PersonListInput = z.input<typeof personListQuery>;

/** The `custom.<code>` filters of a parsed list query. */
export const customFiltersOf = (q: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(
    Object.entries(q)
      .filter(([k, v]) => k.startsWith('custom.') && typeof v === 'string')
      .map(([k, v]) => [k.slice('custom.'.length), v as string]),
  );

const personFields = {
  name: z.string().trim().min(1).max(50),
  /** Validated on the server (GB 11643): a bad one is 400 INVALID_ID_NUMBER with `details.problem`. */
  idNumber: z.string().trim().max(30).nullish(),
  phone: personPhone.nullish(),
  /** Derived from the ID number when absent; must agree with it when both are given. */
  birthDate: isoDay.nullish(),
  gender: z.enum(genders).nullish(),
  relation: z.enum(relations),
  tags: z.array(z.enum(openPersonTags)).max(openPersonTags.length).optional(),
  sensitiveTags: z.array(z.enum(sensitivePersonTags)).max(sensitivePersonTags.length).optional(),
  custom: customValues.optional(),
  movedInOn: isoDay.nullish(),
};
export const createPersonBody = z.object({ householdId: idParam, ...personFields });
export type CreatePersonBody = z.input<typeof createPersonBody>;
/** Every field optional; `householdId` moves the person to another household (same write scope). */
export const updatePersonBody = z.object({
  version,
  householdId: idParam.optional(),
  ...personFields,
  name: personFields.name.optional(),
  relation: personFields.relation.optional(),
});
export type UpdatePersonBody = z.input<typeof updatePersonBody>;
export const moveOutBody = z.object({ version, movedOutOn: isoDay, note: z.string().trim().max(200).optional() });
export type MoveOutBody = z.input<typeof moveOutBody>;
export const moveInBody = z.object({ version, movedInOn: isoDay, note: z.string().trim().max(200).optional() });
export type MoveInBody = z.input<typeof moveInBody>;

/** 409 DUPLICATE_PERSON details: the existing person's id when the caller may see it. */
export const duplicatePersonDetails = z.object({ personId: z.string().nullable() });

// ── Unmasking (a reason, logged; values never in the audit log) ─────────────────
export const unmaskFields = ['idNumber', 'phone', 'sensitiveTags'] as const;
export type UnmaskField = (typeof unmaskFields)[number];
export const unmaskBody = z.object({
  reason: z.string().trim().min(2).max(200),
  fields: z.array(z.enum(unmaskFields)).min(1).max(3),
});
export type UnmaskBody = z.input<typeof unmaskBody>;
export const householdUnmaskBody = z.object({
  reason: z.string().trim().min(2).max(200),
  fields: z
    .array(z.enum(['phone', 'sensitiveTags']))
    .min(1)
    .max(2),
});
export type HouseholdUnmaskBody = z.input<typeof householdUnmaskBody>;
export const unmaskResult = z.object({
  idNumber: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
  sensitiveTags: z.array(z.string()).optional(),
});
export type UnmaskResult = z.infer<typeof unmaskResult>;

// ── Ledger households ───────────────────────────────────────────────────────
export const partyMemberRef = z.object({ id: z.string(), name: z.string() }).nullable();
export const ledgerHouseholdActions = ['update', 'unmask', 'addPerson'] as const;

export const ledgerHouseholdView = z.object({
  id: z.string(),
  address: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  headName: z.string().nullable(),
  /** Masked. */
  phone: z.string().nullable(),
  /** Open tags only; sensitive ones are never listed in clear. */
  tags: z.array(z.string()),
  sensitiveTagCount: z.number().int(),
  noSmartphone: z.boolean(),
  /** Current members (not moved out). */
  memberCount: z.number().int(),
  partyMember: partyMemberRef,
  version: z.number().int(),
  allowedActions: z.array(z.enum(ledgerHouseholdActions)),
});
export type LedgerHouseholdView = z.infer<typeof ledgerHouseholdView>;
export type HouseholdLedger = LedgerHouseholdView;
export const ledgerHouseholdPage = pageOf(ledgerHouseholdView);

export const ledgerHouseholdQuery = pageQuery.extend({
  areaId: idParam.optional(),
  gridId: idParam.optional(),
  /** Address or head's name (contains), or an exact full phone (keyed hash). */
  q: z.string().trim().min(1).max(50).optional(),
  tag: listOf(allHouseholdTags).optional(),
  noSmartphone: boolQuery,
});
export type LedgerHouseholdQuery = z.infer<typeof ledgerHouseholdQuery>;

export const ledgerHouseholdCase = z.object({
  id: z.string(),
  number: z.string(),
  status: z.string(),
  categoryName: z.string(),
  /** The first 80 characters. */
  description: z.string(),
  createdAt: z.string(),
});
export const ledgerHouseholdVisit = z.object({
  id: z.string(),
  campaignId: z.string(),
  campaignName: z.string(),
  outcome: z.string(),
  visitedAt: z.string(),
  visitedBy: z.string(),
});
export const ledgerHouseholdDetail = ledgerHouseholdView.extend({
  buildingId: z.string().nullable(),
  roomId: z.string().nullable(),
  members: z.array(personView),
  /** Latest 20 cases concerning the household. */
  cases: z.array(ledgerHouseholdCase),
  /** Latest 20 campaign visits. */
  visits: z.array(ledgerHouseholdVisit),
});
export type LedgerHouseholdDetail = z.infer<typeof ledgerHouseholdDetail>;
export const ledgerHouseholdDetailQuery = z.object({ includeMovedOut: boolQuery });

/** PATCH /api/ledger/households/:id: the ledger's part of a household (address and place stay in places). */
export const updateLedgerHouseholdBody = z.object({
  version,
  headName: z.string().trim().max(50).nullish(),
  phone: personPhone.nullish(),
  noSmartphone: z.boolean().optional(),
  tags: z.array(z.enum(householdTags)).max(householdTags.length).optional(),
  sensitiveTags: z.array(z.enum(sensitiveHouseholdTags)).max(sensitiveHouseholdTags.length).optional(),
});
export type UpdateLedgerHouseholdBody = z.input<typeof updateLedgerHouseholdBody>;

// ── Counts ──────────────────────────────────────────────────────────────────
/** tag: person tags; householdTag: household tags; ageGroup: current persons by age group. */
export const ledgerCountsQuery = z.object({
  areaId: idParam.optional(),
  by: z.enum(['tag', 'ageGroup', 'householdTag']).default('tag'),
});
export const ledgerCounts = z.object({
  groups: z.array(z.object({ gridId: z.string(), gridName: z.string(), counts: z.record(z.string(), z.number()) })),
});
export type LedgerCounts = z.infer<typeof ledgerCounts>;

// ── Custom fields ───────────────────────────────────────────────────────────
export const ledgerFieldView = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  labelEn: z.string().nullable(),
  datatype: z.enum(customFieldTypes),
  options: z.array(z.string()),
  required: z.boolean(),
  sortOrder: z.number().int(),
  active: z.boolean(),
  version: z.number().int(),
});
export type LedgerFieldView = z.infer<typeof ledgerFieldView>;
export const ledgerFieldList = z.object({ items: z.array(ledgerFieldView) });
const fieldBody = {
  label: z.string().trim().min(1).max(50),
  labelEn: z.string().trim().max(80).nullish(),
  datatype: z.enum(customFieldTypes),
  options: z.array(z.string().trim().min(1).max(50)).max(50).optional(),
  required: z.boolean().optional(),
  sortOrder: z.number().int().min(0).max(9999).optional(),
  active: z.boolean().optional(),
};
export const createLedgerFieldBody = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, '编码须为小写字母开头的字母、数字或下划线'),
    ...fieldBody,
  })
  .refine((b) => b.datatype !== 'select' || (b.options?.length ?? 0) > 0, {
    message: '下拉选项不能为空',
    path: ['options'],
  });
export type CreateLedgerFieldBody = z.input<typeof createLedgerFieldBody>;
/** The code and the datatype are fixed once created (stored values depend on them). */
export const updateLedgerFieldBody = z.object({
  version,
  label: fieldBody.label.optional(),
  labelEn: fieldBody.labelEn,
  options: fieldBody.options,
  required: fieldBody.required,
  sortOrder: fieldBody.sortOrder,
  active: fieldBody.active,
});
export type UpdateLedgerFieldBody = z.input<typeof updateLedgerFieldBody>;
export const ledgerFieldListQuery = z.object({ includeInactive: boolQuery });

// ── Residents' own data and their requests ──────────────────────────────────
export const ledgerRequestKinds = ['correction', 'erasure'] as const;
export type LedgerRequestKind = (typeof ledgerRequestKinds)[number];
export const ledgerRequestStatuses = ['open', 'done', 'rejected'] as const;
export type LedgerRequestStatus = (typeof ledgerRequestStatuses)[number];
export const ledgerRequestKindLabels: Record<LedgerRequestKind, { 'zh-CN': string; en: string }> = {
  correction: { 'zh-CN': '更正', en: 'Correction' },
  erasure: { 'zh-CN': '删除（注销）', en: 'Erasure' },
};
export const ledgerRequestStatusLabels: Record<LedgerRequestStatus, { 'zh-CN': string; en: string }> = {
  open: { 'zh-CN': '待处理', en: 'Open' },
  done: { 'zh-CN': '已办理', en: 'Done' },
  rejected: { 'zh-CN': '已驳回', en: 'Rejected' },
};

export const createLedgerRequestBody = z.object({
  kind: z.enum(ledgerRequestKinds),
  /** Needed only when the resident is linked to more than one household and names no person. */
  householdId: idParam.optional(),
  /** A member of the resident's household; an erasure request must name one. */
  personId: idParam.optional(),
  message: z.string().trim().min(2).max(1000),
});
export type CreateLedgerRequestBody = z.input<typeof createLedgerRequestBody>;

export const ledgerRequestView = z.object({
  id: z.string(),
  kind: z.enum(ledgerRequestKinds),
  status: z.enum(ledgerRequestStatuses),
  householdId: z.string(),
  householdAddress: z.string(),
  personId: z.string().nullable(),
  /** The person's current name (已注销 once erased). */
  personName: z.string().nullable(),
  /** The resident's message (decrypted for those who may handle the request, and the resident). */
  message: z.string(),
  resolution: z.string().nullable(),
  requestedBy: z.string(),
  handledBy: z.string().nullable(),
  handledAt: z.string().nullable(),
  createdAt: z.string(),
});
export type LedgerRequestView = z.infer<typeof ledgerRequestView>;
export const ledgerRequestPage = pageOf(ledgerRequestView);
export const ledgerRequestQuery = pageQuery.extend({
  status: z.enum(ledgerRequestStatuses).optional(),
  areaId: idParam.optional(),
});
export const resolveLedgerRequestBody = z.object({
  status: z.enum(['done', 'rejected']),
  resolution: z.string().trim().min(2).max(500),
});
export type ResolveLedgerRequestBody = z.input<typeof resolveLedgerRequestBody>;

/** GET /api/me/household: the resident's confirmed household(s) with members (their own data masked here too). */
export const myHouseholdMember = personView.pick({
  id: true,
  name: true,
  idNumber: true,
  phone: true,
  birthDate: true,
  gender: true,
  relation: true,
  tags: true,
  movedInOn: true,
});
export const myHousehold = z.object({
  id: z.string(),
  address: z.string(),
  gridName: z.string(),
  headName: z.string().nullable(),
  phone: z.string().nullable(),
  tags: z.array(z.string()),
  members: z.array(myHouseholdMember),
  requests: z.array(ledgerRequestView),
});
export const myHouseholds = z.object({ items: z.array(myHousehold) });
export type MyHousehold = z.infer<typeof myHousehold>;
