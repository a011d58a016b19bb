/**
 * Who lives in a demo household: its kind (from the household tags the housing step gave it), its size (1–5,
 * about 2.7 on average as in seed 002: 162 households, 440 people), and its members — a head, spouse, children,
 * parents or grandchildren with ages that fit together. Elderly living alone (独居老人) and empty nests (空巢老人)
 * are old; left-behind children (留守儿童) live with their grandparents; tenants and newcomers are young.
 * Pure and deterministic: the loader (ledger-load.ts) gives names, ID numbers, tags and writes them.
 */
import type { Relation } from '@grassroots/shared/ledger/ledger.rules';
import type { Gender, Rng } from './random.js';

export type HouseholdKind = 'alone' | 'emptyNest' | 'leftBehind' | 'tenant' | 'newcomer' | 'family';

export interface Member {
  relation: Relation;
  age: number;
  gender: Gender;
}

export function kindOf(tags: readonly string[]): HouseholdKind {
  if (tags.includes('独居老人')) return 'alone';
  if (tags.includes('空巢老人')) return 'emptyNest';
  if (tags.includes('留守儿童')) return 'leftBehind';
  if (tags.includes('出租户')) return 'tenant';
  if (tags.includes('新市民')) return 'newcomer';
  return 'family';
}

type Weights = readonly (readonly [number, number])[];
const pickWeighted = (rng: Rng, w: Weights) => {
  let r = rng.next() * w.reduce((n, [, p]) => n + p, 0);
  for (const [v, p] of w) {
    r -= p;
    if (r < 0) return v;
  }
  return (w.at(-1) as readonly [number, number])[0];
};

// Sizes by kind. Families average about 3, tenants about 2, so all households together come to about 2.7.
const SIZES: Record<HouseholdKind, Weights> = {
  alone: [[1, 1]],
  emptyNest: [
    [1, 0.15],
    [2, 0.85],
  ],
  leftBehind: [
    [3, 0.55],
    [4, 0.45],
  ],
  tenant: [
    [1, 0.35],
    [2, 0.3],
    [3, 0.25],
    [4, 0.1],
  ],
  newcomer: [
    [2, 0.3],
    [3, 0.45],
    [4, 0.25],
  ],
  family: [
    [1, 0.08],
    [2, 0.25],
    [3, 0.35],
    [4, 0.2],
    [5, 0.12],
  ],
};
/** The sizes a kind may take when a compound's total is fixed (seed 002's 440 people). */
export const SIZE_RANGE: Record<HouseholdKind, [number, number]> = {
  alone: [1, 1],
  emptyNest: [1, 2],
  leftBehind: [3, 4],
  tenant: [1, 4],
  newcomer: [2, 4],
  family: [1, 5],
};

export const sizeOf = (rng: Rng, kind: HouseholdKind) => pickWeighted(rng, SIZES[kind]);

/**
 * Moves sizes of the households at `flexible` (indices into `sizes`) by one within their kind's range until
 * they add up to `target`; returns false when the target cannot be met.
 */
export function fitSizes(
  rng: Rng,
  sizes: number[],
  kinds: readonly HouseholdKind[],
  flexible: readonly number[],
  target: number,
) {
  let sum = flexible.reduce((n, i) => n + (sizes[i] as number), 0);
  for (let guard = 0; sum !== target && guard < 100 * flexible.length + 100; guard++) {
    const i = flexible[rng.int(0, flexible.length - 1)] as number;
    const [lo, hi] = SIZE_RANGE[kinds[i] as HouseholdKind];
    const step = sum < target ? 1 : -1;
    const next = (sizes[i] as number) + step;
    if (next < lo || next > hi) continue;
    sizes[i] = next;
    sum += step;
  }
  return sum === target;
}

const other = (g: Gender): Gender => (g === 'male' ? 'female' : 'male');
const randomGender = (rng: Rng): Gender => (rng.chance(0.5) ? 'male' : 'female');

class Family {
  readonly members: Member[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly headGender: Gender,
  ) {}

