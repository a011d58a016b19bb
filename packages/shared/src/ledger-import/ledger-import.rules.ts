/**
 * The Excel import of the household ledger (issue 4, Excel): the template's columns, how a cell becomes a
 * value (relation and gender labels, dates typed or as Excel dates, comma-separated tags, custom fields by
 * type) and the problems a row can have. Pure: the server validates with it, the web labels with it.
 */
import { isCalendarDate } from '../ledger/idcard.js';
import {
  type CustomFieldType,
  type Gender,
  genderLabels,
  type Relation,
  relationLabels,
  relations,
} from '../ledger/ledger.rules.js';

type Label = { 'zh-CN': string; en: string };
const l = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

/** The fixed columns, in template order; one column per active custom field follows (header = its label). */
export const importColumns = [
  { key: 'name', header: '姓名', label: l('姓名', 'Name'), hint: '必填' },
  { key: 'idNumber', header: '身份证号', label: l('身份证号', 'ID number'), hint: '18 位，文本格式' },
  { key: 'phone', header: '手机号', label: l('手机号', 'Mobile'), hint: '11 位手机号' },
  { key: 'gender', header: '性别', label: l('性别', 'Gender'), hint: '男/女，空则按身份证号' },
  { key: 'birthDate', header: '出生日期', label: l('出生日期', 'Birth date'), hint: 'YYYY-MM-DD，空则按身份证号' },
  { key: 'relation', header: '与户主关系', label: l('与户主关系', 'Relation'), hint: '户主/配偶/子女/父母…' },
  { key: 'building', header: '楼栋', label: l('楼栋', 'Building'), hint: '如“新城壹号 3号楼”' },
  { key: 'unit', header: '单元', label: l('单元', 'Unit'), hint: '如 2' },
  { key: 'room', header: '房号', label: l('房号', 'Room'), hint: '如 301' },
  { key: 'address', header: '地址', label: l('地址', 'Address'), hint: '无楼栋时（农村）填写' },
  { key: 'grid', header: '网格', label: l('网格', 'Grid'), hint: '新建农村住户时必填' },
  { key: 'tags', header: '标签', label: l('标签', 'Tags'), hint: '逗号分隔，如 党员,独居' },
  { key: 'movedInOn', header: '迁入日期', label: l('迁入日期', 'Moved in on'), hint: 'YYYY-MM-DD' },
] as const;
export type ImportColumnKey = (typeof importColumns)[number]['key'];

/** Largest workbook accepted (bytes) and most data rows parsed from it. */
export const IMPORT_MAX_BYTES = 20 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 200_000;

export const importStatuses = ['parsing', 'preview', 'committing', 'committed', 'failed', 'cancelled'] as const;
export type ImportStatus = (typeof importStatuses)[number];
export const importStatusLabels: Record<ImportStatus, Label> = {
  parsing: l('解析中', 'Parsing'),
  preview: l('待确认', 'Ready for review'),
  committing: l('导入中', 'Importing'),
  committed: l('已导入', 'Imported'),
  failed: l('失败', 'Failed'),
  cancelled: l('已取消', 'Cancelled'),
};

export const importDecisions = ['skip', 'update', 'keep'] as const;
export type ImportDecision = (typeof importDecisions)[number];
export const importDecisionLabels: Record<ImportDecision, Label> = {
  skip: l('跳过', 'Skip'),
  update: l('更新已有', 'Update existing'),
  keep: l('保留两条', 'Keep both'),
};

export const importProblemCodes = [
  'required',
  'too_long',
  'id_format',
  'id_birth_date',
  'id_checksum',
  'id_as_number',
  'birth_date_mismatch',
  'gender_mismatch',
  'bad_phone',
  'bad_gender',
  'bad_relation',
  'bad_date',
  'unknown_tag',
  'bad_value',
  'unknown_building',
  'ambiguous_building',
  'unknown_room',
  'unknown_grid',
  'ambiguous_grid',
  'unknown_address',
  'ambiguous_address',
  'missing_address',
  'duplicate_elsewhere',
] as const;
export type ImportProblemCode = (typeof importProblemCodes)[number];

