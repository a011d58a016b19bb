/**
 * The write of a commit, inside ONE transaction (the caller opens it): any error — a stale preview, a
 * constraint, a crash of this code — rolls back every person, household, tag row and the audit row together,
 * so nothing is ever half-imported.
 *
 * First it checks that the ledger still is as the preview saw it (no new person with an imported ID number,
 * update targets still there and writable, target households not archived), then it writes in bulk: the plain
 * new persons of existing households straight from the staging rows in SQL (ledger-import.bulk.ts); for the
 * rest, the plan: new households, persons and ledger_tags rows as multi-row INSERTs in chunks, updates one by one.
 *
 * Ids of a multi-row INSERT: both databases hand out ascending ids in VALUES order within one statement
 * (SQLite: max(rowid)+1 per row; PostgreSQL: nextval per row in order), but neither promises the order of
 * RETURNING rows — so the returned ids are sorted before they are matched to the inserted rows.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { type Kysely, sql } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Database } from '../../db/database.js';
import type { DialectName } from '../../db/dialect.js';
import { bulkInsertValues } from './bulk-insert.js';
import { copyPlain } from './ledger-import.bulk.js';
import { PERSON_COLUMNS, personRow } from './ledger-import.crypto.js';
import { type CommitPlan, householdKey, type PlanEntry, updateColumns } from './ledger-import.plan.js';
import type { StagedPerson } from './ledger-import.validate.js';

type K = Kysely<Database>;

export interface CommitHooks {
  /** Called before each chunk of person rows is written, inside the transaction (tests throw here). */
  onChunk?: (chunkIndex: number, trx: Kysely<Database>) => void | Promise<void>;
  /** Called after the plain new persons are copied, inside the transaction (tests throw here). */
  afterCopy?: (trx: Kysely<Database>) => void | Promise<void>;
}

export interface CommitResult {
  inserted: number;
  updated: number;
  skipped: number;
  householdsCreated: number;
}

const LOOKUP = 500;
const under = (paths: string[], path: string) => paths.some((p) => path.startsWith(p));

function* chunks<T>(list: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}

const PERSONS_INSERT = [...PERSON_COLUMNS, 'householdId', 'areaPath', 'createdAt', 'updatedAt'];
const TAG_COLUMNS = ['entityKind', 'entityId', 'areaPath', 'tagKey'];
const HOUSEHOLD_COLUMNS = [
  'gridId',
  'areaPath',
  'buildingId',
  'roomId',
  'address',
  'headName',
  'createdAt',
  'updatedAt',
];

/** Inserts rows (values in the order of `cols`) in chunks and returns their ids in input order (see the header). */
async function insertReturningIds(
  k: K,
  dialect: DialectName,
  table: 'persons' | 'households',
  cols: readonly string[],
  rows: unknown[][],
  size: number,
  before?: (i: number, trx: K) => void | Promise<void>,
) {
  const got = await bulkInsertValues<{ id: number }>(k, dialect, table, cols, rows, {
    size,
    returning: ['id'],
    before: before && ((chunk) => before(chunk, k)),
  });
  const ids: number[] = [];
  // Sorted per statement: within one INSERT the ids ascend in VALUES order.
  for (let i = 0; i < got.length; i += size)
    ids.push(
      ...got
        .slice(i, i + size)
        .map((r) => Number(r.id))
        .sort((a, b) => a - b),
    );
  return ids;
}

export class CommitWriter {
  constructor(
    private readonly ctx: AppContext,
    private readonly k: K,
    private readonly opts: { writePaths: string[]; chunk: number; hooks: CommitHooks },
  ) {}

  private get dialect() {
    return this.ctx.db.dialect;
  }

  /** Writes `plan` and the import's plain new persons (ledger-import.bulk.ts, copied in SQL). */
  async write(plan: CommitPlan, actor: Actor, audit: { importId: number; fileName: string }): Promise<CommitResult> {
    const stored = await this.checkFresh(plan);
    const now = this.ctx.clock.now();
    // First, so that its checks compare with the ledger as it was (no person of this import yet).
    const plain = await copyPlain(this.k, this.dialect, audit.importId, now);
    if (plain.newPerson) throw new AppError('IMPORT_STALE', { reason: 'new_person' });
    if (plain.householdGone) throw new AppError('IMPORT_STALE', { reason: 'household_changed' });
    await this.opts.hooks.afterCopy?.(this.k);
    const created = await this.createHouseholds(plan, now);
    const householdOf = (e: PlanEntry) => {
      const t = e.target;
      if (!t) throw new AppError('IMPORT_HAS_ERRORS');
      const key = householdKey(t);
      return t.kind === 'household' ? t.householdId : (created.get(key as string) as number);
    };
    const inserted = await this.insertPersons(plan.inserts, householdOf, now);
    await this.updatePersons(plan.updates, householdOf, stored, now);
    const result = {
      inserted: inserted + plain.count,
      updated: plan.updates.length,
      skipped: plan.skipped,
      householdsCreated: created.size,
    };
    await this.ctx.audit.write(this.k, actor, {
      action: 'ledger.import_commit',
      entityType: 'ledger_import',
      entityId: audit.importId,
      areaPath: commonPath([...plan.entries.map((e) => e.target?.areaPath ?? '/'), ...plain.areaPaths]),
      summary: { fileName: audit.fileName, ...result },
    });
    return result;
  }

