/**
 * One case's life, replayed in memory: every status change asks the SHARED transition table
 * (`transition()` of cases.lifecycle) and applies what `CasesService` applies (handler, tier and area,
 * deadlines as the shared working-time functions give them — from a table of days, cases-worktime.ts —
 * timestamps), so a generated history is one the service could have written. The deadline job is simulated
 * too: an unaccepted dispatch returns at its accept deadline, an overdue case escalates (or, at the top tier,
 * is only marked), exactly when the job would have done it — so starting the server does not rewrite the demo.
 */
import {
  type CaseAction,
  type CaseCapacity,
  type CaseFacts,
  type CaseStatus,
  type CaseTier,
  caseTiers,
  transition,
} from '@grassroots/shared/cases/cases.lifecycle';
import type { WorkCalendar } from '@grassroots/shared/worktime/calendar';
import { RETURN_REASON } from '../../modules/cases/cases.jobs.js';
import type { WorkTable } from './cases-worktime.js';
import type { AreaInfo, CategoryInfo, World } from './cases-world.js';

export interface EventDraft {
  at: number;
  actorId: number | null;
  actorKind: 'account' | 'system';
  action: string;
  fromStatus: string | null;
  toStatus: string;
  note: string | null;
  data: string;
}

export interface ActionInput {
  note?: string;
  reason?: string;
  target?: { kind: 'account' | 'organisation' | 'area'; id: number };
  rating?: 'satisfied' | 'basic' | 'unsatisfied';
  duplicateOf?: number;
  /** Dispatch override of the accept deadline (the API's `acceptBy`). */
  acceptBy?: number;
}

export interface SimEnv {
  world: World;
  cal: WorkCalendar;
  /** The shared working-time functions' answers for `cal`, from a table of days (cases-worktime.ts). */
  work: WorkTable;
  now: number;
}

const ESCALATABLE: CaseStatus[] = ['registered', 'dispatched', 'accepted'];
const OVERDUE_STATUSES: CaseStatus[] = ['submitted', ...ESCALATABLE];
/** The job runs every minute: it acts within the minute after a deadline. */
const JOB_LAG_MS = 30_000;
export const SYSTEM = null;

const idsOf = (path: string) => path.split('/').filter(Boolean).map(Number);

/** registrarArea's answers per world, path and tier (a load asks for the same few thousand places millions of times). */
const registrarAreas = new WeakMap<World, Map<string, { area: AreaInfo; tier: CaseTier }>>();

/** The service's registrarArea(), on the in-memory tree. */
export function registrarArea(world: World, path: string, tier: CaseTier): { area: AreaInfo; tier: CaseTier } {
  let known = registrarAreas.get(world);
  if (!known) {
    known = new Map();
    registrarAreas.set(world, known);
  }
  const key = `${tier}|${path}`;
  let hit = known.get(key);
  if (!hit) {
    hit = findRegistrarArea(world, path, tier);
    known.set(key, hit);
  }
  return hit;
}

function findRegistrarArea(world: World, path: string, tier: CaseTier): { area: AreaInfo; tier: CaseTier } {
  const chain = idsOf(path)
    .map((id) => world.areas.get(id))
    .filter((a) => a !== undefined);
  if (chain.length === 0) throw new Error(`no area on ${path}`);
  if (tier === 'city') return { area: chain[0]!, tier };
  for (const t of caseTiers.slice(caseTiers.indexOf(tier))) {
    const hit = [...chain].reverse().find((a) => a.kind === t);
    if (hit) return { area: hit, tier: t };
  }
  return { area: chain[0]!, tier: 'city' };
}

/**
 * An event's data as the service writes it: JSON of { reason, target, rating, duplicateOf, tier } without the
 * absent ones. Most events have none or one of them, of a few values: those strings are made once.
 */
