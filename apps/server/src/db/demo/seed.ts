/**
 * Demo data (demo mode only): `loadDemoData` fills an EMPTY database with the Lishi demo world
 * (demo-plan.ts), the demo accounts, the household ledger (ledger-load.ts) and a year of case history
 * (cases-load.ts); `loadScaleData` builds a world of exactly N households with its ledger for benchmarks
 * (`npm run demo -- --households N`). Both run the same generator steps and the same ledger loader.
 */
import type { AppContext } from '../../core/context.js';
import { ensureDefaultCategories } from '../reference/categories.js';
import { loadCases } from './cases-load.js';
import { DEMO_SEED, demoPlan } from './demo-plan.js';
import { type GenResult, generate, type Progress, type Step } from './generator.js';
import { loadLedger } from './ledger-load.js';
import { scalePlan } from './scale-plan.js';
import { areasStep, orgsStep } from './step-areas.js';
import { elementsStep } from './step-elements.js';
import { compoundsStep, housingStep } from './step-housing.js';
import { peopleStep } from './step-people.js';

export { demoAccounts, demoAccountsBanner } from './accounts.js';

/** The steps of a world, in order. Later issues append theirs (cases, votes …). */
export const worldSteps: readonly Step[] = [areasStep, orgsStep, compoundsStep, housingStep, elementsStep, peopleStep];

/** True when nothing that demo data would collide with exists yet (no account, no area). */
export async function isEmptyDatabase(ctx: AppContext) {
  const k = ctx.db.kysely;
  const [account, area] = await Promise.all([
    k.selectFrom('accounts').select('id').limit(1).executeTakeFirst(),
    k.selectFrom('areas').select('id').limit(1).executeTakeFirst(),
  ]);
  return !account && !area;
}

/** Cases of the demo world's year of history (`loadDemoData(ctx, { cases })` changes it). */
export const DEMO_CASES = 3000;

/**
 * Loads the demo world once, then its case history; false (and nothing written) when the database is not
 * empty. The categories are configuration (main.ts loads them at every start) but cases need them, so they
 * are loaded here first, after the world so their default organisations resolve.
 */
export async function loadDemoData(ctx: AppContext, opts: { cases?: number } = {}): Promise<boolean> {
  if (!(await isEmptyDatabase(ctx))) return false;
  await generate(ctx, demoPlan(), worldSteps);
  await loadLedger(ctx, { seed: DEMO_SEED });
  await ensureDefaultCategories(ctx);
  await loadCases(ctx, { cases: opts.cases ?? DEMO_CASES, seed: DEMO_SEED, scripted: true });
  return true;
}

/**
 * A world of exactly `households` households with their ledger (about 2.7 persons each; `ledger: false`
 * leaves it empty). The caller checks the database is empty.
 */
export async function loadScaleData(
  ctx: AppContext,
  opts: { households: number; seed?: number; progress?: Progress; steps?: readonly Step[]; ledger?: boolean },
): Promise<GenResult> {
  const plan = scalePlan(opts.households, opts.seed);
  const world = await generate(ctx, plan, opts.steps ?? worldSteps, { progress: opts.progress });
  if (opts.ledger === false) return world;
  const ledger = await loadLedger(ctx, { seed: plan.seed, progress: opts.progress });
  return { counts: { ...world.counts, ...ledger.counts }, ms: world.ms + ledger.ms };
}
