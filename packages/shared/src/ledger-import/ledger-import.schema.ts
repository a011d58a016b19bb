/**
 * API shapes of the ledger's Excel import (upload → preview with every row's problems → decisions per
 * duplicate → one all-or-nothing commit) and of the persons export (.xlsx / .csv, masked unless unmasked with a
 * reason). Row data in a preview is masked like everywhere else.
 */
import { z } from 'zod';
import { pageOf, pageQuery } from '../common/pagination.js';
import { personListQuery } from '../ledger/ledger.schema.js';
import { importDecisions, importProblemCodes, importStatuses } from './ledger-import.rules.js';

export const importView = z.object({
  id: z.string(),
  status: z.enum(importStatuses),
  fileName: z.string(),
  totalRows: z.number().int(),
  processedRows: z.number().int(),
  /** 0–100: bytes read while parsing, rows prepared while committing; 100 once done. */
  progress: z.number().int(),
  errorRows: z.number().int(),
  duplicateRows: z.number().int(),
  /** Rows the importer chose to skip. */
  skippedRows: z.number().int(),
  /** Rows that block the commit: problems not skipped, or duplicates without a decision. */
  blockingRows: z.number().int(),
  /** Workbook columns that are neither template columns nor active custom fields (ignored). */
  ignoredColumns: z.array(z.string()),
  /** After a commit. */
  result: z
    .object({
      inserted: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int(),
      householdsCreated: z.number().int(),
    })
    .nullable(),
  /** Why parsing or the commit failed (nothing was imported). */
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ImportView = z.infer<typeof importView>;
export const importCreated = z.object({ id: z.string(), status: z.enum(importStatuses) });

export const importRowFilters = ['problems', 'duplicates', 'all'] as const;
export type ImportRowFilter = (typeof importRowFilters)[number];
export const importRowsQuery = pageQuery.extend({ filter: z.enum(importRowFilters).default('all') });
export type ImportRowsQuery = z.input<typeof importRowsQuery>;

export const importRowData = z.object({
  name: z.string(),
  /** Masked (142601********1234), or the raw text masked the same way when it is not a valid number. */
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  gender: z.string().nullable(),
  birthDate: z.string().nullable(),
  relation: z.string().nullable(),
  /** Where the row says the person lives: building/unit/room or the address, and the grid. */
  place: z.string(),
  grid: z.string().nullable(),
  /** What the row will do at commit: the existing household's address, or a household to create. */
  household: z.object({ id: z.string().nullable(), address: z.string(), isNew: z.boolean() }).nullable(),
  /** Open tags; sensitive ones only counted. */
  tags: z.array(z.string()),
  sensitiveTagCount: z.number().int(),
  movedInOn: z.string().nullable(),
  custom: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export const importProblemView = z.object({
  field: z.string(),
  code: z.enum(importProblemCodes),
  message: z.string(),
});
export const importRowView = z.object({
  rowNo: z.number().int(),
  data: importRowData,
  problems: z.array(importProblemView),
  duplicate: z
    .object({
      kind: z.enum(['existing', 'row']),
      personId: z.string().nullable(),
      rowNo: z.number().int().nullable(),
      name: z.string(),
    })
    .nullable(),
  decision: z.enum(importDecisions).nullable(),
});
export type ImportRowView = z.infer<typeof importRowView>;
export const importRowPage = pageOf(importRowView);
export type ImportRowPage = z.infer<typeof importRowPage>;

/**
 * Decisions: `skip` for any row (a bad row is skipped rather than fixed); `update` / `keep` for duplicates only;
 * null clears. `all` sets every duplicate first, `skipProblems` skips every row with problems; then the
 * per-row decisions apply.
 */
export const importDecisionsBody = z.object({
  version: z.number().int().min(1).optional(),
  decisions: z
    .array(z.object({ rowNo: z.number().int().min(1), decision: z.enum(importDecisions).nullable() }))
    .max(1000)
    .default([]),
  all: z.enum(importDecisions).optional(),
  skipProblems: z.boolean().optional(),
});
export type ImportDecisionsBody = z.input<typeof importDecisionsBody>;
export const importCommitBody = z.object({ version: z.number().int().min(1) });

/** GET /api/persons/export.xlsx|csv: the list's filters, plus an unmasked export (ledger.unmask, a reason). */
export const personExportQuery = personListQuery.extend({
  unmasked: z.enum(['true', 'false']).optional(),
  reason: z.string().trim().max(200).optional(),
});
export type PersonExportQuery = z.infer<typeof personExportQuery>;
