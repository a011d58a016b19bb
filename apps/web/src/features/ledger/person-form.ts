/**
 * Pure rules of the person form: what an ID number tells the form (birth date, gender) or what is wrong with
 * it, and the form's values turned into the POST/PATCH body of /api/persons — only what was entered, so an
 * edit never sends a masked value back as if it were the real one.
 */
import { type IdNumberProblem, normaliseIdNumber, parseIdNumber } from '@grassroots/shared/ledger/idcard';
import { isMainlandMobile } from '@grassroots/shared/privacy/masking';

type Label = { 'zh-CN': string; en: string };

export const idNumberProblemLabels: Record<IdNumberProblem, Label> = {
  format: { 'zh-CN': '身份证号应为18位，末位可为X', en: 'An ID number has 18 characters (the last may be X)' },
  birthDate: { 'zh-CN': '身份证号中的出生日期无效', en: 'The birth date in the ID number is not valid' },
  checksum: { 'zh-CN': '身份证号校验位不正确，请核对', en: 'The check digit does not match; please check the number' },
};

export type IdCheck =
  | { kind: 'empty' }
  | { kind: 'ok'; id: string; birthDate: string; gender: 'male' | 'female' }
  | { kind: 'bad'; problem: IdNumberProblem };

/** Checks what the user typed; blank is allowed (not everyone's number is known). */
export function checkIdNumber(raw: string | null | undefined, today: string): IdCheck {
  if (!raw?.trim()) return { kind: 'empty' };
  const r = parseIdNumber(raw, today);
  return r.ok
    ? { kind: 'ok', id: r.id, birthDate: r.birthDate, gender: r.gender }
    : { kind: 'bad', problem: r.problem };
}

/** Mobile numbers, or a landline with its area code (0351-1234567). */
export const isPhoneNumber = (s: string) => {
  const p = s.replace(/[\s-]/g, '');
  return isMainlandMobile(p) || /^0\d{9,11}$/.test(p);
};

export interface CustomFieldDef {
  code: string;
  datatype: string;
}

/** A DatePicker value (dayjs) or a string. */
type DateLike = { format(f: string): string } | string | null | undefined;
const dateString = (v: DateLike) =>
  v == null || v === '' ? undefined : typeof v === 'string' ? v : v.format('YYYY-MM-DD');

export interface PersonFormValues {
  name: string;
  idNumber?: string;
  phone?: string;
  birthDate?: DateLike;
  gender?: 'male' | 'female' | null;
  relation: string;
  tags?: string[];
  /** Editing: the stored sensitive tags are hidden, so they are replaced only when the user says so. */
  replaceSensitive?: boolean;
  sensitiveTags?: string[];
  custom?: Record<string, unknown>;
  movedInOn?: DateLike;
}

/** Custom values by datatype; blanks are left out. */
export function customValues(values: Record<string, unknown> | undefined, defs: CustomFieldDef[]) {
  const out: Record<string, string | number | boolean> = {};
  for (const d of defs) {
    const v = values?.[d.code];
    if (v == null || v === '') continue;
    if (d.datatype === 'date') {
      const s = dateString(v as DateLike);
      if (s) out[d.code] = s;
    } else if (d.datatype === 'number') out[d.code] = Number(v);
    else if (d.datatype === 'boolean') out[d.code] = v === true || v === 'true';
    else if (String(v).trim()) out[d.code] = String(v).trim();
  }
  return out;
}

/**
 * The body of POST /api/persons (isNew) or PATCH /api/persons/:id (without version). `hasStoredId`: the person
 * already has an ID number on file, which fixes birth date and gender unless a new number is typed.
 */
export function personBody(v: PersonFormValues, defs: CustomFieldDef[], isNew: boolean, hasStoredId = false) {
  const idNumber = v.idNumber?.trim() ? normaliseIdNumber(v.idNumber) : undefined;
  const phone = v.phone?.trim() ? v.phone.replace(/[\s-]/g, '') : undefined;
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    relation: v.relation,
    tags: v.tags ?? [],
    custom: customValues(v.custom, defs),
  };
  const fixedByNumber = !!idNumber || hasStoredId;
  if (idNumber) body.idNumber = idNumber;
  // The server derives birth date and gender from the number; sending them beside it only invites a mismatch.
  if (!fixedByNumber && dateString(v.birthDate)) body.birthDate = dateString(v.birthDate);
  if (!fixedByNumber && v.gender) body.gender = v.gender;
  if (phone) body.phone = phone;
  if (isNew || v.replaceSensitive) body.sensitiveTags = v.sensitiveTags ?? [];
  if (isNew && dateString(v.movedInOn)) body.movedInOn = dateString(v.movedInOn);
  return body;
}
