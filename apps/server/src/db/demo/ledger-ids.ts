/**
 * Demo ID numbers (GB 11643) and birth dates. A number is region + birth date + a 3-digit sequence whose last
 * digit is odd for men + the shared check character (idCheckChar), so parseIdNumber accepts it and agrees with
 * the person's birth date and gender. Numbers are unique by construction: a counter per (region, birth date,
 * gender) hands out that slot's 500 sequences in a scrambled order, and a full slot moves on to the next region
 * — constant memory (a typed array), so a world of 100,000 households or more costs nothing extra here.
 *
 * Regions: 离石区 141102; people born before 2004 often keep the old 吕梁地区离石市 code 142301; the other 吕梁
 * counties for people from elsewhere. 141122 (交城县) and 1426xx (临汾) are left out on purpose: the journeys and
 * the import bench make their own numbers there and must never meet a demo person with the same number.
 */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import type { Gender, Rng } from './random.js';

const LOCAL = '141102';
const OLD_LOCAL = '142301';
const COUNTIES = [
  '141121', // 文水县
  '141123', // 兴县
  '141124', // 临县
  '141125', // 柳林县
  '141126', // 石楼县
  '141127', // 岚县
  '141128', // 方山县
  '141129', // 中阳县
  '141130', // 交口县
  '141181', // 孝义市
  '141182', // 汾阳市
];
const REGIONS = [LOCAL, OLD_LOCAL, ...COUNTIES];
const DAY = 86_400_000;
/** Day numbers count days since 1970-01-01 (UTC); 1900-01-01 is day EPOCH. */
const EPOCH = Date.UTC(1900, 0, 1) / DAY;
/** Birth dates from 1900-01-01 on, for 60,000 days (into the 2060s). */
const DAYS = 60_000;
const PER_GENDER = 500;

export type Origin = 'local' | 'county';

// Formatting a day is the costly part of date maths here: each day is formatted once.
const dayStrings: string[] = [];
/** YYYY-MM-DD of a day number. */
export const dayString = (n: number) => (dayStrings[n - EPOCH] ??= new Date(n * DAY).toISOString().slice(0, 10));
export const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);

/** Day numbers relative to one `today`: birth dates by age, random days in a range. */
export class Calendar {
  readonly today: number;
  private readonly anniversaries: number[] = [];
  constructor(readonly todayString: string) {
    this.today = dayNumber(todayString);
  }

  /** The day `years` years before today (the 28th at the latest, so every month has it). */
  yearsAgo(years: number): number {
    let n = this.anniversaries[years];
    if (n === undefined) {
      const [y, m, d] = this.todayString.split('-').map(Number) as [number, number, number];
      n = this.anniversaries[years] = Date.UTC(y - years, m - 1, Math.min(d, 28)) / DAY;
    }
    return n;
  }

  /** A birth day of someone aged exactly `age` completed years today (not yet `age + 1`, whatever the month). */
  birth(rng: Rng, age: number): number {
    return Math.min(this.today, this.yearsAgo(age) - rng.int(0, 360));
  }
}

/** A random day number in [from, to] (`to` when the range is empty). */
export const dayBetween = (rng: Rng, from: number, to: number) => (from >= to ? to : rng.int(from, to));

export class IdNumbers {
  private readonly used = new Uint16Array(REGIONS.length * DAYS * 2);

  /** A fresh valid number for someone born on day number `birth` of `gender`. */
  next(rng: Rng, birth: number, gender: Gender, origin: Origin): string {
    const day = birth - EPOCH;
    const birthDate = dayString(birth);
    if (day < 0 || day >= DAYS) throw new Error(`demo ID numbers: birth date ${birthDate} out of range`);
    const first =
      origin === 'county' ? 2 + rng.int(0, COUNTIES.length - 1) : birthDate < '2004-01-01' && rng.chance(0.5) ? 1 : 0;
    const g = gender === 'male' ? 1 : 0;
    for (let i = 0; i < REGIONS.length; i++) {
      const region = (first + i) % REGIONS.length;
      const slot = (region * DAYS + day) * 2 + g;
      const n = this.used[slot] as number;
      if (n >= PER_GENDER) continue;
      this.used[slot] = n + 1;
      // A fixed scramble of the slot decides where its sequence starts, so numbers do not all end in 001, 003 …
      const start = Math.imul(slot, 2_654_435_761) >>> 0;
      const seq = (((start % PER_GENDER) + n) % PER_GENDER) * 2 + g;
      const first17 = `${REGIONS[region]}${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8)}${String(seq).padStart(3, '0')}`;
      return first17 + idCheckChar(first17);
    }
    throw new Error(`demo ID numbers: every sequence of ${birthDate} is taken`);
  }
}
