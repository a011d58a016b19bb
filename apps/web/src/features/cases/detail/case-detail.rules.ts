/**
 * Pure rules of the case detail page (unit-tested): action bodies, conflicts, the merge look-up, deadline
 * rows, the map's framing.
 */
import type { AreaFeatureProps, FeatureCollectionOf } from '@grassroots/shared/areas/areas.schema';
import type { CaseAction, CaseStatus } from '@grassroots/shared/cases/cases.lifecycle';
import type { CaseActionBody, CaseSummary, CaseView } from '@grassroots/shared/cases/cases.schema';
import { CASE_NUMBER_RE, normaliseCaseNumber } from '../../../components/case/case-number';

/** Destructive actions ask once more before they are sent. */
export const destructiveActions: readonly CaseAction[] = ['reject', 'merge', 'return'];

/** A resident's action never shows in the console (staff do not rate their own work). */
const residentOnly: readonly CaseAction[] = ['rate'];
/** The buttons of the console: the server's `allowedActions`, in its order, less the resident's. */
export const consoleActions = (allowed: readonly CaseAction[]) => allowed.filter((a) => !residentOnly.includes(a));

/** What the action form holds; dates are anything with `toISOString()` (dayjs in the form). */
export interface ActionValues {
  reason?: string;
  note?: string;
  /** 'account:12' or 'organisation:7' (one select for both kinds). */
  target?: string;
  areaId?: string;
  acceptBy?: { toISOString(): string } | null;
  resolveBy?: { toISOString(): string } | null;
  duplicateOf?: string;
  attachmentIds?: string[];
}

const trimmed = (s?: string) => (s?.trim() ? s.trim() : undefined);

/** The request body of `action`: the loaded `version`, and only the fields that action uses. */
export function toActionBody(action: CaseAction, version: number, v: ActionValues): CaseActionBody {
  const [kind, id] = (v.target ?? '').split(':');
  const dispatchTarget =
    (kind === 'account' || kind === 'organisation') && id
      ? { kind: kind as 'account' | 'organisation', id }
      : undefined;
  return {
    version,
    note: trimmed(v.note),
    reason: trimmed(v.reason),
    target:
      action === 'dispatch'
        ? dispatchTarget
        : action === 'assign' && v.areaId
          ? { kind: 'area', id: v.areaId }
          : undefined,
    acceptBy: action === 'dispatch' ? v.acceptBy?.toISOString() : undefined,
    resolveBy: action === 'dispatch' ? v.resolveBy?.toISOString() : undefined,
    duplicateOf: action === 'merge' ? v.duplicateOf : undefined,
    attachmentIds: action === 'resolve' && v.attachmentIds?.length ? v.attachmentIds : undefined,
  };
}

/**
 * Whether a failed action means the case moved on under the user (409: VERSION_CONFLICT, or
 * INVALID_TRANSITION when someone else changed its state): the page then offers a reload, not a retry.
 */
export const isConflict = (e: unknown) =>
  typeof e === 'object' && e !== null && (e as { status?: unknown }).status === 409;

export interface MergeMiss {
  ok: false;
  number: string;
  why: 'format' | 'notFound' | 'self' | 'closed';
}
export type MergeLookup<T> = { ok: true; target: T } | MergeMiss;

type MergeCandidate = Pick<CaseSummary, 'id' | 'number' | 'status'>;

/** The typed number, normalised, or why it cannot be looked up (checked before asking the server). */
export function mergeNumber(typed: string): string | MergeMiss {
  const number = normaliseCaseNumber(typed);
  return CASE_NUMBER_RE.test(number) ? number : { ok: false, number, why: 'format' };
}

/**
 * The case to merge into among the search hits of `number` (GET /api/cases?q=: a word search, so only the
 * exact number counts). Not the case itself, and not one already rejected or merged (the server refuses both).
 */
export function pickMergeTarget<T extends MergeCandidate>(hits: T[], number: string, selfId: string): MergeLookup<T> {
  const target = hits.find((c) => c.number === number);
  if (!target) return { ok: false, number, why: 'notFound' };
  if (target.id === selfId) return { ok: false, number, why: 'self' };
  if (target.status === 'rejected') return { ok: false, number, why: 'closed' };
  return { ok: true, target };
}

const responded: readonly CaseStatus[] = ['accepted', 'suspended', 'resolved', 'verified', 'closed', 'rejected'];
const resolved: readonly CaseStatus[] = ['resolved', 'verified', 'closed', 'rejected'];

export interface DeadlineRow {
  key: 'accept' | 'respond' | 'resolve';
  at: string;
  /** The step it guards is done: no countdown. */
  done: boolean;
  /** The clock is stopped (suspended). */
  paused: boolean;
}

/** The deadlines to show: accepting only while dispatched; each one done once its step is. */
export function deadlineRows(c: Pick<CaseView, 'status' | 'deadlines'>): DeadlineRow[] {
  const paused = c.status === 'suspended';
  const rows: DeadlineRow[] = [];
  if (c.status === 'dispatched' && c.deadlines.acceptBy)
    rows.push({ key: 'accept', at: c.deadlines.acceptBy, done: false, paused: false });
  const respondDone = responded.includes(c.status);
  rows.push({ key: 'respond', at: c.deadlines.respondBy, done: respondDone, paused: paused && !respondDone });
  const resolveDone = resolved.includes(c.status);
  rows.push({ key: 'resolve', at: c.deadlines.resolveBy, done: resolveDone, paused: paused && !resolveDone });
  return rows;
}

type AreaFC = FeatureCollectionOf<AreaFeatureProps>;

/**
 * The boundaries of the case's area and everything below it, so the map frames the case's community (or street)
 * rather than the caller's whole scope; all of the scope when the area is not in it (a grid worker sees only
 * their grid).
 */
export function areaSubtree(fc: AreaFC, areaId: string): AreaFC {
  const parentOf = new Map(fc.features.map((f) => [f.properties.id, f.properties.parentId]));
  const within = (id: string | null | undefined): boolean => {
    for (let at = id, hops = 0; at && hops < 10; at = parentOf.get(at), hops++) if (at === areaId) return true;
    return false;
  };
  const features = fc.features.filter((f) => within(f.properties.id));
  return features.length ? { ...fc, features } : fc;
}
