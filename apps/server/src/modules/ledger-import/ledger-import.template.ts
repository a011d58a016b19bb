/**
 * The import template: one sheet with the Chinese headers in row 1 (a note on each says what goes in), the ID
 * number and phone columns formatted as text (an 18-digit number typed into a General cell loses its last
 * digits), drop-downs for 性别 / 与户主关系 and the select-type custom fields, and a second sheet with one
 * filled example row and the tag vocabulary — so the data sheet itself has no row to delete before import.
 */
import { idCheckChar } from '@grassroots/shared/ledger/idcard';
import { genderLabels, personTags, relationLabels, relations } from '@grassroots/shared/ledger/ledger.rules';
import { type CustomFieldSpec, importColumns } from '@grassroots/shared/ledger-import/ledger-import.rules';
import ExcelJS from 'exceljs';

const TEXT = '@';
/** A valid (made-up) ID number for the example row: born 1990-03-07, female. */
const EXAMPLE_ID = `14260119900307002${idCheckChar('14260119900307002')}`;
const MAX_ROW = 20000; // validations and text format reach this far down

type RangeValidations = { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } };

const listFormula = (values: readonly string[]) => `"${values.join(',')}"`;

export async function buildTemplate(fields: readonly CustomFieldSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '基层治理一网通';
  const ws = wb.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
  const headers = [
    ...importColumns.map((c) => ({ header: c.header, note: c.hint })),
    ...fields.map((f) => ({
      header: f.label,
      note: `${f.datatype === 'select' ? `可选：${f.options.join('、')}` : f.datatype}${f.required ? '（必填）' : ''}`,
    })),
  ];
  ws.columns = headers.map((h) => ({ header: h.header, width: Math.max(10, h.header.length * 2 + 4) }));
  const head = ws.getRow(1);
  head.font = { bold: true };
  headers.forEach((h, i) => {
    head.getCell(i + 1).note = h.note;
  });
  const colOf = (key: string) => importColumns.findIndex((c) => c.key === key) + 1;
  for (const key of ['idNumber', 'phone', 'unit', 'room']) ws.getColumn(colOf(key)).numFmt = TEXT;
  ws.getColumn(colOf('idNumber')).width = 22;
  ws.getColumn(colOf('building')).width = 18;
  ws.getColumn(colOf('address')).width = 24;
  ws.getColumn(colOf('tags')).width = 18;

  const list = (col: number, values: readonly string[]) => {
    // Excel limits a literal list to 255 characters; longer option lists are left to the server's check.
    if (listFormula(values).length > 255) return;
    const letter = ws.getColumn(col).letter;
    // Range validations exist at run time (exceljs 4.4) but are missing from its typings.
    (ws as unknown as RangeValidations).dataValidations.add(`${letter}2:${letter}${MAX_ROW}`, {
      type: 'list',
      allowBlank: true,
      formulae: [listFormula(values)],
    });
  };
  list(colOf('gender'), [genderLabels.male['zh-CN'], genderLabels.female['zh-CN']]);
  list(
    colOf('relation'),
    relations.map((r) => relationLabels[r]['zh-CN']),
  );
  fields.forEach((f, i) => {
    const col = importColumns.length + i + 1;
    if (f.datatype === 'select') list(col, f.options);
    if (f.datatype === 'boolean') list(col, ['是', '否']);
  });

  const help = wb.addWorksheet('填写说明');
  help.columns = [{ width: 18 }, { width: 70 }];
  help.addRows([
    ['说明', '在“台账”表第 2 行起每行填写一人；第 1 行表头请勿修改。只导入第一个工作表。'],
    ['住户', '有楼栋的填 楼栋/单元/房号（楼栋可写“小区 楼栋”）；农村住户填 地址，新建住户时同时填 网格。'],
    ['身份证号', '18 位，末位可为 X；请保持该列为文本格式。出生日期、性别可留空，按身份证号自动填写。'],
    ['与户主关系', relations.map((r) => relationLabels[r]['zh-CN']).join('、')],
    ['标签', `多个用逗号分隔：${personTags.join('、')}`],
    ['示例', `张丽华 | ${EXAMPLE_ID} | 13812345678 | 女 | 1990-03-07 | 户主 | 新城壹号 3号楼 | 2 | 301`],
  ]);
  help.getColumn(1).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
