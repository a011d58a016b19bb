/**
 * Staff intake (登记诉求) rules the form needs, pure: who registers, which sources they choose from, and the
 * form values → POST /api/cases body (only the fields the chosen source and place mode use).
 */
import type { Role } from '@grassroots/shared/auth/roles';
import type { CaseSource, CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';

/** Staff who take cases in on behalf of people (visits, letters, hotline transfers, own inspections). */
export const INTAKE_ROLES: Role[] = [
  'admin',
  'center',
  'leader',
  'community_secretary',
  'cadre',
  'grid_worker',
  'property_center',
];

/** Sources a staff member chooses from; 代居民上报 is the grid worker's. */
export function intakeSources(roles: readonly Role[]): CaseSource[] {
  const base: CaseSource[] = ['visit', 'letter', 'self_inspection', 'superior', 'hotline'];
  return roles.includes('grid_worker') ? ['on_behalf', ...base] : base;
}

export const defaultIntakeSource = (roles: readonly Role[]): CaseSource =>
  roles.includes('grid_worker') ? 'on_behalf' : 'visit';

export type PlaceMode = 'none' | 'household' | 'building' | 'point';

/** A datetime answer as the form holds it (a dayjs value) — anything with `format()`. */
interface Formattable {
  format(template?: string): string;
}
export type AnswerInput = string | number | boolean | string[] | Formattable | null | undefined;

export interface IntakeValues {
  source: CaseSource;
  externalNo?: string;
  onBehalfReason?: string;
  categoryId?: string;
  answers?: Record<string, AnswerInput>;
  description?: string;
  placeMode: PlaceMode;
  householdId?: string;
  buildingId?: string;
  lng?: number | null;
  lat?: number | null;
  address?: string;
  attachmentIds?: string[];
}

const text = (v: string | undefined) => v?.trim() || undefined;
const isBlank = (v: AnswerInput) =>
  v == null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Answers to the chosen category's questions only (a changed category leaves stale fields behind). */
export function toAnswers(
  questions: readonly CategoryQuestion[],
  given: Record<string, AnswerInput> | undefined,
): CreateCaseBody['answers'] {
  const out: NonNullable<CreateCaseBody['answers']> = {};
  for (const q of questions) {
    const v = given?.[q.code];
    if (isBlank(v)) continue;
    if (q.datatype === 'datetime' && typeof v === 'object' && !Array.isArray(v) && v !== null)
      // ISO 8601 with the local offset, e.g. 2026-11-23T15:04:00+08:00.
      out[q.code] = v.format();
    else if (typeof v === 'string') out[q.code] = v.trim();
    else out[q.code] = v as string | number | boolean | string[];
  }
  return Object.keys(out).length ? out : undefined;
}

/** Uses the household for 代居民上报 whatever the place mode (the case is that household's). */
export const usesHousehold = (v: Pick<IntakeValues, 'source' | 'placeMode'>) =>
  v.source === 'on_behalf' || v.placeMode === 'household';

export function toCreateBody(v: IntakeValues, questions: readonly CategoryQuestion[]): CreateCaseBody {
  const body: CreateCaseBody = {
    categoryId: v.categoryId ?? '',
    description: v.description?.trim() ?? '',
    source: v.source,
  };
  if (v.source === 'hotline') body.externalNo = text(v.externalNo);
  if (v.source === 'on_behalf') body.onBehalfReason = text(v.onBehalfReason);
  if (usesHousehold(v) && v.householdId) body.householdId = v.householdId;
  else if (v.placeMode === 'building' && v.buildingId) body.buildingId = v.buildingId;
  else if (v.placeMode === 'point' && typeof v.lng === 'number' && typeof v.lat === 'number')
    body.location = { lng: v.lng, lat: v.lat };
  const address = text(v.address);
  if (address) body.address = address;
  const answers = toAnswers(questions, v.answers);
  if (answers) body.answers = answers;
  if (v.attachmentIds?.length) body.attachmentIds = v.attachmentIds;
  return body;
}
