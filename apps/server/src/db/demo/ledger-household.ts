/**
 * A demo household's ledger entries: its members (ledger-people.ts) with names (the family line's surname for
 * children), valid unique ID numbers, phones (the head's is the household's own number), open and sensitive
 * tags at plausible rates — consistent with the household's tags (a 党员户 has a party member, a 独居老人 lives
 * alone) — the 疫苗接种情况 custom value, move-in dates, and optionally a former member who moved out.
 * Dates are day numbers until the end (ledger-ids.ts): this runs for every person of a 100,000-household world.
 */
import type { Relation } from '@grassroots/shared/ledger/ledger.rules';
import type { PersonFields } from '../../modules/ledger/person-codec.js';
import { type Calendar, dayBetween, dayNumber, dayString, type IdNumbers, type Origin } from './ledger-ids.js';
import type { HouseholdKind, Member } from './ledger-people.js';
import { membersOf } from './ledger-people.js';
import { type Gender, genderedName, genderOfName, mobilePhone, type Rng } from './random.js';

/** The demo's one custom field (ledger_fields) and its options. */
export const VACCINATION = {
  code: 'vaccination',
  label: '疫苗接种情况',
  labelEn: 'Vaccination',
  options: ['已全程接种', '部分接种', '未接种'],
} as const;

export interface Home {
  headName: string | null;
  /** Open household tags (households.tags). */
  tags: readonly string[];
  noSmartphone: boolean;
  /** The household's phone (clear): the head's own. */
  phone: string | null;
  /** First year anyone could live there (the compound's build year). */
  since: number;
}

export interface PersonDraft extends PersonFields {
  idNumber: string;
  movedOutOn: string | null;
  moveNote: string | null;
}

export interface HomeDraft {
  headName: string;
  persons: PersonDraft[];
  /** Sensitive household tags (低保户, 特困户, 残疾人家庭). */
  sensitiveTags: string[];
}

export interface DraftEnv {
  rng: Rng;
  cal: Calendar;
  ids: IdNumbers;
}

const LOW_INCOME: Record<HouseholdKind, number> = {
  alone: 0.08,
  emptyNest: 0.04,
  leftBehind: 0.06,
  tenant: 0.02,
  newcomer: 0.01,
  family: 0.025,
};
const ADULT_DAYS = 6575; // 18 years
const moveNotes = ['工作调动，迁往太原市', '购房迁出', '随子女迁往外地', '求学迁出', '婚嫁迁出'];

/** Open and sensitive tags of one person at rates like a Lüliang community's (about 7 % party members …). */
function tagsOf(rng: Rng, m: Member, kind: HouseholdKind, size: number): string[] {
  const { age } = m;
  const adult = age >= 18;
  const t: string[] = [];
  if (adult && rng.chance(age < 35 ? 0.03 : age < 60 ? 0.06 : 0.09)) t.push('党员');
  if (m.gender === 'male' && age >= 25 && rng.chance(0.03)) t.push('退役军人');
  if (adult && age <= 70 && rng.chance(0.04)) t.push('志愿者');
  if (kind === 'alone' || (size === 1 && age >= 60 && rng.chance(0.5))) t.push('独居');
  if (kind === 'leftBehind' && m.relation === 'grandchild' && age < 16) t.push('留守儿童');
  if (kind === 'newcomer' && adult) t.push('新市民');
  if (kind === 'tenant' && adult && rng.chance(0.6)) t.push('流动人口');
  if (rng.chance(age < 18 ? 0.01 : age < 60 ? 0.03 : age < 80 ? 0.08 : 0.15)) t.push('残疾');
  if (rng.chance(age < 35 ? 0.01 : age < 60 ? 0.1 : age < 80 ? 0.35 : 0.5)) t.push('慢性病');
  if (rng.chance(0.008)) t.push('重病');
  if (m.gender === 'female' && age >= 22 && age <= 40 && rng.chance(0.03)) t.push('孕产妇');
  if (adult && age <= 60 && rng.chance(0.001)) t.push('社区矫正');
  if (m.gender === 'male' && age >= 25 && age <= 65 && rng.chance(0.002)) t.push('刑满释放');
  return t;
}

function vaccination(rng: Rng, age: number): string | null {
  if (age < 3) return rng.chance(0.7) ? '未接种' : '部分接种';
  const r = rng.next();
  return r < 0.02 ? null : r < 0.86 ? '已全程接种' : r < 0.94 ? '部分接种' : '未接种';
}

function phoneOf(rng: Rng, age: number, noSmartphone: boolean): string | null {
  const p = age < 12 ? 0 : age < 18 ? 0.5 : age < 75 ? 0.92 : noSmartphone ? 0.3 : 0.6;
  return rng.chance(p) ? mobilePhone(rng) : null;
}

/** A name not yet used in the household (a few tries; a namesake now and then is real life too). */
function freshName(rng: Rng, used: Set<string>, gender: Gender, surname?: string) {
  let name = genderedName(rng, gender, surname);
  for (let i = 0; i < 5 && used.has(name); i++) name = genderedName(rng, gender, surname);
  used.add(name);
  return name;
}

/** Names: the head keeps the registered name; children and grandchildren carry the family line's surname. */
function namesOf(rng: Rng, members: Member[], headName: string): string[] {
  const used = new Set([headName]);
  const headSurname = headName.slice(0, 1);
  const names = [headName];
  let line = headSurname;
  for (let i = 1; i < members.length; i++) {
    const m = members[i] as Member;
    if (m.relation !== 'spouse') continue;
    names[i] = freshName(rng, used, m.gender);
    if (m.gender === 'male') line = (names[i] as string).slice(0, 1);
  }
  for (let i = 1; i < members.length; i++) {
    const m = members[i] as Member;
    if (m.relation === 'spouse') continue;
    const surname =
      m.relation === 'child' || m.relation === 'grandchild'
        ? line
        : m.relation === 'parent' && m.gender === 'male'
          ? headSurname
          : undefined;
    names[i] = freshName(rng, used, m.gender, surname);
  }
  return names;
}

