/**
 * A new demo case as `CasesService.create` would store it: placed by household, building or point (or
 * unplaced at the top), at the category's default tier, with deadlines from the shared working-time
 * functions, answers to the category's questions checked by the shared validator; and, once its life has
 * been simulated, the row and events to insert.
 */

import type { CaseSource } from '@grassroots/shared/cases/cases.schema';
import { validateAnswers } from '@grassroots/shared/categories/answers';
import type { CategoryQuestion } from '@grassroots/shared/categories/categories.schema';
import { shanghaiDayKey } from '@grassroots/shared/common/shanghai-time';
import { dayOf } from '@grassroots/shared/worktime/calendar';
import type { Insertable } from 'kysely';
import type { CasesTable } from '../database.js';
import { CaseSim, type EventDraft, registrarArea, type SimEnv } from './cases-sim.js';
import type { Slots } from './cases-text.js';
import type { CategoryInfo, PlaceInfo } from './cases-world.js';
import type { Rng } from './random.js';

export interface Intake {
  at: number;
  category: CategoryInfo;
  source: CaseSource;
  submitter: number | null;
  /** null: an unplaced case (a point in no grid), which lands at the top for manual placement. */
  place: PlaceInfo | null;
  by: 'household' | 'building' | 'point';
  description: string;
  /** The caller's own address text (hotline points, unplaced cases). */
  address?: string;
  point?: { lng: number; lat: number };
  externalNo?: string;
  onBehalfReason?: string;
  answers: string;
}

export interface CaseDraft {
  /** 'YYYYMMDD' of the Shanghai day of creation (the number's first half). */
  day: string;
  row: Omit<Insertable<CasesTable>, 'number'>;
  events: EventDraft[];
  /** Where a later duplicate of it would come from (same category, same grid). */
  mergeKey: string | null;
}

const dayKeys = new Map<number, string>();
/** 'YYYYMMDD' of the Shanghai day, as the service writes it (shanghaiDayKey: one string per day of a load). */
export function dayKey(ms: number): string {
  const day = dayOf(ms);
  let key = dayKeys.get(day);
  if (key === undefined) {
    key = shanghaiDayKey(ms);
    dayKeys.set(day, key);
  }
  return key;
}

export const mergeKeyOf = (categoryId: number, place: PlaceInfo | null) =>
  place ? `${categoryId}|${place.gridId}` : null;

/** Answers for the category's questions: the required ones always, others now and then. */
export function answersFor(cat: CategoryInfo, slots: Slots, at: number, rng: Rng): string {
  const a: Record<string, string | number | string[]> = {};
  for (const q of cat.questions) {
    if (!q.required && !rng.chance(0.5)) continue;
    const keys = (q.values ?? []).map((v) => v.key);
    if (q.datatype === 'singlevaluelist') a[q.code] = q.code === 'trapped' && rng.chance(0.95) ? 'no' : rng.pick(keys);
    else if (q.datatype === 'multivaluelist') a[q.code] = [rng.pick(keys)];
    else if (q.datatype === 'number') a[q.code] = rng.int(1, 5);
    else if (q.datatype === 'datetime') a[q.code] = new Date(at).toISOString();
    else a[q.code] = q.code === 'unit' && slots.b ? `${slots.b}${slots.u}单元` : '详见描述';
  }
  const checked = validateAnswers(cat.questions as unknown as CategoryQuestion[], a);
  return JSON.stringify(checked.answers);
}

/** Starts the case: placement and the `create` event. */
export function startCase(env: SimEnv, i: Intake): CaseSim {
  const { world } = env;
  const placed = i.place
    ? registrarArea(world, i.place.path, i.category.tier)
    : registrarArea(world, world.root.path, i.category.tier === 'city' ? 'city' : 'street');
  return new CaseSim(env, i.category, i.place?.path ?? null, {
    at: i.at,
    tier: placed.tier,
    area: placed.area,
    creator: i.submitter,
  });
}

function addressOf(i: Intake): string | null {
  const p = i.place;
  if (!p) return i.address ?? null;
  if (i.by === 'household') return p.address;
  if (i.by === 'building') return p.buildingAddress ?? p.building ?? p.address;
  return i.address ?? p.buildingAddress ?? null;
}

export function draftOf(i: Intake, s: CaseSim): CaseDraft {
  const p = i.place;
  const point = i.by === 'point' ? (i.point ?? (p?.lng != null ? { lng: p.lng, lat: p.lat! } : null)) : null;
  return {
    day: dayKey(i.at),
    mergeKey: s.status === 'rejected' ? null : mergeKeyOf(i.category.id, p),
    events: s.events,
    row: {
      status: s.status,
      version: s.version,
      tier: s.tier,
      areaId: s.areaId,
      areaPath: s.areaPath,
      gridId: p?.gridId ?? null,
      placePath: p?.path ?? null,
      unplaced: p ? 0 : 1,
      categoryId: i.category.id,
      source: i.source,
      description: i.description,
      address: addressOf(i),
      lng: point?.lng ?? null,
      lat: point?.lat ?? null,
      householdId: i.by === 'household' ? (p?.householdId ?? null) : null,
      buildingId: i.by === 'building' ? (p?.buildingId ?? null) : null,
      submitterAccountId: i.submitter,
      submitterKeyId: null,
      onBehalfReason: i.onBehalfReason ?? null,
      externalNo: i.externalNo ?? null,
      answers: i.answers,
      handlerAccountId: s.handlerAccountId,
      handlerOrgId: s.handlerOrgId,
      acceptBy: s.acceptBy,
      respondBy: s.respondBy,
      resolveBy: s.resolveBy,
      suspensionPending: s.suspensionPending,
      suspendedAt: s.suspendedAt,
      firstAcceptAt: s.firstAcceptAt,
      resolvedAt: s.resolvedAt,
      closedAt: s.closedAt,
      rating: s.rating,
      ratingComment: s.ratingComment,
      ratedAt: s.ratedAt,
      mergedIntoId: s.mergedIntoId,
      warnedAt: s.warnedAt,
      overdueAt: s.overdueAt,
      createdAt: i.at,
      updatedAt: s.updatedAt,
    },
  };
}
