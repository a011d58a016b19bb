/**
 * One workbook row → the person it describes (normalised) and every problem found, before any lookup in the
 * database: name, ID number (GB 11643 via idcard.ts; a number cell has lost digits), phone (mainland mobile),
 * gender and birth date (derived from the ID number when empty, and checked against it when given), relation,
 * tags (the ledger's vocabulary), move-in date and the custom fields by their type.
 */
import { parseIdNumber } from '@grassroots/shared/ledger/idcard';
import { personTags } from '@grassroots/shared/ledger/ledger.rules';
import {
  type Cell,
  type CustomFieldSpec,
  cellText,
  type ImportProblem,
  parseCustom,
  parseDay,
  parseGender,
  parseRelation,
  splitTags,
} from '@grassroots/shared/ledger-import/ledger-import.rules';
import { isMainlandMobile } from '@grassroots/shared/privacy/masking';
import type { PlaceCells, Target } from './ledger-import.places.js';

/** What a staging row holds (encrypted as a whole in ledger_import_rows.data_enc). */
export interface StagedPerson {
  name: string;
  /** Normalised when valid, else the raw text (shown masked in the preview). */
  idNumber: string | null;
  /** Keyed hash of a valid ID number (duplicate detection at commit). */
  idHash: string | null;
  phone: string | null;
  gender: string | null;
  birthDate: string | null;
  relation: string | null;
  tags: string[];
  custom: Record<string, string | number | boolean>;
  movedInOn: string | null;
  place: PlaceCells;
  target: Target | null;
  /** The optional columns that had a value: an update changes only those (empty cells keep what is stored). */
  present: string[];
}

/** Column key (or custom.<code>) → 0-based cell index, from the header row. */
export type ColumnMap = Map<string, number>;

const knownTags = new Set<string>(personTags);
const unknownTag = (t: string) => !knownTags.has(t);
const NAME_MAX = 50;

export interface RowInput {
  cells: Cell[];
  columns: ColumnMap;
  fields: readonly CustomFieldSpec[];
  today: string;
  hash: (normalisedId: string) => string;
}

/** Row `r`'s cell of column `key` (null when the sheet has no such column). */
function cellOf(r: RowInput, key: string): Cell {
  const i = r.columns.get(key);
  return i === undefined ? null : (r.cells[i] ?? null);
}
const textOf = (r: RowInput, key: string) => cellText(cellOf(r, key));

// No closures made per row below: validateRow runs for every row of a sheet of up to IMPORT_MAX_ROWS.
export function validateRow(r: RowInput) {
  const { fields, today, hash } = r;
  const problems: ImportProblem[] = [];
  const present: string[] = [];

  const name = textOf(r, 'name');
  if (!name) problems.push({ field: 'name', code: 'required' });
  else if (name.length > NAME_MAX) problems.push({ field: 'name', code: 'too_long' });

  const id = idNumberOf(cellOf(r, 'idNumber'), today, problems);
  const idNumber = id.valid ?? (id.raw || null);
  if (idNumber) present.push('idNumber');

  const phoneText = textOf(r, 'phone').replace(/[\s-]/g, '');
  if (phoneText) {
    present.push('phone');
    if (!isMainlandMobile(phoneText)) problems.push({ field: 'phone', code: 'bad_phone' });
  }

  let gender = parseGender(textOf(r, 'gender'));
  if (gender === null) problems.push({ field: 'gender', code: 'bad_gender' });
  else if (gender && id.gender && gender !== id.gender) problems.push({ field: 'gender', code: 'gender_mismatch' });
  gender ??= id.gender;

  let birthDate = parseDay(cellOf(r, 'birthDate'));
  if (birthDate === null || (birthDate && birthDate > today)) problems.push({ field: 'birthDate', code: 'bad_date' });
  else if (birthDate && id.birthDate && birthDate !== id.birthDate)
    problems.push({ field: 'birthDate', code: 'birth_date_mismatch' });
  birthDate ??= id.birthDate;

  const relation = parseRelation(textOf(r, 'relation'));
  if (!relation) problems.push({ field: 'relation', code: 'bad_relation' });

  const tags = splitTags(textOf(r, 'tags'));
  if (tags.some(unknownTag)) problems.push({ field: 'tags', code: 'unknown_tag' });

  const movedInOn = parseDay(cellOf(r, 'movedInOn'));
  if (movedInOn === null) problems.push({ field: 'movedInOn', code: 'bad_date' });

  const custom: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const v = parseCustom(f, cellOf(r, `custom.${f.code}`));
    if ('problem' in v) problems.push({ field: `custom.${f.code}`, code: v.problem });
    else if (v.value !== undefined) custom[f.code] = v.value;
  }

  for (const [key, has] of [
    ['gender', !!textOf(r, 'gender')],
    ['birthDate', !!birthDate && !!textOf(r, 'birthDate')],
    ['relation', !!textOf(r, 'relation')],
    ['tags', tags.length > 0],
    ['movedInOn', !!movedInOn],
    ['custom', Object.keys(custom).length > 0],
  ] as const)
    if (has) present.push(key);

  const person: StagedPerson = {
    name: name.slice(0, NAME_MAX),
    idNumber,
    idHash: id.valid ? hash(id.valid) : null,
    phone: phoneText || null,
    gender: gender ?? null,
    birthDate: birthDate ?? null,
    relation,
    tags,
    custom,
    movedInOn: movedInOn ?? null,
    place: {
      building: textOf(r, 'building'),
      unit: textOf(r, 'unit'),
      room: textOf(r, 'room'),
      address: textOf(r, 'address'),
      grid: textOf(r, 'grid'),
    },
    target: null,
    present,
  };
  return { person, problems };
}

/** The ID number cell: valid (normalised, with birth date and gender), or a problem; '' is allowed. */
function idNumberOf(c: Cell, today: string, problems: ImportProblem[]) {
  const none = { valid: null, raw: '', birthDate: undefined, gender: undefined } as const;
  // 18 digits do not fit a double: a number cell has already lost its last digits.
  if (typeof c === 'number') {
    problems.push({ field: 'idNumber', code: 'id_as_number' });
    return { ...none, raw: cellText(c) };
  }
  const raw = cellText(c);
  if (!raw) return none;
  const r = parseIdNumber(raw, today);
  if (!r.ok) {
    const code = r.problem === 'format' ? 'id_format' : r.problem === 'birthDate' ? 'id_birth_date' : 'id_checksum';
    problems.push({ field: 'idNumber', code });
    return { ...none, raw };
  }
  return { valid: r.id, raw, birthDate: r.birthDate, gender: r.gender };
}