  /** IMPORT_STALE when the ledger changed since the preview in a way the decisions did not see. */
  private async checkFresh(plan: CommitPlan) {
    const hashes = plan.inserts.map((e) => e.idHash).filter((h): h is string => !!h);
    for (const part of chunks(hashes, LOOKUP)) {
      const found = await this.k.selectFrom('persons').select('id').where('idNoHash', 'in', part).execute();
      const fresh = found.find((r) => !plan.knownExisting.has(r.id));
      if (fresh) throw new AppError('IMPORT_STALE', { reason: 'new_person' });
    }
    const stored = new Map<number, { custom: string; areaPath: string }>();
    const ids = plan.updates.map((e) => e.personId as number);
    for (const part of chunks(ids, LOOKUP)) {
      const rows = await this.k
        .selectFrom('persons')
        .select(['id', 'custom', 'areaPath'])
        .where('id', 'in', part)
        .where('anonymisedAt', 'is', null)
        .execute();
      for (const r of rows) if (under(this.opts.writePaths, r.areaPath)) stored.set(r.id, r);
    }
    if (stored.size !== new Set(ids).size) throw new AppError('IMPORT_STALE', { reason: 'person_changed' });
    const households = [
      ...new Set(plan.entries.flatMap((e) => (e.target?.kind === 'household' ? [e.target.householdId] : []))),
    ];
    for (const part of chunks(households, LOOKUP)) {
      const rows = await this.k
        .selectFrom('households')
        .select('id')
        .where('id', 'in', part)
        .where('archivedAt', 'is', null)
        .execute();
      if (rows.length !== part.length) throw new AppError('IMPORT_STALE', { reason: 'household_changed' });
    }
    return stored;
  }

  private async createHouseholds(plan: CommitPlan, now: number) {
    const wanted = plan.newHouseholds();
    const ids = await insertReturningIds(
      this.k,
      this.dialect,
      'households',
      HOUSEHOLD_COLUMNS,
      wanted.map((h) => [h.gridId, h.areaPath, h.buildingId, h.roomId, h.address, h.headName, now, now]),
      200,
    );
    return new Map(wanted.map((h, i) => [h.key, ids[i] as number]));
  }

  private async insertPersons(entries: PlanEntry[], householdOf: (e: PlanEntry) => number, now: number) {
    const pii = this.ctx.pii;
    const encoded = entries.map((e) => e.encoded ?? personRow(pii, e.data as StagedPerson));
    const rows = encoded.map(({ values }, i) => {
      const e = entries[i] as PlanEntry;
      return [...values, householdOf(e), e.target?.areaPath as string, now, now];
    });
    const ids = await insertReturningIds(
      this.k,
      this.dialect,
      'persons',
      PERSONS_INSERT,
      rows,
      this.opts.chunk,
      this.opts.hooks.onChunk,
    );
    const tags: unknown[][] = [];
    encoded.forEach(({ tagKeys }, i) => {
      const areaPath = entries[i]?.target?.areaPath as string;
      for (const tagKey of new Set(tagKeys)) tags.push(['person', ids[i], areaPath, tagKey]);
    });
    await bulkInsertValues(this.k, this.dialect, 'ledgerTags', TAG_COLUMNS, tags, { size: 1000 });
    return ids.length;
  }

  /** Updates change the listed columns, move the person to the row's household and back in if moved out. */
  private async updatePersons(
    entries: PlanEntry[],
    householdOf: (e: PlanEntry) => number,
    stored: Map<number, { custom: string }>,
    now: number,
  ) {
    const pii = this.ctx.pii;
    for (const e of entries) {
      const id = e.personId as number;
      const areaPath = e.target?.areaPath as string;
      // Updates keep their whole row (PlanEntry.data).
      const { set, tagKeys } = updateColumns(pii, e.data as StagedPerson, stored.get(id)?.custom ?? '{}');
      await this.k
        .updateTable('persons')
        .set({
          ...set,
          householdId: householdOf(e),
          areaPath,
          movedOutOn: null,
          movedOutAt: null,
          moveNote: null,
          updatedAt: now,
          version: sql<number>`version + 1`,
        })
        .where('id', '=', id)
        .execute();
      if (tagKeys) {
        await this.k.deleteFrom('ledgerTags').where('entityKind', '=', 'person').where('entityId', '=', id).execute();
        const unique = [...new Set(tagKeys)];
        if (unique.length)
          await this.k
            .insertInto('ledgerTags')
            .values(unique.map((tagKey) => ({ entityKind: 'person' as const, entityId: id, areaPath, tagKey })))
            .execute();
      } else {
        await this.k
          .updateTable('ledgerTags')
          .set({ areaPath })
          .where('entityKind', '=', 'person')
          .where('entityId', '=', id)
          .execute();
      }
    }
  }
}

/** The deepest area path covering all of `paths` (the audit row's area, so scoped readers of the log see it). */
export function commonPath(paths: string[]): string {
  if (paths.length === 0) return '/';
  let prefix = paths[0] as string;
  for (const p of paths)
    while (!p.startsWith(prefix)) prefix = prefix.slice(0, prefix.slice(0, -1).lastIndexOf('/') + 1);
  return prefix || '/';
}
