/**
 * The CPU-heavy part of an import — encrypting staging rows and encoding persons through person-codec (encrypt,
 * hash, mask) — as plain functions of a Pii. Each row is encoded ONCE, at parse: the staging row keeps its
 * persons columns as they will be stored (0009, as columns since 0016), so a commit copies them instead of
 * decrypting the row and encrypting it again; such a row is not also sealed whole (0013): it is rebuilt from its
 * person when needed.
 * The reader thread (ledger-import.read.ts) may encode rows too: as `PersonParts`, spliced with the target here.
 */
import type { Pii } from '../../core/pii.js';
import type { LedgerImportRowsTable } from '../../db/database.js';
import { decodeContact, decodeSensitiveTags, encodePerson } from '../ledger/person-codec.js';
import type { Target } from './ledger-import.places.js';
import type { StagedPerson } from './ledger-import.validate.js';

export type Encoded = ReturnType<typeof encodePerson>;

/** The persons columns of a new person, through the ledger's codec (the row's ID-number hash reused). */
export function insertColumns(pii: Pii, d: StagedPerson): Encoded {
  return encodePerson(
    pii,
    {
      name: d.name,
      idNumber: d.idNumber,
      phone: d.phone,
      birthDate: d.birthDate,
      gender: d.gender,
      relation: d.relation,
      tags: d.tags,
      custom: d.custom,
      movedInOn: d.movedInOn,
    },
    { idHash: d.idHash },
  );
}

type Columns = Encoded['columns'];
/** The persons columns in the order stored: values only, no keys (100k rows × 14 keys is ~20 MB of staging). */
export const PERSON_COLUMNS = [
  'name',
  'idNoEnc',
  'idNoHash',
  'idNoMasked',
  'phoneEnc',
  'phoneHash',
  'phoneMasked',
  'birthDate',
  'gender',
  'relation',
  'tags',
  'sensitiveTagsEnc',
  'custom',
  'movedInOn',
] as const satisfies readonly (keyof Columns)[];
type Column = (typeof PERSON_COLUMNS)[number];
// Every column of the codec is stored: a column added to person-codec must be added above.
const _all: Exclude<keyof Columns, Column> extends never ? true : never = true;
const indexOf = Object.fromEntries(PERSON_COLUMNS.map((c, i) => [c, i])) as Record<Column, number>;

/** A new person as staged and written: its persons values in PERSON_COLUMNS order, and its ledger_tags keys. */
export interface PersonRow {
  values: unknown[];
  tagKeys: string[];
}

/** A new person's row, through the codec (insertColumns). */
export function personRow(pii: Pii, d: StagedPerson): PersonRow {
  const { columns, tagKeys } = insertColumns(pii, d);
  return { values: PERSON_COLUMNS.map((c) => columns[c]), tagKeys };
}

/** One column of a person row. */
export const personValue = (r: PersonRow, c: Column) => (r.values[indexOf[c]] ?? null) as Columns[Column];

/** What a staged row holds beyond its persons columns: enough to rebuild it whole (preview, updates). */
interface Rest {
  place: StagedPerson['place'];
  present: string[];
  /** As the sheet had it (the codec stores 'other' for none). */
  relation: string | null;
}

/** ledger_import_rows.person (0016): what a row encoded as a new person keeps besides its persons columns. Rows
 * staged before 0013 have no rest (and keep `data_enc`). */
type StoredPerson = [tagKeys: string[], target: Target, rest?: Rest];

/** A staging row's person as stored (its columns and `person`)… */
type StagedColumns = Pick<LedgerImportRowsTable, 'person' | Column>;
/** …and the row: its whole row sealed, or that person. */
export type StoredRow = StagedColumns & Pick<LedgerImportRowsTable, 'dataEnc'>;

/** The staging row's columns that hold a row encoded as a new person (with `person`). */
export const STAGED_PERSON = [...PERSON_COLUMNS, 'person'] as const;

export interface Sealed {
  /** The whole row, encrypted (it holds clear ID numbers and phones): only for a row not stored as a person. */
  dataEnc: string | null;
  /** The row's persons values (PERSON_COLUMNS order); null for a row that cannot be committed as is. */
  values: unknown[] | null;
  /** `StoredPerson` as JSON; null with `values`. */
  person: string | null;
  /** The existing household the row joins, and the area path of its target. */
  householdId: number | null;
  areaPath: string | null;
}

/**
 * A row encoded as a new person but for its target, which only the place lookup after reading gives: its persons
 * values and the JSON text of `StoredPerson` before and after the target (the reader thread encodes, and the main
 * thread only splices).
 */
export interface PersonParts {
  values: unknown[];
  before: string;
  after: string;
}

export function personParts(pii: Pii, p: StagedPerson): PersonParts {
  const { values, tagKeys } = personRow(pii, p);
  const rest: Rest = { place: p.place, present: p.present, relation: p.relation };
  return { values, before: `[${JSON.stringify(tagKeys)},`, after: `,${JSON.stringify(rest)}]` };
}

const unsealed = { values: null, person: null, householdId: null, areaPath: null };

/**
 * Encodes the committable rows (`encode[i]`) as new persons — from their parts when the reader made them — and
 * seals the others whole.
 */
export function sealPersons(
  pii: Pii,
  persons: StagedPerson[],
  encode: readonly boolean[],
  parts: readonly (PersonParts | null)[] = [],
): Sealed[] {
  return persons.map((p, i) => {
    const target = p.target;
    if (!encode[i] || !target) return { dataEnc: pii.encrypt(JSON.stringify(p)), ...unsealed };
    const { values, before, after } = parts[i] ?? personParts(pii, p);
    return {
      dataEnc: null,
      values,
      person: before + JSON.stringify(target) + after,
      householdId: target.kind === 'household' ? target.householdId : null,
      areaPath: target.areaPath,
    };
  });
}

const valuesOf = (r: StagedColumns) => PERSON_COLUMNS.map((c) => r[c]);
const columnsOf = (r: StoredRow) => Object.fromEntries(PERSON_COLUMNS.map((c) => [c, r[c]])) as Columns;

/** A stored person back as its row and target. */
export function storedPerson(r: StagedColumns): { encoded: PersonRow; target: Target } {
  const [tagKeys, target] = JSON.parse(r.person ?? 'null') as StoredPerson;
  return { encoded: { values: valuesOf(r), tagKeys }, target };
}

/** The clear staging row (for updates, for rows a later row overlays, and for the preview): decrypted whole, or
 * rebuilt from the person it is stored as (sensitive tags after the open ones: the order of tags means nothing). */
export function openRow(pii: Pii, r: StoredRow): StagedPerson {
  if (r.dataEnc) return JSON.parse(pii.decrypt(r.dataEnc)) as StagedPerson;
  const [, target, rest] = JSON.parse(r.person ?? 'null') as StoredPerson;
  if (!rest) throw new Error('staging row with neither data_enc nor a whole person');
  const c = columnsOf(r);
  const { idNumber, phone } = decodeContact(pii, c);
  return {
    name: c.name,
    idNumber,
    idHash: c.idNoHash ?? null,
    phone,
    gender: c.gender ?? null,
    birthDate: c.birthDate ?? null,
    relation: rest.relation,
    tags: [...(JSON.parse(c.tags ?? '[]') as string[]), ...decodeSensitiveTags(pii, c.sensitiveTagsEnc ?? null)],
    custom: JSON.parse(c.custom ?? '{}') as StagedPerson['custom'],
    movedInOn: c.movedInOn ?? null,
    place: rest.place,
    target,
    present: rest.present,
  };
}
