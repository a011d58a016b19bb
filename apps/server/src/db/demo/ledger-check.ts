/**
 * Checks a loaded demo ledger (tests of the demo and of `--households N`): every person (not anonymised) has a
 * valid unique ID number agreeing with the stored birth date and gender, hashed and masked as person-codec does,
 * a mainland mobile or none, and no clear ID number or phone in any column; every household has exactly one
 * current head whose name is its head_name; the ledger_tags rows are exactly the tags of each person and
 * household (open ones in clear, sensitive ones as keyed hashes) and no sensitive tag is stored in clear;
 * custom values are options of their field. Returns the problems (empty when fine) and figures for assertions.
 */
import { parseIdNumber } from '@grassroots/shared/ledger/idcard';
import { type AgeGroup, ageGroupOf, isSensitiveTag } from '@grassroots/shared/ledger/ledger.rules';
import { isMainlandMobile, maskIdNumber, maskPhone } from '@grassroots/shared/privacy/masking';
import type { AppContext } from '../../core/context.js';
import { shanghaiDay } from '../../modules/ledger/ledger.access.js';
import { decodeSensitiveTags, tagKey } from '../../modules/ledger/person-codec.js';
import { VACCINATION } from './ledger-household.js';

export interface LedgerFigures {
  households: number;
  current: number;
  movedOut: number;
  /** Current persons by household size (1–5). */
  sizes: Record<number, number>;
  ageGroups: Record<AgeGroup, number>;
  /** Current persons by tag (sensitive ones decrypted). */
  tags: Record<string, number>;
}

type Person = {
  id: number;
  householdId: number;
  areaPath: string;
  name: string;
  idNoEnc: string | null;
  idNoHash: string | null;
  idNoMasked: string | null;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneMasked: string | null;
  birthDate: string | null;
  gender: string | null;
  relation: string;
  tags: string;
  sensitiveTagsEnc: string | null;
  custom: string;
  movedOutOn: string | null;
  anonymisedAt: number | null;
};

function checkPerson(ctx: AppContext, p: Person, today: string, say: (m: string) => void) {
  const { pii } = ctx;
  const id = p.idNoEnc ? pii.decrypt(p.idNoEnc) : '';
  const parsed = parseIdNumber(id, today);
  if (!parsed.ok) return say(`person ${p.id}: ID number ${parsed.problem}`);
  if (parsed.birthDate !== p.birthDate || parsed.gender !== p.gender)
    say(`person ${p.id}: ID number says ${parsed.birthDate} ${parsed.gender}, row ${p.birthDate} ${p.gender}`);
  if (p.idNoHash !== pii.hash(id) || p.idNoMasked !== maskIdNumber(id)) say(`person ${p.id}: ID hash or mask`);
  const phone = p.phoneEnc ? pii.decrypt(p.phoneEnc) : null;
  if (phone && (!isMainlandMobile(phone) || p.phoneHash !== pii.hash(phone) || p.phoneMasked !== maskPhone(phone)))
    say(`person ${p.id}: phone ${p.phoneMasked}`);
  if (!phone && (p.phoneHash || p.phoneMasked)) say(`person ${p.id}: phone hash without a phone`);
  const row = JSON.stringify(p);
  if (row.includes(id) || (phone && row.includes(phone))) say(`person ${p.id}: clear ID number or phone stored`);
  const custom = JSON.parse(p.custom) as Record<string, string>;
  const v = custom[VACCINATION.code];
  if (v !== undefined && !(VACCINATION.options as readonly string[]).includes(v)) say(`person ${p.id}: custom ${v}`);
  if ((JSON.parse(p.tags) as string[]).some(isSensitiveTag)) say(`person ${p.id}: sensitive tag in clear`);
}

const key = (kind: string, id: number, path: string, tag: string) => `${kind}|${id}|${path}|${tag}`;

export async function checkLedger(ctx: AppContext, limit = 20) {
  const k = ctx.db.kysely;
  const problems: string[] = [];
  const say = (m: string) => {
    if (problems.length < limit) problems.push(m);
  };
  const today = shanghaiDay(ctx.clock.now());
  const [persons, households, tagRows] = await Promise.all([
    k.selectFrom('persons').selectAll().orderBy('id').execute() as Promise<Person[]>,
    k.selectFrom('households').select(['id', 'areaPath', 'headName', 'tags', 'sensitiveTagsEnc']).execute(),
    k.selectFrom('ledgerTags').selectAll().execute(),
  ]);
  const figures: LedgerFigures = {
    households: households.length,
    current: 0,
    movedOut: 0,
    sizes: {},
    ageGroups: { '0-6': 0, '7-17': 0, '18-34': 0, '35-59': 0, '60-79': 0, '80+': 0 },
    tags: {},
  };
  const expected = new Set<string>();
  const hashes = new Set<string>();
  const members = new Map<number, Person[]>();
  for (const p of persons) {
    if (p.anonymisedAt != null) continue;
    checkPerson(ctx, p, today, say);
    if (p.idNoHash) hashes.add(p.idNoHash);
    const tags = [...(JSON.parse(p.tags) as string[]), ...decodeSensitiveTags(ctx.pii, p.sensitiveTagsEnc)];
    for (const t of tags) expected.add(key('person', p.id, p.areaPath, tagKey(ctx.pii, t)));
    if (p.movedOutOn) {
      figures.movedOut++;
      continue;
    }
    figures.current++;
    figures.ageGroups[ageGroupOf(p.birthDate as string, today)]++;
    for (const t of tags) figures.tags[t] = (figures.tags[t] ?? 0) + 1;
    members.set(p.householdId, [...(members.get(p.householdId) ?? []), p]);
  }
  if (hashes.size !== figures.current + figures.movedOut) say('ID numbers are not unique');
  for (const h of households) {
    const m = members.get(h.id) ?? [];
    figures.sizes[m.length] = (figures.sizes[m.length] ?? 0) + 1;
    const heads = m.filter((p) => p.relation === 'head');
    if (heads.length !== 1 || heads[0]?.name !== h.headName)
      say(`household ${h.id}: ${heads.length} heads (${heads.map((p) => p.name)}), head_name ${h.headName}`);
    const tags = [...(JSON.parse(h.tags) as string[]), ...decodeSensitiveTags(ctx.pii, h.sensitiveTagsEnc)];
    for (const t of tags) expected.add(key('household', h.id, h.areaPath, tagKey(ctx.pii, t)));
  }
  const stored = new Set(tagRows.map((r) => key(r.entityKind, r.entityId, r.areaPath, r.tagKey)));
  for (const e of expected) if (!stored.has(e)) say(`missing tag row ${e}`);
  for (const s of stored) if (!expected.has(s)) say(`extra tag row ${s}`);
  if (stored.size !== tagRows.length) say('duplicate tag rows');
  return { problems, figures };
}