  head(lo: number, hi: number) {
    this.members.push({ relation: 'head', age: this.rng.int(lo, hi), gender: this.headGender });
    return this;
  }
  get headAge() {
    return (this.members[0] as Member).age;
  }
  spouse() {
    const age = Math.max(20, this.headAge + this.rng.int(-4, 4));
    this.members.push({ relation: 'spouse', age, gender: other(this.headGender) });
    return this;
  }
  /** A child of the head: born when the head was 22–38. */
  child(parentAge = this.headAge, relation: Relation = 'child') {
    const hi = Math.max(0, parentAge - 22);
    const lo = Math.max(0, parentAge - 38);
    const age = this.rng.int(Math.min(lo, hi), hi);
    this.members.push({ relation, age, gender: randomGender(this.rng) });
    return age;
  }
  /** A parent of the head, 22–34 years older (at most 99). */
  parent() {
    const age = Math.min(99, this.headAge + this.rng.int(22, 34));
    this.members.push({ relation: 'parent', age, gender: randomGender(this.rng) });
    return this;
  }
  other(lo: number, hi: number) {
    this.members.push({ relation: 'other', age: this.rng.int(lo, hi), gender: randomGender(this.rng) });
    return this;
  }
  /** Fills up to `size` with children of the head. */
  children(size: number) {
    while (this.members.length < size) this.child();
    return this;
  }
}

/** Three generations: the head and spouse, a grown child, and grandchildren up to `size`. */
function threeGenerations(f: Family, size: number) {
  f.head(52, 72).spouse();
  const childAge = f.child();
  while (f.members.length < size) f.child(childAge, 'grandchild');
}

/**
 * The members of a household of `kind` and `size`; the head first, of `headGender` (the gender its registered
 * head's name reads as).
 */
export function membersOf(rng: Rng, kind: HouseholdKind, size: number, headGender: Gender): Member[] {
  const f = new Family(rng, headGender);
  const roll = rng.next();
  switch (kind) {
    case 'alone':
      f.head(65, rng.chance(0.4) ? 95 : 80);
      break;
    case 'emptyNest':
      f.head(60, 86);
      if (size > 1) f.spouse();
      break;
    case 'leftBehind':
      // Grandparents bring up the children while the parents work away.
      f.head(55, 72).spouse();
      while (f.members.length < size) {
        const age = rng.int(2, 15);
        f.members.push({ relation: 'grandchild', age, gender: randomGender(rng) });
      }
      break;
    case 'tenant':
      f.head(size > 2 ? 24 : 20, 45);
      if (size > 1) (roll < 0.7 ? f.spouse() : f.other(20, 40)).children(size);
      break;
    case 'newcomer':
      f.head(24, 42).spouse().children(size);
      break;
    default:
      familyOf(f, size, roll);
  }
  return f.members;
}

function familyOf(f: Family, size: number, roll: number) {
  if (size === 1) {
    const [lo, hi] = roll < 0.45 ? [22, 35] : roll < 0.8 ? [36, 59] : [60, 90];
    f.head(lo, hi);
  } else if (size === 2) {
    if (roll < 0.4) f.head(60, 88).spouse();
    else if (roll < 0.75) f.head(23, 40).spouse();
    else if (roll < 0.9) f.head(35, 60).children(2);
    else f.head(35, 62).parent();
  } else if (size === 3) {
    if (roll < 0.78) f.head(26, 55).spouse().children(3);
    else if (roll < 0.92) f.head(30, 58).spouse().parent();
    else threeGenerations(f, 3);
  } else if (size === 4) {
    if (roll < 0.62) f.head(30, 55).spouse().children(4);
    else if (roll < 0.88) f.head(32, 58).spouse().parent().children(4);
    else threeGenerations(f, 4);
  } else {
    if (roll < 0.5) f.head(32, 55).spouse().parent().children(5);
    else if (roll < 0.7) f.head(34, 56).spouse().parent().parent().children(5);
    else threeGenerations(f, 5);
  }
  // Both parents of the head: mother and father, not two of one.
  const parents = f.members.filter((m) => m.relation === 'parent');
  if (parents.length === 2) {
    (parents[0] as Member).gender = 'male';
    (parents[1] as Member).gender = 'female';
  }
}
