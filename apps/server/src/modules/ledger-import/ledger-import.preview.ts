/**
 * The preview of an import (the caller's own, checked by the service): a page of staging rows decrypted and
 * shown masked with the names of what they duplicate, and the decisions taken on them.
 */
import { AppError } from '@grassroots/shared/common/errors';
import {
  type ImportDecisionsBody,
  type ImportRowsQuery,
  importDecisionsBody,
  importRowsQuery,
} from '@grassroots/shared/ledger-import/ledger-import.schema';
import type { AppContext } from '../../core/context.js';
import { openRow, STAGED_PERSON } from './ledger-import.crypto.js';
import { type ImportRow, importsRepository as repo } from './ledger-import.repository.js';
import { type Locale, toRowView } from './ledger-import.view.js';

type DuplicateRefs = { duplicateOf: number | null; duplicateRow: number | null }[];

export async function previewRows(ctx: AppContext, id: number, query: ImportRowsQuery, locale: Locale) {
  const q = importRowsQuery.parse(query);
  const { rows, total } = await repo.page(ctx.db.kysely, id, q.filter, q);
  const names = await duplicateNames(ctx, id, rows);
  return {
    items: rows.map((r) => {
      const data = openRow(ctx.pii, r);
      const name = names.get(r.duplicateRow != null ? `r${r.duplicateRow}` : `p${r.duplicateOf}`) ?? '';
      return toRowView(r, data, name, locale);
    }),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** Names of what the page's duplicates duplicate: existing persons and earlier rows, one query each. */
async function duplicateNames(ctx: AppContext, id: number, rows: DuplicateRefs) {
  const k = ctx.db.kysely;
  const names = new Map<string, string>();
  const personIds = [
    ...new Set(rows.flatMap((r) => (r.duplicateRow == null && r.duplicateOf != null ? [r.duplicateOf] : []))),
  ];
  const rowNos = [...new Set(rows.flatMap((r) => (r.duplicateRow != null ? [r.duplicateRow] : [])))];
  if (personIds.length) {
    const ps = await k.selectFrom('persons').select(['id', 'name']).where('id', 'in', personIds).execute();
    for (const x of ps) names.set(`p${x.id}`, x.name);
  }
  if (rowNos.length) {
    const rs = await k
      .selectFrom('ledgerImportRows')
      .select(['rowNo', 'dataEnc', ...STAGED_PERSON])
      .where('importId', '=', id)
      .where('rowNo', 'in', rowNos)
      .execute();
    for (const x of rs) names.set(`r${x.rowNo}`, openRow(ctx.pii, x).name);
  }
  return names;
}

/**
 * `all` for every duplicate, `skipProblems` for every row with problems, then each listed row: a duplicate
 * takes skip / update / keep (or null), any other row only skip or null. Bumps the import's version.
 */
export async function applyDecisions(ctx: AppContext, row: ImportRow, input: ImportDecisionsBody) {
  const body = importDecisionsBody.parse(input);
  if (body.version !== undefined && body.version !== row.version) throw new AppError('VERSION_CONFLICT');
  const k = ctx.db.kysely;
  const id = row.id;
  const rowNos = body.decisions.map((d) => d.rowNo);
  const [existing, duplicates] = await Promise.all([
    repo.existingRowNos(k, id, rowNos),
    repo.duplicateRowNos(k, id, rowNos),
  ]);
  const invalid = body.decisions.find(
    (d) => !existing.has(d.rowNo) || ((d.decision === 'update' || d.decision === 'keep') && !duplicates.has(d.rowNo)),
  );
  if (invalid)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'body.decisions',
        message: `第 ${invalid.rowNo} 行不存在，或不是重复记录（只有重复记录可选择更新/保留）`,
      },
    ]);
  await k.transaction().execute(async (trx) => {
    if (body.all) await repo.decideDuplicates(trx, id, body.all);
    if (body.skipProblems) await repo.skip(trx, id, true);
    for (const d of body.decisions) {
      const n = await repo.decideDuplicates(trx, id, d.decision, [d.rowNo]);
      if (n === 0) await repo.skip(trx, id, d.decision === 'skip', [d.rowNo]);
    }
    await repo.update(trx, id, { version: row.version + 1, updatedAt: ctx.clock.now() });
  });
}
