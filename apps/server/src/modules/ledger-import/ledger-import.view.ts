/** API views of an import and of its staging rows: personal data masked (the preview is no unmask). */
import { type ErrorCode, errorMessages } from '@grassroots/shared/common/errors';
import { isSensitiveTag } from '@grassroots/shared/ledger/ledger.rules';
import {
  type ImportDecision,
  type ImportProblem,
  type ImportStatus,
  importProblemLabels,
} from '@grassroots/shared/ledger-import/ledger-import.rules';
import type { ImportRowView, ImportView } from '@grassroots/shared/ledger-import/ledger-import.schema';
import { maskIdNumber, maskPhone } from '@grassroots/shared/privacy/masking';
import type { ImportRow } from './ledger-import.repository.js';
import type { StagedPerson } from './ledger-import.validate.js';

export type Locale = 'zh-CN' | 'en';

export interface ImportSummary {
  ignoredColumns?: string[];
  result?: ImportView['result'];
  error?: { code: string; details?: unknown };
}

export function parseSummary(s: string): ImportSummary {
  try {
    return JSON.parse(s) as ImportSummary;
  } catch {
    return {};
  }
}

export function toImportView(
  r: ImportRow,
  extra: { progress: number; blocking: number; skipped: number },
  locale: Locale,
): ImportView {
  const summary = parseSummary(r.summary);
  const code = summary.error?.code;
  const message = code && code in errorMessages ? errorMessages[code as ErrorCode][locale] : code;
  return {
    id: String(r.id),
    status: r.status as ImportStatus,
    fileName: r.fileName,
    totalRows: r.totalRows,
    processedRows: r.processedRows,
    progress: extra.progress,
    errorRows: r.errorRows,
    duplicateRows: r.duplicateRows,
    skippedRows: extra.skipped,
    blockingRows: extra.blocking,
    ignoredColumns: summary.ignoredColumns ?? [],
    result: summary.result ?? null,
    error: code ? { code, message: message ?? code } : null,
    version: r.version,
    createdAt: new Date(r.createdAt).toISOString(),
    updatedAt: new Date(r.updatedAt).toISOString(),
  };
}

function placeText(d: StagedPerson) {
  const p = d.place;
  if (p.building) return [p.building, p.unit && `${p.unit.replace(/单元$/, '')}单元`, p.room].filter(Boolean).join(' ');
  return p.address;
}

function householdOf(d: StagedPerson): ImportRowView['data']['household'] {
  const t = d.target;
  if (!t) return null;
  return {
    id: t.kind === 'household' ? String(t.householdId) : null,
    address: t.address,
    isNew: t.kind !== 'household',
  };
}

export function toRowView(
  r: {
    rowNo: number;
    problems: string;
    duplicateOf: number | null;
    duplicateRow: number | null;
    decision: string | null;
  },
  d: StagedPerson,
  duplicateName: string,
  locale: Locale,
): ImportRowView {
  const problems = JSON.parse(r.problems) as ImportProblem[];
  return {
    rowNo: r.rowNo,
    data: {
      name: d.name,
      idNumber: maskIdNumber(d.idNumber),
      phone: maskPhone(d.phone),
      gender: d.gender,
      birthDate: d.birthDate,
      relation: d.relation,
      place: placeText(d),
      grid: d.place.grid || null,
      household: householdOf(d),
      tags: d.tags.filter((t) => !isSensitiveTag(t)),
      sensitiveTagCount: d.tags.filter(isSensitiveTag).length,
      movedInOn: d.movedInOn,
      custom: d.custom,
    },
    problems: problems.map((p) => ({ ...p, message: importProblemLabels[p.code][locale] })),
    duplicate:
      r.duplicateRow != null
        ? { kind: 'row', personId: null, rowNo: r.duplicateRow, name: duplicateName }
        : r.duplicateOf != null
          ? { kind: 'existing', personId: String(r.duplicateOf), rowNo: null, name: duplicateName }
          : null,
    decision: r.decision as ImportDecision | null,
  };
}
