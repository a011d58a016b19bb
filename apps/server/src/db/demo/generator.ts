/**
 * The world generator: a plan goes through a list of steps (areas → organisations → compounds →
 * buildings, rooms, households → grid elements → people), all inside ONE transaction, with rows
 * written by chunked multi-row inserts. Later issues append steps (e.g. `--cases M`) without
 * touching the ones here. Everything a step learns (ids, paths, rings) lives in the shared state.
 */
import type { Kysely } from 'kysely';
import { systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { DEMO_PASSWORD, hashPassword } from '../../core/passwords.js';
import type { Database } from '../database.js';
import type { Ring } from './geo.js';
import type { CommunityPlan, StreetPlan, WorldPlan } from './plan.js';
import { createRng, type Rng } from './random.js';

export interface AreaNode {
  id: number;
  path: string;
  code: string;
  name: string;
  ring: Ring;
}
export interface StreetNode extends AreaNode {
  plan: StreetPlan;
  communities: CommunityNode[];
}
export interface CommunityNode extends AreaNode {
  plan: CommunityPlan;
  street: StreetNode;
  grids: GridNode[];
}
export interface GridNode extends AreaNode {
  community: CommunityNode;
  index: number;
  rural: boolean;
}

export type Progress = (phase: string, done: number, total: number) => void;

/**
 * The audit row of a bulk load (`demo.cases_loaded`, `demo.ledger_loaded`): what it wrote and how long it took
 * since `started` (performance.now()); answers that time in ms.
 */
export async function auditLoad(ctx: AppContext, what: 'cases' | 'ledger', started: number, summary: object) {
  const ms = Math.round(performance.now() - started);
  await ctx.audit.write(ctx.db.kysely, systemActor, {
    action: `demo.${what}_loaded`,
    entityType: 'system',
    entityId: what,
    summary: { ...summary, ms },
  });
  return ms;
}

export interface GenState {
  ctx: AppContext;
  trx: Kysely<Database>;
  plan: WorldPlan;
  rng: Rng;
  now: number;
  progress: Progress;
  passwordHash: string;
  city: AreaNode;
  district: AreaNode;
  streets: StreetNode[];
  communities: CommunityNode[];
  grids: GridNode[];
  orgs: Map<string, number>;
  compounds: Map<string, { id: number; companyId: number | null; community: CommunityNode }>;
  /** Households of the chain grid, in insertion order (for the demo accounts' links). */
  chainHouseholds: { id: number; compound: string | null; noSmartphone: number }[];
  counts: Record<string, number>;
}

export interface Step {
  name: string;
  run(s: GenState): Promise<void>;
}

export interface GenResult {
  counts: Record<string, number>;
  ms: number;
}

// SQLite binds at most 32,766 variables a statement, PostgreSQL 65,535: stay well below both.
const MAX_PARAMS = 30_000;
const MAX_ROWS = 2_000;

/** Rows a multi-row INSERT of `cols` columns may carry within the bound-variable limits. */
export const chunkSize = (cols: number) => Math.max(1, Math.min(MAX_ROWS, Math.floor(MAX_PARAMS / cols)));

/** Splits rows into multi-row INSERT chunks that respect the bound-variable limits. */
export function chunked<T extends object>(rows: readonly T[]): T[][] {
  if (rows.length === 0) return [];
  const size = chunkSize(Object.keys(rows[0] as object).length);
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

// argon2id costs ~50 ms and 19 MiB: every demo account shares one hash, computed once per process.
let demoHash: Promise<string> | null = null;
export const demoPasswordHash = () => (demoHash ??= hashPassword(DEMO_PASSWORD));

export async function generate(
  ctx: AppContext,
  plan: WorldPlan,
  steps: readonly Step[],
  opts: { progress?: Progress } = {},
): Promise<GenResult> {
  const started = performance.now();
  const passwordHash = await demoPasswordHash();
  const counts: Record<string, number> = {};
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const s = {
      ctx,
      trx,
      plan,
      rng: createRng(plan.seed),
      now: ctx.clock.now(),
      progress: opts.progress ?? (() => {}),
      passwordHash,
      streets: [],
      communities: [],
      grids: [],
      orgs: new Map(),
      compounds: new Map(),
      chainHouseholds: [],
      counts,
    } as unknown as GenState; // city/district are set by the areas step, the first one
    for (const step of steps) await step.run(s);
    await ctx.audit.write(trx, systemActor, {
      action: 'demo.loaded',
      entityType: 'system',
      entityId: plan.kind,
      summary: { kind: plan.kind, seed: plan.seed, ...counts, ms: Math.round(performance.now() - started) },
    });
  });
  return { counts, ms: Math.round(performance.now() - started) };
}