/** Household tags must hold: a 党员户 has a party member, a 退役军人 household a veteran. */
function honourHouseholdTags(home: Home, members: Member[], tags: string[][]) {
  const ensure = (tag: string, at: number) => {
    if (!tags.some((t) => t.includes(tag))) (tags[Math.max(0, at)] as string[]).push(tag);
  };
  const adult = members.findIndex((m) => m.age >= 18);
  const man = members.findIndex((m) => m.gender === 'male' && m.age >= 25);
  if (home.tags.includes('党员户')) ensure('党员', adult);
  if (home.tags.includes('退役军人')) ensure('退役军人', man);
}

/** Sensitive household tags, and the person tags that go with them (低保 for every member of a 低保户). */
function householdSensitive(rng: Rng, kind: HouseholdKind, tags: string[][]): string[] {
  const out: string[] = [];
  if (kind === 'alone' && rng.chance(0.05)) {
    (tags[0] as string[]).push('特困');
    out.push('特困户');
  } else if (rng.chance(LOW_INCOME[kind])) {
    for (const t of tags) t.push('低保');
    out.push('低保户');
  }
  if (tags.some((t) => t.includes('残疾'))) out.push('残疾人家庭');
  return out;
}

export function draftHome(
  env: DraftEnv,
  home: Home,
  kind: HouseholdKind,
  size: number,
  movedOut: 'old' | 'recent' | null,
): HomeDraft {
  const { rng, cal } = env;
  const registered = home.headName ? genderOfName(home.headName) : null;
  const headGender: Gender = registered ?? (rng.chance(kind === 'alone' ? 0.6 : 0.3) ? 'female' : 'male');
  const members = membersOf(rng, kind, size, headGender);
  const headName = home.headName ?? genderedName(rng, headGender);
  const names = namesOf(rng, members, headName);
  const tags = members.map((m) => tagsOf(rng, m, kind, size));
  honourHouseholdTags(home, members, tags);
  const sensitiveTags = householdSensitive(rng, kind, tags);

  const county = kind === 'tenant' || kind === 'newcomer' ? 0.7 : 0.15;
  // Tenants came within three years; owners any time since the compound was built.
  const since = kind === 'tenant' ? cal.today - 3 * 365 : dayNumber(`${Math.max(home.since, 1980)}-03-01`);
  const births = members.map((m) => cal.birth(rng, m.age));
  const headIn = dayBetween(rng, Math.max(since, (births[0] as number) + ADULT_DAYS), cal.today - 7);
  const persons: PersonDraft[] = [];
  for (let i = 0; i < members.length; i++) {
    const m = members[i] as Member;
    const birth = births[i] as number;
    const movedIn =
      m.relation === 'parent' || m.relation === 'other'
        ? dayBetween(rng, headIn, cal.today)
        : i === 0 || m.relation === 'spouse'
          ? headIn
          : Math.max(headIn, birth);
    const phone = i === 0 && home.phone ? home.phone : phoneOf(rng, m.age, home.noSmartphone);
    const origin: Origin = rng.chance(county) ? 'county' : 'local';
    persons.push(person(env, names[i] as string, m, birth, origin, phone, tags[i] as string[], movedIn, null));
  }
  if (movedOut) persons.push(formerMember(env, members[0] as Member, headName, movedOut));
  return { headName, persons, sensitiveTags };
}

function person(
  env: DraftEnv,
  name: string,
  m: Member,
  birth: number,
  origin: Origin,
  phone: string | null,
  tags: string[],
  movedIn: number,
  movedOut: number | null,
): PersonDraft {
  const { rng, ids } = env;
  const vaccinated = vaccination(rng, m.age);
  return {
    name,
    idNumber: ids.next(rng, birth, m.gender, origin),
    phone,
    birthDate: dayString(birth),
    gender: m.gender,
    relation: m.relation,
    tags,
    custom: vaccinated ? { [VACCINATION.code]: vaccinated } : {},
    movedInOn: dayString(movedIn),
    movedOutOn: movedOut === null ? null : dayString(movedOut),
    moveNote: movedOut === null ? null : rng.pick(moveNotes),
  };
}

/**
 * A former member: a grown child who moved away (or a lodger), long ago — past the retention period, so the
 * retention job has them to anonymise — or recently.
 */
function formerMember(env: DraftEnv, head: Member, headName: string, when: 'old' | 'recent'): PersonDraft {
  const { rng, cal } = env;
  const relation: Relation = head.age >= 48 ? 'child' : 'other';
  const age = relation === 'child' ? rng.int(Math.max(20, head.age - 38), head.age - 22) : rng.int(22, 45);
  const m: Member = { relation, age, gender: rng.chance(0.5) ? 'male' : 'female' };
  const movedOut = cal.today - (when === 'old' ? rng.int(1100, 2600) : rng.int(3, 330));
  const birth = cal.birth(rng, age);
  const name = genderedName(rng, m.gender, relation === 'child' ? headName.slice(0, 1) : undefined);
  const movedIn = dayBetween(rng, Math.max(birth, movedOut - 4000), movedOut - 90);
  const tags = tagsOf(rng, m, 'family', 2).filter((t) => t !== '独居');
  return person(env, name, m, birth, 'local', phoneOf(rng, age, false), tags, movedIn, movedOut);
}
