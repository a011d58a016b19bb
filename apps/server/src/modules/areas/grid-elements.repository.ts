/** SQL of grid elements (网格要素). Lists take the caller's Scope. */
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database, GridElement } from '../../db/database.js';
import { containsText, type Db } from '../../db/dialect.js';

type K = Kysely<Database>;
export type GridElementRow = GridElement & { gridName: string };

const columns = [
  'e.id',
  'e.gridId',
  'e.areaPath',
  'e.kind',
  'e.name',
  'e.code',
  'e.geometry',
  'e.responsibleName',
  'e.responsiblePhone',
  'e.createdAt',
  'e.updatedAt',
  'g.name as gridName',
] as const;

export class GridElementsRepository {
  constructor(private db: Db) {}

  /** One page of the elements under `rootPath` (two queries: page + total). */
  async page(scope: Scope, rootPath: string, f: { kind?: string; q?: string; page: number; pageSize: number }) {
    const k = this.db.kysely;
    let q = k
      .selectFrom('gridElements as e')
      .innerJoin('areas as g', 'g.id', 'e.gridId')
      .where(inAreas(scope, 'e.areaPath'))
      .where('e.areaPath', 'like', `${rootPath}%`);
    if (f.kind) q = q.where('e.kind', '=', f.kind);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) => eb.or(['e.name', 'e.code', 'e.responsibleName'].map((c) => containsText(this.db, c, text))));
    }
    const { rows: items, total } = await fetchPage(
      q.select(columns).orderBy('e.kind').orderBy('e.name').orderBy('e.id'),
      q,
      f,
    );
    return { items: items as GridElementRow[], total };
  }

  find(k: K, id: number): Promise<GridElementRow | undefined> {
    return k
      .selectFrom('gridElements as e')
      .innerJoin('areas as g', 'g.id', 'e.gridId')
      .select(columns)
      .where('e.id', '=', id)
      .executeTakeFirst() as Promise<GridElementRow | undefined>;
  }

  async insert(k: K, v: Omit<GridElement, 'id'>) {
    const r = await k.insertInto('gridElements').values(v).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  async update(k: K, id: number, set: Partial<Omit<GridElement, 'id'>>) {
    await k.updateTable('gridElements').set(set).where('id', '=', id).execute();
  }

  async delete(k: K, id: number) {
    await k.deleteFrom('gridElements').where('id', '=', id).execute();
  }

  /** Elements with a geometry in scope under `rootPath`, for the map (capped: it is a picture, not a ledger). */
  withGeometry(scope: Scope, rootPath: string | null, limit = 10_000) {
    let q = this.db.kysely
      .selectFrom('gridElements')
      .select(['id', 'gridId', 'kind', 'name', 'geometry'])
      .where('geometry', 'is not', null)
      .where(inAreas(scope, 'areaPath'));
    if (rootPath) q = q.where('areaPath', 'like', `${rootPath}%`);
    return q.orderBy('id').limit(limit).execute();
  }
}
