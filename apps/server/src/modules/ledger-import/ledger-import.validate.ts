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
const NAME_MAX = 50;

export interface RowInput {
  cells: Cell[];
  columns: ColumnMap;
  fields: readonly CustomFieldSpec[];
  today: string;
  hash: (normalisedId: string) => string;
}

export function validateRow({ cells, columns, fields, today, hash }: RowInput) {
  const cell = (key: string): Cell => {
    const i = columns.get(key);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const text = (key: string) => cellText(cell(key));
  const problems: ImportProblem[] = [];
  const present: string[] = [];
  const problem = (field: string, code: ImportProblem['code']) => problems.push({ field, code });

  const name = text('name');
  if (!name) problem('name', 'required');
  else if (name.length > NAME_MAX) problem('name', 'too_long');

  const id = idNumberOf(cell('idNumber'), today, problem);
  const idNumber = id.valid ?? (id.raw || null);
  if (idNumber) present.push('idNumber');

  const phoneText = text('phone').replace(/[\s-]/g, '');
  if (phoneText) {
    present.push('phone');
    if (!isMainlandMobile(phoneText)) problem('phone', 'bad_phone');
  }

  let gender = parseGender(text('gender'));
  if (gender === null) problem('gender', 'bad_gender');
  else if (gender && id.gender && gender !== id.gender) problem('gender', 'gender_mismatch');
  gender ??= id.gender;

  let birthDate = parseDay(cell('birthDate'));
  if (birthDate === null || (birthDate && birthDate > today)) problem('birthDate', 'bad_date');
  else if (birthDate && id.birthDate && birthDate !== id.birthDate) problem('birthDate', 'birth_date_mismatch');
  birthDate ??= id.birthDate;

  const relation = parseRelation(text('relation'));
  if (!relation) problem('relation', 'bad_relation');

  const tags = splitTags(text('tags'));
  if (tags.some((t) => !knownTags.has(t))) problem('tags', 'unknown_tag');

  const movedInOn = parseDay(cell('movedInOn'));
  if (movedInOn === null) problem('movedInOn', 'bad_date');

  const custom: Record<string, string | number | boolean> = {};
  for (const f of fields) {
    const r = parseCustom(f, cell(`custom.${f.code}`));
    if ('problem' in r) problem(`custom.${f.code}`, r.problem);
    else if (r.value !== undefined) custom[f.code] = r.value;
  }

  for (const [key, has] of [
    ['gender', !!text('gender')],
    ['birthDate', !!birthDate && !!text('birthDate')],
    ['relation', !!text('relation')],
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
      building: text('building'),
      unit: text('unit'),
      room: text('room'),
      address: text('address'),
      grid: text('grid'),
    },
    target: null,
    present,
  };
  return { person, problems };
}

/** The ID number cell: valid (normalised, with birth date and gender), or a problem; '' is allowed. */
function idNumberOf(c: Cell, today: string, problem: (field: string, code: ImportProblem['code']) => void) {
  const none = { valid: null, raw: '', birthDate: undefined, gender: undefined } as const;
  // 18 digits do not fit a double: a number cell has already lost its last digits.
  if (typeof c === 'number') {
    problem('idNumber', 'id_as_number');
    return { ...none, raw: cellText(c) };
  }
  const raw = cellText(c);
  if (!raw) return none;
  const r = parseIdNumber(raw, today);
  if (!r.ok) {
    problem(
      'idNumber',
      r.problem === 'format' ? 'id_format' : r.problem === 'birthDate' ? 'id_birth_date' : 'id_checksum',
    );
    return { ...none, raw };
  }
  return { valid: r.id, raw, birthDate: r.birthDate, gender: r.gender };
}
