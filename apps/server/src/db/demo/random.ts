/**
 * Deterministic randomness for demo data (same seed ⇒ same names, phones, shapes), plus generated
 * Chinese names and phone numbers. People's names are combined from common surnames and given-name
 * characters — never taken from the seed reports.
 */
import { randomBytes } from 'node:crypto';
import { PUBLIC_CODE_LENGTH, publicCodeFrom } from '@grassroots/shared/places/places.rules';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

/** mulberry32: tiny, fast and good enough for fake data. */
export function createRng(seed: number): Rng {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)] as (typeof items)[number],
    chance: (p) => next() < p,
  };
}

// Weighted towards surnames common in Shanxi (王 李 张 刘 郭 高 任 薛 贾 武 …).
const surnames = [
  ...'王王王李李李张张张刘刘刘郭郭高高任任薛贾武冯白郝杨杨赵陈陈孙周吴徐胡朱马马何梁宋郑韩曹田',
  ...'温程康崔牛侯秦乔阎苏吕段霍卫石樊董范常曾彭卢魏雷柴靳孟申成',
];
const maleChars = [...'伟强军平刚勇杰涛明斌鹏磊超亮浩宇俊峰波辉晋文志国建海永春生华龙飞忠福林庆斌'];
const femaleChars = [...'丽娟敏静燕艳芳霞红玲丹萍慧婷琳雪梅英秀娜莉倩欣月凤兰桂云琴'];
/** People named in the seed reports: generated names must never collide with them. */
const reserved = new Set([
  '任永春',
  '张红红',
  '孙凌',
  '范娟娟',
  '袁生龙',
  '曹予',
  '嵇红红',
  '任林凤',
  '马青山',
  '邢智轩',
]);

export function personName(rng: Rng): string {
  for (;;) {
    const pool = rng.chance(0.5) ? maleChars : femaleChars;
    const given = rng.chance(0.25) ? rng.pick(pool) : rng.pick(pool) + rng.pick(pool);
    const name = rng.pick(surnames) + given;
    if (!reserved.has(name)) return name;
  }
}

export type Gender = 'male' | 'female';

/** A name of the given gender, with the given surname or one drawn from the list (never a reserved name). */
export function genderedName(rng: Rng, gender: Gender, surname?: string): string {
  const pool = gender === 'male' ? maleChars : femaleChars;
  for (;;) {
    const given = rng.chance(0.25) ? rng.pick(pool) : rng.pick(pool) + rng.pick(pool);
    const name = (surname ?? rng.pick(surnames)) + given;
    if (!reserved.has(name)) return name;
  }
}

/** The gender a generated name reads as (its last character's list), or null for a name from elsewhere. */
export function genderOfName(name: string): Gender | null {
  const last = name.at(-1) ?? '';
  return femaleChars.includes(last) ? 'female' : maleChars.includes(last) ? 'male' : null;
}

const mobilePrefixes = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155'];
const mobilePrefixes2 = ['157', '158', '159', '176', '177', '180', '182', '183', '186', '187', '188', '189', '199'];
const allPrefixes = [...mobilePrefixes, ...mobilePrefixes2];

/** A private mobile number (stored encrypted). */
export const mobilePhone = (rng: Rng) => rng.pick(allPrefixes) + String(rng.int(0, 99_999_999)).padStart(8, '0');

/** A public office / duty line in Lüliang (area code 0358). */
export const dutyPhone = (rng: Rng) => `0358-${rng.int(3, 8)}${String(rng.int(0, 999_999)).padStart(6, '0')}`;

const digits = [...'零一二三四五六七八九'];
/** 1 → 一, 10 → 十, 12 → 十二, 23 → 二十三, 105 → 一百零五 (grid names: 第十二网格). */
export function cnNumber(n: number): string {
  if (n < 10) return digits[n] as string;
  if (n < 20) return `十${n % 10 ? digits[n % 10] : ''}`;
  if (n < 100) return `${digits[Math.floor(n / 10)]}十${n % 10 ? digits[n % 10] : ''}`;
  const rest = n % 100;
  const tail = rest === 0 ? '' : rest < 10 ? `零${digits[rest]}` : rest < 20 ? `一${cnNumber(rest)}` : cnNumber(rest);
  return `${cnNumber(Math.floor(n / 100))}百${tail}`;
}

/** Building QR token from the CSPRNG (not the seeded Rng) — it must stay unguessable. */
export const newPublicCode = () => publicCodeFrom(randomBytes(PUBLIC_CODE_LENGTH));
