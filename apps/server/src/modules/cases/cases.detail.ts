/**
 * The detail view of one case: the summary, what the caller may do, its history, the household with its
 * contact masked, and the submitter's name masked for everybody but the submitter (also in the timeline).
 * A fixed number of queries: the events and one joined row of names.
 */
import {
  allowedActions,
  type CaseCapacity,
  type CaseFacts,
  REOPEN_WINDOW_MS,
} from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseView } from '@grassroots/shared/cases/cases.schema';
import { maskName, maskPhone } from '@grassroots/shared/privacy/masking';
import type { Kysely } from 'kysely';
import type { Pii } from '../../core/pii.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import type { Placement } from './cases.placement.js';
import { type CaseEventRow, type CaseRow, casesRepository as repo } from './cases.repository.js';
import { iso, type SummaryNames, toEvent, toSummary } from './cases.view.js';

/** A list row: the case's columns and the names `casesRepository.withNames` joins. */
export type NamedCaseRow = CaseRow & {
  categoryName: string;
  areaName: string;
  handlerAccountName: string | null;
  handlerOrgName: string | null;
};

export const namesOf = (r: NamedCaseRow): SummaryNames => ({
  account: r.handlerAccountName,
  org: r.handlerOrgName,
  category: r.categoryName,
  area: r.areaName,
});

function parseAnswers(json: string): CaseView['answers'] {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as CaseView['answers']) : null;
  } catch {
    return null;
  }
}

/** Until when a closed case may still be reopened (null otherwise). */
export function reopenUntil(row: CaseRow, now: number): string | null {
  if (row.status !== 'closed' || row.closedAt == null) return null;
  const until = row.closedAt + REOPEN_WINDOW_MS;
  return now <= until ? iso(until) : null;
}

/** The joined names and household of one case (casesRepository.detailExtras). */
export type DetailExtras = Awaited<ReturnType<typeof repo.detailExtras>>;
type TimelineEvent = CaseEventRow & { actorName?: string | null };

export async function buildView(
  k: Kysely<Database>,
  pii: Pii,
  p: Principal,
  row: CaseRow,
  caps: CaseCapacity[],
  facts: CaseFacts,
): Promise<CaseView> {
  const [events, x] = await Promise.all([repo.events(k, row.id), repo.detailExtras(k, row.id)]);
  return assembleView(pii, p, row, caps, facts, events, x);
}

/**
 * The view of a case intake has just written, from what intake knows (the category, the placement with its
 * household, the caller, the one create event) instead of reading it all back: same shape as buildView.
 */
export function newCaseView(
  pii: Pii,
  p: Principal,
  made: { row: CaseRow; event: Omit<CaseEventRow, 'id' | 'data'> },
  d: { cat: { name: string; isProperty: boolean }; place: Placement },
  caps: CaseCapacity[],
  facts: CaseFacts,
): CaseView {
  const { row, event } = made;
  const h = d.place.household;
  const x: DetailExtras = {
    categoryName: d.cat.name,
    isProperty: d.cat.isProperty ? 1 : 0,
    areaName: d.place.areaName,
    handlerAccountName: null,
    handlerOrgName: null,
    hId: h?.id ?? null,
    hAddress: h?.address ?? null,
    hHeadName: h?.headName ?? null,
    hPhoneEnc: h?.phoneEnc ?? null,
    submitterAccountName: row.submitterAccountId != null ? p.name : null,
    submitterOrgName: row.submitterKeyId != null ? (p.orgName ?? null) : null,
  };
  const actorName = event.actorKind === 'account' && event.actorId === p.accountId ? p.name : null;
  return assembleView(pii, p, row, caps, facts, [{ id: 0, data: '{}', actorName, ...event }], x);
}

function assembleView(
  pii: Pii,
  p: Principal,
  row: CaseRow,
  caps: CaseCapacity[],
  facts: CaseFacts,
  events: TimelineEvent[],
  x: DetailExtras,
): CaseView {
  const isSubmitter = p.accountId != null && p.accountId === row.submitterAccountId;
  // A resident's name is personal data: masked for everybody else, wherever it shows. Staff who recorded a
  // visit or worked on behalf of a household act in office, so their names stay readable.
  const masked = row.source === 'resident' && !isSubmitter;
  const submitterShown = (name: string | null | undefined) => (masked ? maskName(name) : (name ?? null));
  const timeline = events.map((e) =>
    e.actorId != null && e.actorId === row.submitterAccountId
      ? Object.assign({}, e, { actorName: submitterShown(e.actorName) })
      : e,
  );
  const created = timeline.find((e) => e.action === 'create');
  const summary = toSummary(row, facts.now, {
    account: x.handlerAccountName,
    org: x.handlerOrgName,
    category: x.categoryName,
    area: x.areaName,
  });
  // Added to the fresh summary, not spread into a new literal: on Node 20's V8 each property written after a
  // spread goes the slow way (≈ 20 µs for this view, a tenth of an intake's main-thread time).
  return Object.assign(summary, {
    householdId: row.householdId == null ? null : String(row.householdId),
    buildingId: row.buildingId == null ? null : String(row.buildingId),
    location: row.lng != null && row.lat != null ? { lng: row.lng, lat: row.lat } : null,
    externalNo: row.externalNo,
    ratingComment: row.ratingComment,
    household:
      x.hId == null
        ? null
        : {
            id: String(x.hId),
            address: x.hAddress ?? '',
            headName: maskName(x.hHeadName),
            phone: x.hPhoneEnc ? maskPhone(pii.decrypt(x.hPhoneEnc)) : null,
          },
    submitterName: x.submitterAccountName != null ? submitterShown(x.submitterAccountName) : x.submitterOrgName,
    reopenUntil: reopenUntil(row, facts.now),
    isProperty: x.isProperty === 1,
    answers: parseAnswers(row.answers),
    attachmentIds: created ? toEvent(created).attachmentIds : [],
    allowedActions: allowedActions(facts, caps),
    events: timeline.map(toEvent),
  });
}
