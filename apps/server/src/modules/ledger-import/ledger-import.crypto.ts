/**
 * The CPU-heavy part of an import — encrypting staging rows, decrypting them, and encoding new persons through
 * person-codec (encrypt, hash, mask) — as plain functions of a Pii. (Tried in worker threads: on the shared
 * 2-core machine the structured cloning and the workers' start cost more than they saved; see bench/README.)
 */
import type { Pii } from '../../core/pii.js';
import { encodePerson } from '../ledger/person-codec.js';
import type { StagedPerson } from './ledger-import.validate.js';

export type Encoded = ReturnType<typeof encodePerson>;

/** The persons columns of a new person, through the ledger's codec. */
export function insertColumns(pii: Pii, d: StagedPerson): Encoded {
  return encodePerson(pii, {
    name: d.name,
    idNumber: d.idNumber,
    phone: d.phone,
    birthDate: d.birthDate,
    gender: d.gender,
    relation: d.relation,
    tags: d.tags,
    custom: d.custom,
    movedInOn: d.movedInOn,
  });
}

/** Staging rows hold clear ID numbers and phones: each is encrypted as a whole. */
export const sealPersons = (pii: Pii, persons: StagedPerson[]): string[] =>
  persons.map((p) => pii.encrypt(JSON.stringify(p)));

export interface OpenRequest {
  dataEnc: string;
  /** Encode it as a new person too (the commit will insert it). */
  encode: boolean;
}
export interface Opened {
  data: StagedPerson;
  encoded: Encoded | null;
}

export const openRows = (pii: Pii, rows: OpenRequest[]): Opened[] =>
  rows.map((r) => {
    const data = JSON.parse(pii.decrypt(r.dataEnc)) as StagedPerson;
    return { data, encoded: r.encode ? insertColumns(pii, data) : null };
  });