export const importProblemLabels: Record<ImportProblemCode, Label> = {
  required: l('必填项为空', 'Required value missing'),
  too_long: l('内容过长', 'Value too long'),
  id_format: l('身份证号格式不正确（应为 18 位）', 'ID number must have 18 characters'),
  id_birth_date: l('身份证号中的出生日期无效', 'The birth date inside the ID number is invalid'),
  id_checksum: l('身份证号校验位错误', 'ID number check digit is wrong'),
  id_as_number: l(
    '身份证号被存成了数字（末位已丢失），请将该列设为文本后重新填写',
    'The ID number was stored as a number (digits lost); format the column as text',
  ),
  birth_date_mismatch: l('出生日期与身份证号不一致', 'Birth date does not match the ID number'),
  gender_mismatch: l('性别与身份证号不一致', 'Gender does not match the ID number'),
  bad_phone: l('手机号格式不正确（应为 11 位手机号）', 'Not a valid mainland mobile number'),
  bad_gender: l('性别只能填“男”或“女”', 'Gender must be 男 or 女'),
  bad_relation: l('与户主关系无法识别', 'Unknown relation to the head'),
  bad_date: l('日期格式不正确（应为 YYYY-MM-DD）', 'Date must be YYYY-MM-DD'),
  unknown_tag: l('未知标签', 'Unknown tag'),
  bad_value: l('取值不符合该字段的类型或选项', 'Value does not fit the field type or options'),
  unknown_building: l('您的辖区内没有这个楼栋', 'No such building in your area'),
  ambiguous_building: l(
    '楼栋名称不唯一，请写成“小区 楼栋”或填写网格',
    'Building name is ambiguous; write “compound building” or fill in the grid',
  ),
  unknown_room: l('该楼栋没有这个单元/房号', 'No such unit/room in this building'),
  unknown_grid: l('您的辖区内没有这个网格', 'No such grid in your area'),
  ambiguous_grid: l('网格名称不唯一，请写成“社区 网格”', 'Grid name is ambiguous; write “community grid”'),
  unknown_address: l(
    '找不到该地址的住户（新建住户请填写网格）',
    'No household at this address (fill in the grid to create one)',
  ),
  ambiguous_address: l('该地址对应多户，请填写网格', 'Several households have this address; fill in the grid'),
  missing_address: l('请填写楼栋/单元/房号，或地址', 'Fill in building/unit/room or an address'),
  duplicate_elsewhere: l(
    '该身份证号已登记在您辖区以外的住户，请先由对方办理迁出',
    'This ID number is registered outside your area; it must be moved out there first',
  ),
};

export interface ImportProblem {
  /** A column key (`name`, `idNumber` …) or `custom.<code>`. */
  field: string;
  code: ImportProblemCode;
}

/** A raw cell as the reader hands it over: text, a number, a date (Excel date cell), a boolean or nothing. */
export type Cell = string | number | boolean | Date | null;

/** A trimmed string for any cell ('' for none); dates as YYYY-MM-DD; integral numbers without a decimal point. */
export function cellText(c: Cell): string {
  if (c == null) return '';
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? '' : c.toISOString().slice(0, 10);
  if (typeof c === 'number') return Number.isInteger(c) ? c.toFixed(0) : String(c);
  return String(c).trim();
}

const relationByText = new Map<string, Relation>([
  ...relations.map((r) => [r, r] as const),
  ...relations.map((r) => [relationLabels[r]['zh-CN'], r] as const),
  ...relations.map((r) => [relationLabels[r].en.toLowerCase(), r] as const),
  ...(
    [
      ['本人', 'head'],
      ['户主本人', 'head'],
      ['妻', 'spouse'],
      ['妻子', 'spouse'],
      ['夫', 'spouse'],
      ['丈夫', 'spouse'],
      ['子', 'child'],
      ['女', 'child'],
      ['儿子', 'child'],
      ['女儿', 'child'],
      ['长子', 'child'],
      ['长女', 'child'],
      ['次子', 'child'],
      ['次女', 'child'],
      ['父亲', 'parent'],
      ['母亲', 'parent'],
      ['孙子', 'grandchild'],
      ['孙女', 'grandchild'],
      ['外孙', 'grandchild'],
      ['外孙女', 'grandchild'],
      ['祖父', 'grandparent'],
      ['祖母', 'grandparent'],
      ['外祖父', 'grandparent'],
      ['外祖母', 'grandparent'],
      ['兄', 'sibling'],
      ['弟', 'sibling'],
      ['姐', 'sibling'],
      ['妹', 'sibling'],
      ['兄弟', 'sibling'],
      ['姐妹', 'sibling'],
    ] as const
  ).map(([t, r]) => [t, r as Relation] as const),
]);

