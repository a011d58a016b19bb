/**
 * How a person is stored (0006_ledger): ID number and phone encrypted, with a keyed hash for exact search and a
 * masked copy for lists; open tags in clear, sensitive tags encrypted; one ledger_tags key per tag (sensitive
 * ones hashed). The ledger service and the Excel import both encode through here, so the two never disagree.
 */
import { normaliseIdNumber } from '@grassroots/shared/ledger/idcard';
import { isSensitiveTag } from '@grassroots/shared/ledger/ledger.rules';
import { normalisePhone } from '@grassroots/shared/places/places.rules';
import { maskIdNumber, maskPhone } from '@grassroots/shared/privacy/masking';
import type { Pii } from '../../core/pii.js';

export interface PersonFields {
  name: string;
  idNumber?: string | null;
  phone?: string | null;
  birthDate?: string | null;
  gender?: string | null;
  relation?: string | null;
  /** Open and sensitive tags together; split here. */
  tags?: readonly string[];
  custom?: Record<string, unknown>;
  movedInOn?: string | null;
}

/** Keys of sensitive tags per Pii: the vocabulary is a dozen tags, and a key never changes for a given key. */
const sensitiveKeys = new WeakMap<Pii, Map<string, string>>();

/** The ledger_tags key of a tag: the tag itself, or 's:' + keyed hash for a sensitive one. */
export function tagKey(pii: Pii, tag: string): string {
  if (!isSensitiveTag(tag)) return tag;
  let keys = sensitiveKeys.get(pii);
  if (!keys) {
    keys = new Map();
    sensitiveKeys.set(pii, keys);
  }
  let key = keys.get(tag);
  if (key === undefined) {
    key = `s:${pii.hash(`tag:${tag}`)}`;
    keys.set(tag, key);
  }
  return key;
}

/** Keyed hash of an ID number as stored in persons.id_no_hash (normalised first). */
export const idNumberHash = (pii: Pii, id: string) => pii.hash(normaliseIdNumber(id));
/** A phone as stored: digits only (a leading + kept), so 138 1234-5678 and 13812345678 hash alike. */
export const normalisePersonPhone = (phone: string) => normalisePhone(phone);
/** Keyed hash of a phone as stored in persons.phone_hash. */
export const phoneHash = (pii: Pii, phone: string) => pii.hash(normalisePersonPhone(phone));

/**
 * The persons columns for `f` (without household, area, version or times) and its tag keys. `idHash`: the keyed
 * hash of this ID number when the caller already has it (idNumberHash of the same number), so it is not
 * computed twice.
 */
export function encodePerson(pii: Pii, f: PersonFields, known?: { idHash?: string | null }) {
  const id = f.idNumber ? normaliseIdNumber(f.idNumber) : null;
  const phone = f.phone ? normalisePersonPhone(f.phone) || null : null;
  const tags = [...new Set(f.tags ?? [])];
  const open = tags.filter((t) => !isSensitiveTag(t));
  const sensitive = tags.filter(isSensitiveTag);
  return {
    columns: {
      name: f.name,
      idNoEnc: id ? pii.encrypt(id) : null,
      idNoHash: id ? (known?.idHash ?? pii.hash(id)) : null,
      idNoMasked: maskIdNumber(id),
      phoneEnc: phone ? pii.encrypt(phone) : null,
      phoneHash: phone ? pii.hash(phone) : null,
      phoneMasked: maskPhone(phone),
      birthDate: f.birthDate ?? null,
      gender: f.gender ?? null,
      relation: f.relation ?? 'other',
      tags: JSON.stringify(open),
      sensitiveTagsEnc: sensitive.length ? pii.encrypt(JSON.stringify(sensitive)) : null,
      custom: JSON.stringify(f.custom ?? {}),
      movedInOn: f.movedInOn ?? null,
    },
    tagKeys: tags.map((t) => tagKey(pii, t)),
  };
}

/** The clear sensitive tags of a stored person (or household), for an unmask or the owner's own export. */
export const decodeSensitiveTags = (pii: Pii, enc: string | null): string[] =>
  enc ? (JSON.parse(pii.decrypt(enc)) as string[]) : [];

/** The clear ID number and phone of a stored person (or household phone), for an unmask or the owner's export. */
export function decodeContact(pii: Pii, row: { idNoEnc?: string | null; phoneEnc: string | null }) {
  return {
    idNumber: row.idNoEnc ? pii.decrypt(row.idNoEnc) : null,
    phone: row.phoneEnc ? pii.decrypt(row.phoneEnc) : null,
  };
}

/** Anonymised name (PIPL erasure and retention). */
export const ANONYMISED_NAME = '已注销';

/**
 * The persons columns that erase a person: every personal field is emptied; household, relation and the
 * move dates stay so counts of the past remain right. Their ledger_tags rows must be deleted too.
 */
export function anonymisedColumns(now: number) {
  return {
    name: ANONYMISED_NAME,
    idNoEnc: null,
    idNoHash: null,
    idNoMasked: null,
    phoneEnc: null,
    phoneHash: null,
    phoneMasked: null,
    birthDate: null,
    gender: null,
    tags: '[]',
    sensitiveTagsEnc: null,
    custom: '{}',
    moveNote: null,
    anonymisedAt: now,
    updatedAt: now,
  };
}
