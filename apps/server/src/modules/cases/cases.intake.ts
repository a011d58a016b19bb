/**
 * Intake: the source a caller files under, placement, deadlines, the number and the search terms, all in the
 * creating transaction with the create event and the audit row.
 */
import { randomBytes } from 'node:crypto';
import type { CaseSource, CreateCaseBody } from '@grassroots/shared/cases/cases.schema';
import { caseSearchTerms } from '@grassroots/shared/cases/cases.search';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import { deadlineFor, type TimeLimit } from '@grassroots/shared/worktime/worktime';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { type Located, placeCase } from './cases.placement.js';
import { casesRepository as repo } from './cases.repository.js';
import type { CasesDeps } from './cases.service.js';

type K = Kysely<Database>;
const pad = (n: number) => String(n).padStart(6, '0');
/** 'YYYYMMDD' of the Shanghai day. */
const dayKey = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');

/** The texts a case is found by. The demo bulk loader indexes with exactly this call too. */
export const searchTermsOf = (c: { number: string; description: string; address: string | null }) =>
  caseSearchTerms([c.number, c.description, c.address]);

export function defaultSource(p: Principal, b: CreateCaseBody): CaseSource {
  if (p.kind === 'api_key') return b.source ?? (p.apiScopes.includes('open311') ? 'open311' : 'hotline');
  const staff = p.roles.some((r) => r !== 'resident');
  if (!staff) return 'resident';
  if (b.source) return b.source;
  return p.roles.includes('grid_worker') && b.householdId ? 'on_behalf' : 'visit';
}

export interface IntakePre {
  cal: WorkCalendar;
  located: Located | null;
}

/** Inserts the case with its number, terms, attachments, create event and audit row; returns its id. */
export async function insertCase(
  ctx: AppContext,
  deps: CasesDeps,
  trx: K,
  a: { p: Principal; actor: Actor; b: CreateCaseBody; source: CaseSource; pre: IntakePre },
) {
  const { p, actor, b, source, pre } = a;
  const cat = await deps.categories.getForIntake(Number(b.categoryId), trx);
  const answers = deps.categories.validateAnswers(cat, b.answers);
  const place = await placeCase(trx, p, b, cat.defaultTier, pre.located);
  const now = ctx.clock.now();
  const due = (limit: TimeLimit) => deadlineFor(pre.cal, now, limit);
  const id = await repo.insert(trx, {
    // Unique placeholder until the id is known (the column is varchar(32)).
    number: `tmp-${randomBytes(8).toString('hex')}`,
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
  });
  const number = `${dayKey(now)}-${pad(id)}`;
  await repo.setNumber(trx, id, number);
  await repo.insertTerms(trx, id, searchTermsOf({ number, description: b.description, address: place.address }));
  const attachmentIds = (b.attachmentIds ?? []).map(Number);
  await deps.attachments.attach(trx, attachmentIds, 'case', id, p);
  await repo.insertEvent(trx, {
    caseId: id,
    at: now,
    actorId: actor.id,
    actorKind: actor.kind,
    action: 'create',
    fromStatus: null,
    toStatus: 'submitted',
    note: null,
    attachmentIds: JSON.stringify(attachmentIds),
  });
  await ctx.audit.write(trx, actor, {
    action: 'case.create',
    entityType: 'case',
    entityId: id,
    areaPath: place.areaPath,
    summary: { number, source, categoryId: cat.id, tier: place.tier, unplaced: place.gridId == null },
  });
  return id;
}