/** 户主 / 配偶 / 儿子 / head … → a relation code; '' → 'other'; unknown → null. */
export function parseRelation(text: string): Relation | null {
  if (!text) return 'other';
  return relationByText.get(text) ?? relationByText.get(text.toLowerCase()) ?? null;
}

/** 男 / 女 / male / female / m / f → a gender; '' → undefined (derived from the ID number); unknown → null. */
export function parseGender(text: string): Gender | null | undefined {
  if (!text) return undefined;
  const t = text.toLowerCase();
  if (t === genderLabels.male['zh-CN'] || t === 'male' || t === 'm' || t === '男性') return 'male';
  if (t === genderLabels.female['zh-CN'] || t === 'female' || t === 'f' || t === '女性') return 'female';
  return null;
}

/**
 * A day from a date cell or text: 2020-01-05, 2020/1/5, 2020.1.5, 20200105 or 2020年1月5日 → '2020-01-05';
 * '' → undefined; anything else (or a day that does not exist) → null.
 */
export function parseDay(c: Cell): string | null | undefined {
  if (c instanceof Date) return Number.isNaN(c.getTime()) ? null : c.toISOString().slice(0, 10);
  // A date cell read without its number format arrives as an Excel serial day (1 = 1900-01-01).
  if (typeof c === 'number' && c >= 1 && c < 2958466)
    return new Date(Date.UTC(1899, 11, 30) + Math.floor(c) * 86_400_000).toISOString().slice(0, 10);
  const text = cellText(c);
  if (!text) return undefined;
  const m = /^(\d{4})(?:[-/.年](\d{1,2})[-/.月](\d{1,2})日?|(\d{2})(\d{2}))$/.exec(text);
  if (!m) return null;
  const day = `${m[1]}-${(m[2] ?? m[4] ?? '').padStart(2, '0')}-${(m[3] ?? m[5] ?? '').padStart(2, '0')}`;
  return isCalendarDate(day) ? day : null;
}

/** "党员, 独居、低保" → ['党员', '独居', '低保'] (commas of either width, 、 ; and spaces separate). */
export const splitTags = (text: string): string[] => [
  ...new Set(
    text
      .split(/[,，、;；\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  ),
];

export interface CustomFieldSpec {
  code: string;
  label: string;
  datatype: CustomFieldType;
  options: readonly string[];
  required: boolean;
}

const yes = new Set(['是', 'y', 'yes', 'true', '1', '√', '有']);
const no = new Set(['否', 'n', 'no', 'false', '0', '×', '无']);

/**
 * A custom field's value from its cell: `{ value }` (undefined when the cell is empty) or `{ problem }`.
 * Types as ledger_fields defines them: string ≤ 200, number, boolean (是/否), date, select (one option).
 */
export function parseCustom(
  f: CustomFieldSpec,
  c: Cell,
): { value: string | number | boolean | undefined } | { problem: ImportProblemCode } {
  const text = cellText(c);
  if (!text && !(c instanceof Date)) return f.required ? { problem: 'required' } : { value: undefined };
  switch (f.datatype) {
    case 'number': {
      const n = typeof c === 'number' ? c : Number(text);
      return Number.isFinite(n) && text !== '' ? { value: n } : { problem: 'bad_value' };
    }
    case 'boolean': {
      if (typeof c === 'boolean') return { value: c };
      const t = text.toLowerCase();
      return yes.has(t) ? { value: true } : no.has(t) ? { value: false } : { problem: 'bad_value' };
    }
    case 'date': {
      const d = parseDay(c);
      return d ? { value: d } : { problem: 'bad_date' };
    }
    case 'select':
      return f.options.includes(text) ? { value: text } : { problem: 'bad_value' };
    default:
      return text.length <= 200 ? { value: text } : { problem: 'too_long' };
  }
}

/** A header cell → the column key or custom field code it names ('姓名*' and '姓名（必填）' count as 姓名). */
export function headerKey(header: string, fields: readonly CustomFieldSpec[]): string | null {
  const h = header
    .replace(/[*＊]/g, '')
    .replace(/[（(].*[)）]$/, '')
    .trim();
  const col = importColumns.find((c) => c.header === h || c.label.en.toLowerCase() === h.toLowerCase());
  if (col) return col.key;
  const f = fields.find((x) => x.label === h || x.code === h);
  return f ? `custom.${f.code}` : null;
}
