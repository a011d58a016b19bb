/**
 * Demo data (demo mode only): `loadDemoData` fills an EMPTY database with the Lishi demo world
 * (demo-plan.ts) and the demo accounts; `loadScaleData` builds a world of exactly N households for
 * benchmarks (`npm run demo -- --households N`). Both run the same generator steps.
 */
import type { AppContext } from '../../core/context.js';
import { demoPlan } from './demo-plan.js';
import { type GenResult, generate, type Progress, type Step } from './generator.js';
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

/** Loads the demo world once; false (and nothing written) when the database is not empty. */
export async function loadDemoData(ctx: AppContext): Promise<boolean> {
  if (!(await isEmptyDatabase(ctx))) return false;
  await generate(ctx, demoPlan(), worldSteps);
  return true;
}

/** A world of exactly `households` households (the caller checks the database is empty). */
export function loadScaleData(
  ctx: AppContext,
  opts: { households: number; seed?: number; progress?: Progress; steps?: readonly Step[] },
): Promise<GenResult> {
  return generate(ctx, scalePlan(opts.households, opts.seed), opts.steps ?? worldSteps, { progress: opts.progress });
}
