/**
 * Intake: the source a caller files under, placement, deadlines, the number and the search terms, all in the
 * creating transaction with the create event and the audit row. The number is derived from the id, taken
 * before the INSERT (dialect nextId), so the row is written once.
 */

import type { CaseSource, CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import type { IntakeCategory } from '@grassroots/shared/categories/categories.schema';
import { AppError } from '@grassroots/shared/common/errors';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import { deadlineFor, type TimeLimit } from '@grassroots/shared/worktime/worktime';
import type { Insertable, Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { CasesTable, Database } from '../../db/database.js';
import { nextId, type Write, writeAll } from '../../db/dialect.js';
import { type KnownPlaces, type Located, type Placement, placeCase } from './cases.placement.js';
import { type CaseRow, type NewCaseEvent, casesRepository as repo } from './cases.repository.js';
import type { CasesDeps } from './cases.service.js';

type K = Kysely<Database>;
const pad = (n: number) => String(n).padStart(6, '0');
/** 'YYYYMMDD' of the Shanghai day. */
const dayKey = shanghaiDayKey;

/** The texts a case is found by. The demo bulk loader indexes with exactly this call too. */
export const searchTermsOf = (c: { number: string; description: string; address: string | null }) =>
  caseSearchTerms([c.number, c.description, c.address]);

/** Sources a staff account may claim: not a resident's own report (that would let staff rate their own work), not
 * a system channel, and on behalf of a household only as a grid worker. */
const staffSources = (p: Principal): readonly CaseSource[] => [
  'visit',
  'letter',
  'self_inspection',
  'superior',
  'hotline',
  ...(p.roles.includes('grid_worker') ? (['on_behalf'] as const) : []),
];

export function defaultSource(p: Principal, b: CreateCaseBody): CaseSource {
  if (p.kind === 'api_key') return b.source ?? (p.apiScopes.includes('open311') ? 'open311' : 'hotline');
  const staff = p.roles.some((r) => r !== 'resident');
  if (!staff) return 'resident';
  const source = b.source ?? (p.roles.includes('grid_worker') && b.householdId ? 'on_behalf' : 'visit');
  if (!staffSources(p).includes(source)) throw new AppError('FORBIDDEN', { source });
  return source;
}

export interface IntakePre {
  cal: WorkCalendar;
  located: Located | null;
}

export interface IntakeArgs {
  p: Principal;
  actor: Actor;
  b: CreateCaseBody;
  source: CaseSource;
  pre: IntakePre;
}

/** What intake decided before writing: the category, the placement and the case's columns. */
export interface CaseDraft {
  cat: IntakeCategory;
  place: Placement;
  values: Omit<Insertable<CasesTable>, 'number'>;
}

/** Checks the category and its answers, places the case and computes its deadlines. Reads only. */
export async function draftCase(
  ctx: AppContext,
  deps: CasesDeps,
  trx: K,
  a: IntakeArgs,
  known?: KnownPlaces,
): Promise<CaseDraft> {
  const { p, b, source, pre } = a;
  const cat = await deps.categories.getForIntake(Number(b.categoryId), trx);
  const answers = deps.categories.validateAnswers(cat, b.answers);
  const place = await placeCase(trx, p, b, cat.defaultTier, pre.located, ctx.db, known);
  const now = ctx.clock.now();
  const due = (limit: TimeLimit) => deadlineFor(pre.cal, now, limit);
  const values = {
    status: 'submitted',
    tier: place.tier,
    areaId: place.areaId,
    areaPath: place.areaPath,
    gridId: place.gridId,
    placePath: place.placePath,
    unplaced: place.gridId == null ? 1 : 0,
    categoryId: cat.id,
    source,
    description: b.description,
    address: place.address,
    lng: b.location?.lng ?? null,
    lat: b.location?.lat ?? null,
    householdId: b.householdId ? Number(b.householdId) : null,
    buildingId: b.buildingId ? Number(b.buildingId) : null,
    submitterAccountId: p.kind === 'account' ? p.accountId : null,
    submitterKeyId: p.kind === 'api_key' ? p.apiKeyId : null,
    onBehalfReason: b.onBehalfReason ?? null,
    externalNo: b.externalNo ?? null,
    answers: JSON.stringify(answers),
    acceptBy: cat.limits.accept ? due(cat.limits.accept) : null,
    respondBy: due(cat.limits.respond),
    resolveBy: due(cat.limits.resolve),
    createdAt: now,
    updatedAt: now,
  };
  return { cat, place, values };
}

/** A case intake has just written: its row and its create event, as stored. */
export interface NewCase {
  row: CaseRow;
  event: NewCaseEvent;
}

/**
 * Writes the drafted case with its number, search terms, attachments, create event and audit row; `alsoWrite`
 * adds the caller's own writes for the new case (the stored answer), sent with the last ones (dialect writeAll:
 * one round trip on PostgreSQL). Returns the new case, or null when the same external ticket was filed already
 * (nothing written).
 */
export async function insertCase(
  ctx: AppContext,
  deps: CasesDeps,
  trx: K,
  a: IntakeArgs,
  d: CaseDraft,
  alsoWrite: (made: NewCase) => Write[] = () => [],
): Promise<NewCase | null> {
  const { p, actor, b } = a;
  const { values } = d;
  const now = values.createdAt;
  const id = await nextId(ctx.db, trx, 'cases');
  const number = caseNumber(now, id);
  if (!(await repo.insertNew(trx, { ...values, id, number }))) return null;
  const attachmentIds = (b.attachmentIds ?? []).map(Number);
  await deps.attachments.attach(trx, attachmentIds, 'case', id, p);
  const made = madeCase(actor, d, id, number, attachmentIds);
  const terms = searchTermsOf(made.row);
  await writeAll(ctx.db, trx, [
    ...(terms.length ? [repo.insertTermsQuery(ctx.db, trx, id, terms)] : []),
    repo.insertEventsQuery(ctx.db, [made.event]),
    ctx.audit.insertMany(ctx.db, [{ actor, e: createAudit(made.row, d) }]),
    ...alsoWrite(made),
  ]);
  return made;
}

/** The number of case `id` filed at `at`: the Shanghai day and the id, e.g. 20261123-000042. */
export const caseNumber = (at: number, id: number) => `${dayKey(at)}-${pad(id)}`;

/** The new case's row and create event as they are stored, from the draft and the id and number it got. */
export function madeCase(actor: Actor, d: CaseDraft, id: number, number: string, attachmentIds: number[]): NewCase {
  const event = {
    caseId: id,
    at: d.values.createdAt,
    actorId: actor.id,
    actorKind: actor.kind,
    action: 'create',
    fromStatus: null,
    toStatus: 'submitted',
    note: null,
    attachmentIds: JSON.stringify(attachmentIds),
  };
  return { row: newCaseRow(d.values, id, number), event };
}

/** The audit entry of a new case. */
export const createAudit = (row: CaseRow, d: CaseDraft) => ({
  action: 'case.create',
  entityType: 'case',
  entityId: row.id,
  areaPath: d.place.areaPath,
  summary: {
    number: row.number,
    source: row.source,
    categoryId: d.cat.id,
    tier: d.place.tier,
    unplaced: d.place.gridId == null,
  },
});

/** The row as the database now holds it: the inserted values and the columns' defaults. */
function newCaseRow(v: CaseDraft['values'], id: number, number: string): CaseRow {
  return {
    id,
    number,
    status: v.status,
    version: 0,
    tier: v.tier,
    areaId: v.areaId,
    areaPath: v.areaPath,
    gridId: v.gridId ?? null,
    placePath: v.placePath ?? null,
    unplaced: v.unplaced ?? 0,
    categoryId: v.categoryId,
    source: v.source,
    description: v.description,
    address: v.address ?? null,
    lng: v.lng ?? null,
    lat: v.lat ?? null,
    householdId: v.householdId ?? null,
    buildingId: v.buildingId ?? null,
    submitterAccountId: v.submitterAccountId ?? null,
    submitterKeyId: v.submitterKeyId ?? null,
    onBehalfReason: v.onBehalfReason ?? null,
    externalNo: v.externalNo ?? null,
    answers: v.answers ?? '{}',
    handlerAccountId: null,
    handlerOrgId: null,
    acceptBy: v.acceptBy ?? null,
    respondBy: v.respondBy,
    resolveBy: v.resolveBy,
    suspensionPending: 0,
    suspendedAt: null,
    firstAcceptAt: null,
    resolvedAt: null,
    closedAt: null,
    rating: null,
    ratingComment: null,
    ratedAt: null,
    mergedIntoId: null,
    warnedAt: null,
    overdueAt: null,
    createdAt: v.createdAt,
    updatedAt: v.updatedAt,
  };
}
