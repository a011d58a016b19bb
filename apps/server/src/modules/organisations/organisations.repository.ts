/** Organisation queries. Organisations are city-wide records: every console user may list them. */
import type { Kysely } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import type { Database } from '../../db/database.js';
import { containsText, type Db } from '../../db/dialect.js';

type K = Kysely<Database>;

export interface OrgFilters {
  kind?: string;
  q?: string;
  status?: 'active' | 'disabled';
}

export class OrganisationsRepository {
  constructor(private db: Db) {}

  private filtered(f: OrgFilters) {
    let q = this.db.kysely.selectFrom('organisations as o');
    if (f.kind) q = q.where('o.kind', '=', f.kind);
    if (f.status) q = q.where('o.disabled', '=', f.status === 'disabled' ? 1 : 0);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) => eb.or(['o.name', 'o.code'].map((c) => containsText(this.db, c, text))));
    }
    return q;
  }

  async list(f: OrgFilters, page: number, pageSize: number) {
    const rows = this.filtered(f)
      .leftJoin('areas as a', 'a.id', 'o.areaId')
      .selectAll('o')
      .select(['a.name as areaName'])
      .orderBy('o.kind')
      .orderBy('o.name')
      .orderBy('o.id');
    return fetchPage(rows, this.filtered(f), { page, pageSize });
  }

  find(k: K, id: number) {
    return k
      .selectFrom('organisations as o')
      .leftJoin('areas as a', 'a.id', 'o.areaId')
      .selectAll('o')
      .select(['a.name as areaName', 'a.path as areaPath'])
      .where('o.id', '=', id)
      .executeTakeFirst();
  }

  findArea(k: K, id: number) {
    return k.selectFrom('areas').select(['id', 'path', 'name']).where('id', '=', id).executeTakeFirst();
  }

  async nameTaken(k: K, kind: string, name: string, exceptId?: number) {
    const row = await k
      .selectFrom('organisations')
      .select('id')
      .where('kind', '=', kind)
      .where('name', '=', name)
      .$if(exceptId !== undefined, (q) => q.where('id', '!=', exceptId as number))
      .executeTakeFirst();
    return !!row;
  }
}
