/** A stored person → the API's Person: masked ID and phone, sensitive tags hidden, age from the Shanghai day. */
import { type AgeGroup, ageGroupOf, ageOn, genders, relations } from '@grassroots/shared/ledger/ledger.rules';
import type { CustomValue, PersonAction, PersonView } from '@grassroots/shared/ledger/ledger.schema';
import { canUnmask, canWrite, type LedgerReach } from './ledger.access.js';
import type { PersonRow } from './persons.repository.js';

export function parseJson<T>(s: string | null | undefined, fallback: T): T {
  if (!s) return fallback;
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
}

const oneOf = <T extends string>(values: readonly T[], v: string | null): T | null =>
  v != null && (values as readonly string[]).includes(v) ? (v as T) : null;

export function personActions(reach: LedgerReach, canUnmaskAtAll: boolean, r: PersonRow): PersonAction[] {
  if (r.anonymisedAt != null) return [];
  const out: PersonAction[] = [];
  if (canWrite(reach, r.areaPath)) out.push('update', r.movedOutOn ? 'moveIn' : 'moveOut');
  if (canUnmaskAtAll && canUnmask(reach, r.areaPath)) out.push('unmask');
  return out;
}

export function toPersonView(r: PersonRow, today: string, actions: PersonAction[]): PersonView {
  const birth = r.birthDate;
  return {
    id: String(r.id),
    householdId: String(r.householdId),
    householdAddress: r.householdAddress,
    gridId: String(r.gridId),
    gridName: r.gridName,
    name: r.name,
    idNumber: r.idNoMasked,
    phone: r.phoneMasked,
    birthDate: birth,
    age: birth ? ageOn(birth, today) : null,
    ageGroup: birth ? (ageGroupOf(birth, today) as AgeGroup) : null,
    gender: oneOf(genders, r.gender),
    relation: oneOf(relations, r.relation) ?? 'other',
    tags: parseJson<string[]>(r.tags, []),
    sensitiveTags: null,
    sensitiveTagCount: Number(r.sensitiveTagCount ?? 0),
    custom: parseJson<Record<string, CustomValue>>(r.custom, {}),
    movedInOn: r.movedInOn,
    movedOutOn: r.movedOutOn,
    moveNote: r.moveNote,
    anonymised: r.anonymisedAt != null,
    version: r.version,
    allowedActions: actions,
  };
}
