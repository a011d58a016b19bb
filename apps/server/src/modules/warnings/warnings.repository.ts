/** Warning rows: the scoped, paginated list (one page query + one count) and single reads. */
import type { WarningListQuery } from '@grassroots/shared/warnings/warnings.schema';
import type { Kysely } from 'kysely';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';

type K = Kysely<Database>;

export class WarningsRepository {
  constructor(private k: K) {}

  private base(k: K) {
    return k
      .selectFrom('warnings as w')
      .innerJoin('areas as a', 'a.id', 'w.areaId')
      .innerJoin('caseCategories as cc', 'cc.id', 'w.categoryId')
      .leftJoin('accounts as ack', 'ack.id', 'w.ackBy')
      .selectAll('w')
      .select(['a.name as areaName', 'cc.name as categoryName', 'ack.displayName as ackByName']);
  }

  async list(scope: Scope, q: WarningListQuery, areaPath: string | null) {
    let where = this.k.selectFrom('warnings as w').where(inAreas(scope, 'w.areaPath'));
    if (q.status) where = where.where('w.status', '=', q.status);
    if (q.kind) where = where.where('w.kind', '=', q.kind);
    if (areaPath !== null) where = where.where('w.areaPath', 'like', `${areaPath}%`);
    const ids = where.select('w.id');
    const [rows, total] = await Promise.all([
      this.base(this.k)
        .where('w.id', 'in', ids)
        .orderBy('w.createdAt', 'desc')
        .orderBy('w.id', 'desc')
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize)
        .execute(),
      where.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  }

  find(k: K, id: number) {
    return this.base(k).where('w.id', '=', id).executeTakeFirst();
  }

  areaPath(id: number) {
    return this.k.selectFrom('areas').select('path').where('id', '=', id).executeTakeFirst();
  }
}

export type WarningRow = NonNullable<Awaited<ReturnType<WarningsRepository['find']>>>;
