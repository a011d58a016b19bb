/**
 * The form builder's rows ↔ a campaign's form fields: options are edited as one per line, codes are
 * suggested (f1, f2 …) so nobody has to invent one, and blank lines or spaces never reach the server.
 */
import type { CampaignFieldType } from '@grassroots/shared/campaigns/campaigns.rules';
import type { CampaignFieldInput } from '@grassroots/shared/campaigns/campaigns.schema';

export interface FieldRow {
  code: string;
  label: string;
  datatype: CampaignFieldType;
  required: boolean;
  optionsText?: string;
}

export const optionsOf = (text: string | undefined) => [
  ...new Set(
    (text ?? '')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean),
  ),
];

export function rowsToFields(rows: readonly FieldRow[]): CampaignFieldInput[] {
  return rows.map((r) => ({
    code: r.code.trim(),
    label: r.label.trim(),
    datatype: r.datatype,
    required: !!r.required,
    options: r.datatype === 'select' ? optionsOf(r.optionsText) : [],
  }));
}

export function fieldsToRows(fields: readonly CampaignFieldInput[]): FieldRow[] {
  return fields.map((f) => ({
    code: f.code,
    label: f.label,
    datatype: f.datatype,
    required: !!f.required,
    optionsText: (f.options ?? []).join('\n'),
  }));
}

/** The first free code of the form f1, f2, … */
export function nextCode(rows: readonly Pick<FieldRow, 'code'>[]): string {
  const taken = new Set(rows.map((r) => r.code));
  for (let i = 1; ; i++) if (!taken.has(`f${i}`)) return `f${i}`;
}