export function eventData(b: ActionInput, tier: CaseTier | undefined): string {
  const { reason, target, rating, duplicateOf } = b;
  const none = reason === undefined && rating === undefined && duplicateOf === undefined;
  if (none && target === undefined) return tier === undefined ? '{}' : TIER_DATA[tier];
  if (none && tier === undefined && target) return `{"target":{"kind":"${target.kind}","id":"${target.id}"}}`;
  if (
    tier === undefined &&
    target === undefined &&
    duplicateOf === undefined &&
    (reason === undefined) !== (rating === undefined)
  ) {
    const key = reason ?? `\u0000${rating}`;
    let json = ONE_FIELD.get(key);
    if (json === undefined) {
      json = JSON.stringify(reason !== undefined ? { reason } : { rating });
      if (ONE_FIELD.size < 1000) ONE_FIELD.set(key, json);
    }
    return json;
  }
  const t = target ? { kind: target.kind, id: String(target.id) } : undefined;
  return JSON.stringify({
    reason,
    target: t,
    rating,
    duplicateOf: duplicateOf === undefined ? undefined : String(duplicateOf),
    tier,
  });
}
const TIER_DATA = Object.fromEntries(caseTiers.map((t) => [t, JSON.stringify({ tier: t })])) as Record<
  CaseTier,
  string
>;
/** The data of events with only a reason (keyed by it) or only a rating: a few dozen phrases. */
const ONE_FIELD = new Map<string, string>();

export class CaseSim {
  status: CaseStatus = 'submitted';
  tier: CaseTier;
  areaId: number;
  areaPath: string;
  handlerAccountId: number | null = null;
  handlerOrgId: number | null = null;
  acceptBy: number | null;
  respondBy: number;
  resolveBy: number;
  suspensionPending = 0;
  suspendedAt: number | null = null;
  firstAcceptAt: number | null = null;
  resolvedAt: number | null = null;
  closedAt: number | null = null;
  rating: string | null = null;
  ratingComment: string | null = null;
  ratedAt: number | null = null;
  mergedIntoId: number | null = null;
  warnedAt: number | null = null;
  overdueAt: number | null = null;
  version = 0;
  updatedAt: number;
  readonly events: EventDraft[] = [];

  constructor(
    readonly env: SimEnv,
    readonly category: CategoryInfo,
    /** The grid path of the place; null for an unplaced case. */
    readonly placePath: string | null,
    start: { at: number; tier: CaseTier; area: AreaInfo; creator: number | null },
  ) {
    this.tier = start.tier;
    this.areaId = start.area.id;
    this.areaPath = start.area.path;
    const d = this.deadlines(start.at);
    this.acceptBy = d.acceptBy;
    this.respondBy = d.respondBy;
    this.resolveBy = d.resolveBy;
    this.updatedAt = start.at;
    this.events.push({
      at: start.at,
      actorId: start.creator,
      actorKind: 'account',
      action: 'create',
      fromStatus: null,
      toStatus: 'submitted',
      note: null,
      data: '{}',
    });
  }

  /** Time of the last event (the next one must come later). */
  get last(): number {
    return this.events[this.events.length - 1]!.at;
  }

  private deadlines(at: number) {
    const l = this.category.limits;
    return {
      acceptBy: this.acceptDeadline(at),
      respondBy: this.env.work.deadline(at, l.respond),
      resolveBy: this.env.work.deadline(at, l.resolve),
    };
  }

  private acceptDeadline(at: number) {
    const { accept } = this.category.limits;
    return accept ? this.env.work.deadline(at, accept) : null;
  }

  facts(at: number): CaseFacts {
    return {
      status: this.status,
      tier: this.tier,
      suspensionPending: this.suspensionPending === 1,
      closedAt: this.closedAt,
      ratedAt: this.ratedAt,
      now: at,
    };
  }

  /** True when the table allows `action` for `cap` at `at`. */
  can(action: CaseAction, cap: CaseCapacity, at: number): boolean {
    return transition(this.facts(at), action, [cap]).ok;
  }

  /** Applies one action; throws when the shared table refuses it (a generator bug, never bad luck). */
  act(action: CaseAction, cap: CaseCapacity, at: number, actorId: number | null, b: ActionInput = {}) {
    if (!(at > this.last) || !Number.isSafeInteger(at))
      throw new Error(`demo case: ${action} at ${at} is not a time after ${this.last}`);
    const res = transition(this.facts(at), action, [cap]);
    if (!res.ok) throw new Error(`demo case: ${action} by ${cap} refused in ${this.status} (${res.reason})`);
    const from = this.status;
    if (res.effects.suspensionPending !== undefined) this.suspensionPending = res.effects.suspensionPending ? 1 : 0;
    if (res.effects.tier) this.moveTier(action, res.effects.tier, at, b);
    this.plan(action, at, b);
    this.status = res.to;
    this.version++;
    this.updatedAt = at;
    this.events.push({
      at,
      actorId,
      actorKind: actorId === SYSTEM ? 'system' : 'account',
      action,
      fromStatus: from,
      toStatus: res.to,
      note: b.note || null,
      data: eventData(b, res.effects.tier),
    });
  }

