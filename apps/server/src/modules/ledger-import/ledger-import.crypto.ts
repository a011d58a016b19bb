/**
 * The CPU-heavy part of an import — encrypting staging rows and encoding persons through person-codec (encrypt,
 * hash, mask) — as plain functions of a Pii. Each row is encoded ONCE, at parse: the staging row keeps its
 * person columns as they will be stored (`person`, 0009), so a commit copies them instead of decrypting the row
 * and encrypting it again. (Tried in worker threads: on the shared 2-core machine the structured cloning and
 * the workers' start cost more than they saved; see bench/README.)
 */
import type { Pii } from '../../core/pii.js';
import { encodePerson } from '../ledger/person-codec.js';
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
const COLUMNS = [
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
// Every column of the codec is stored: a column added to person-codec must be added above.
const _all: Exclude<keyof Columns, (typeof COLUMNS)[number]> extends never ? true : never = true;

/** ledger_import_rows.person: a row as a new person — [column values (sensitive ones encrypted), tag keys, target]. */
type StoredPerson = [values: unknown[], tagKeys: string[], target: Target];

export interface Sealed {
  /** The whole row, encrypted (it holds clear ID numbers and phones): for the preview and for updates. */
  dataEnc: string;
  /** The row encoded as a new person; null for a row that cannot be committed as is (problems, no target). */
  person: string | null;
}

/** Seals each staging row and encodes the committable ones (`encode[i]`) as new persons. */
export function sealPersons(pii: Pii, persons: StagedPerson[], encode: readonly boolean[]): Sealed[] {
  return persons.map((p, i) => {
    let person: string | null = null;
    if (encode[i] && p.target) {
      const { columns, tagKeys } = insertColumns(pii, p);
      const stored: StoredPerson = [COLUMNS.map((c) => columns[c]), tagKeys, p.target];
      person = JSON.stringify(stored);
    }
    return { dataEnc: pii.encrypt(JSON.stringify(p)), person };
  });
}

/** A stored `person` back as the codec's output and the row's target. */
export function storedPerson(json: string): { encoded: Encoded; target: Target } {
  const [values, tagKeys, target] = JSON.parse(json) as StoredPerson;
  const columns = Object.fromEntries(COLUMNS.map((c, i) => [c, values[i] ?? null])) as Columns;
  return { encoded: { columns, tagKeys }, target };
}

/** The clear staging row (for updates, for rows a later row overlays, and for the preview). */
export const openRow = (pii: Pii, dataEnc: string) => JSON.parse(pii.decrypt(dataEnc)) as StagedPerson;
