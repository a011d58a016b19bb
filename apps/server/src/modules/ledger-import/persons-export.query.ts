/**
 * The persons an export holds: the same filters as GET /api/persons (ledger module), read in keyset pages by
 * id so a 100k export never uses OFFSET and rows added meanwhile cannot shift a page.
 *
 * The WHERE clauses mirror PersonsRepository.list of the ledger module, which does not export its filter
 * builder (it builds and pages in one method). Scope comes from the ledger's own access rules (ledgerReach /
 * visibleTo: a party member sees only linked households). When the ledger module exports its filter, `filtered`
 * below becomes a call to it.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { normaliseIdNumber } from '@grassroots/shared/ledger/idcard';
import { birthDateRange } from '@grassroots/shared/ledger/ledger.rules';
import { customFiltersOf } from '@grassroots/shared/ledger/ledger.schema';
import type { PersonExportQuery } from '@grassroots/shared/ledger-import/ledger-import.schema';
import { isPhoneQuery } from '@grassroots/shared/places/places.rules';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Pii } from '../../core/pii.js';
import { containsText, type Db, likeEscape } from '../../db/dialect.js';
import { type LedgerReach, visibleTo } from '../ledger/ledger.access.js';
import { idNumberHash, phoneHash, tagKey } from '../ledger/person-codec.js';

/** `"code":<literal>` followed by `,` or `}` in the stored JSON (written by one JSON.stringify). */
const customIs = (code: string, literal: string): Expression<SqlBool> => {
  const base = likeEscape(`"${code}":${literal}`);
  return sql<SqlBool>`(p.custom LIKE ${`%${base},%`} ESCAPE '\\' OR p.custom LIKE ${`%${base}}`} ESCAPE '\\')`;
};

/** The JSON literal a filter value stands for, given the field's datatype; null: it cannot match. */
function literalOf(datatype: string, value: string): string | null {
  if (datatype === 'number')
    return value.trim() !== '' && Number.isFinite(Number(value)) ? String(Number(value)) : null;
  if (datatype === 'boolean') return value === 'true' || value === 'false' ? value : null;
  return JSON.stringify(value);
}

const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', [{ path, message }]);

/** The filtered persons (FROM persons p JOIN households h, WHERE …), nothing selected yet. */
export async function filtered(db: Db, pii: Pii, reach: LedgerReach, q: PersonExportQuery, today: string) {
  const k = db.kysely;
  let w = k
    .selectFrom('persons as p')
    .innerJoin('households as h', 'h.id', 'p.householdId')
    .where(visibleTo(reach, 'p.areaPath', 'p.householdId'));
  if (q.areaId) {
    const a = await k.selectFrom('areas').select('path').where('id', '=', Number(q.areaId)).executeTakeFirst();
    if (!a) throw new AppError('NOT_FOUND', { areaId: q.areaId });
    w = w.where('p.areaPath', 'like', `${a.path}%`);
  }
  if (q.gridId) w = w.where('h.gridId', '=', Number(q.gridId));
  if (q.householdId) w = w.where('p.householdId', '=', Number(q.householdId));
  if (q.q) {
    const id = normaliseIdNumber(q.q);
    if (/^\d{17}[\dX]$/.test(id)) w = w.where('p.idNoHash', '=', idNumberHash(pii, id));
    else if (isPhoneQuery(q.q)) w = w.where('p.phoneHash', '=', phoneHash(pii, q.q));
    else w = w.where(containsText(db, 'p.name', q.q));
  }
  for (const tag of q.tag ?? []) {
    const key = tagKey(pii, tag);
    w = w.where('p.id', 'in', (eb) =>
      eb
        .selectFrom('ledgerTags as t')
        .select('t.entityId')
        .where('t.entityKind', '=', 'person')
        .where('t.tagKey', '=', key),
    );
  }
  if (q.ageGroup) {
    const r = birthDateRange(q.ageGroup, today);
    w = w.where('p.birthDate', '>', r.after).where('p.birthDate', '<=', r.upTo);
  }
  if (q.gender) w = w.where('p.gender', '=', q.gender);
  if (q.relation) w = w.where('p.relation', '=', q.relation);
  if (q.movedOut === 'false') w = w.where('p.movedOutOn', 'is', null);
  if (q.movedOut === 'true') w = w.where('p.movedOutOn', 'is not', null);
  const custom = Object.entries(customFiltersOf(q));
  if (custom.length) {
    const fields = new Map(
      (await k.selectFrom('ledgerFields').select(['code', 'datatype']).execute()).map((f) => [f.code, f.datatype]),
    );
    for (const [code, value] of custom) {
      const datatype = fields.get(code);
      const literal = datatype ? literalOf(datatype, value) : null;
      if (!datatype || literal === null)
        throw bad(`query.custom.${code}`, datatype ? '取值不符合字段类型' : '未定义的自定义字段');
      w = w.where(customIs(code, literal));
    }
  }
  return w;
}
export type FilteredPersons = Awaited<ReturnType<typeof filtered>>;

/** One keyset page of the export: persons with their household's place, grid, building, compound and room. */
export function exportPage(f: FilteredPersons, afterId: number, maxId: number, limit: number) {
  return f
    .innerJoin('areas as g', 'g.id', 'h.gridId')
    .leftJoin('buildings as b', 'b.id', 'h.buildingId')
    .leftJoin('compounds as c', 'c.id', 'b.compoundId')
    .leftJoin('rooms as r', 'r.id', 'h.roomId')
    .selectAll('p')
    .select(['h.address as householdAddress', 'g.name as gridName', 'b.name as buildingName'])
    .select(['c.name as compoundName', 'r.unit as roomUnit', 'r.number as roomNumber'])
    .where('p.id', '>', afterId)
    .where('p.id', '<=', maxId)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}
export type ExportRow = Awaited<ReturnType<typeof exportPage>>[number];