  private moveTier(action: CaseAction, tier: CaseTier, at: number, b: ActionInput) {
    const area =
      action === 'assign'
        ? this.env.world.areas.get(b.target!.id)!
        : registrarArea(this.env.world, this.placePath ?? this.areaPath, tier).area;
    this.areaId = area.id;
    this.areaPath = area.path;
    this.tier = tier;
    this.handlerAccountId = null;
    this.handlerOrgId = null;
    Object.assign(this, this.deadlines(at));
  }

  /** What planAction() writes besides the status. */
  private plan(action: CaseAction, at: number, b: ActionInput) {
    switch (action) {
      case 'merge':
        this.mergedIntoId = b.duplicateOf!;
        break;
      case 'dispatch':
        this.handlerAccountId = b.target!.kind === 'account' ? b.target!.id : null;
        this.handlerOrgId = b.target!.kind === 'organisation' ? b.target!.id : null;
        this.acceptBy = b.acceptBy ?? this.acceptDeadline(at);
        break;
      case 'accept':
        this.firstAcceptAt ??= at;
        break;
      case 'return':
      case 'reopen':
        this.handlerAccountId = null;
        this.handlerOrgId = null;
        break;
      case 'resolve':
        this.resolvedAt = at;
        break;
      case 'rework':
        this.resolvedAt = null;
        break;
      case 'close':
        this.closedAt = at;
        break;
      case 'rate':
        this.rating = b.rating!;
        this.ratingComment = b.note || null;
        this.ratedAt = at;
        break;
      case 'approveSuspend':
        this.suspendedAt = at;
        break;
      case 'resume': {
        const { work } = this.env;
        const paused = this.suspendedAt != null ? work.between(this.suspendedAt, at) : 0;
        this.suspendedAt = null;
        this.respondBy = work.add(this.respondBy, paused);
        this.resolveBy = work.add(this.resolveBy, paused);
        if (this.acceptBy != null) this.acceptBy = work.add(this.acceptBy, paused);
        break;
      }
      default:
        break;
    }
  }

  /**
   * Runs what the deadline job would have done before `until` (and before now). Returns true when it changed
   * the status, so the caller plans afresh.
   */
  runJobs(until: number): boolean {
    let changed = false;
    for (;;) {
      const limit = Math.min(until, this.env.now);
      const unaccepted = this.status === 'dispatched' && this.acceptBy != null ? this.acceptBy : Infinity;
      const marked = this.overdueAt != null && this.overdueAt >= this.resolveBy;
      const pastDue = OVERDUE_STATUSES.includes(this.status) && !marked ? this.resolveBy : Infinity;
      const due = Math.min(unaccepted, pastDue);
      const at = Math.max(due + JOB_LAG_MS, this.last + 1000);
      if (!(due < until && at <= limit)) return changed;
      if (unaccepted <= pastDue) {
        this.act('return', 'system', at, SYSTEM, { reason: RETURN_REASON });
      } else if (ESCALATABLE.includes(this.status) && this.can('escalate', 'system', at)) {
        this.act('escalate', 'system', at, SYSTEM, { note: '超期未办结，自动上报' });
        this.overdueAt = at;
        this.warnedAt = null;
      } else {
        this.overdueAt = at; // top tier or not registered yet: marked, no event
        continue;
      }
      changed = true;
    }
  }

  /** The job's 80 % warning for a case still open now (bookkeeping, as the job would have left it). */
  settleWarning() {
    if (!ESCALATABLE.includes(this.status)) return;
    const created = this.events[0]!.at;
    const threshold = Math.ceil((created + 4 * this.resolveBy) / 5);
    if (threshold <= this.env.now && this.resolveBy > this.env.now) this.warnedAt = Math.max(threshold, this.last);
  }
}
