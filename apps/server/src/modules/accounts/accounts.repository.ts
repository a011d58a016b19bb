/**
 * Account and grant queries. An account is in a scope when one of its grants sits on an area inside the
 * scope, or on an organisation whose area lies inside it. Lists run a fixed number of queries per page.
 */
import type { Role } from '@grassroots/shared/auth/roles';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import { fetchPage } from '../../core/paging.js';
import { inAreas, type Scope } from '../../core/scope.js';
import type { Database } from '../../db/database.js';
import { containsText, type Db } from '../../db/dialect.js';

type K = Kysely<Database>;
type AccEb = ExpressionBuilder<Database & { acc: Database['accounts'] }, 'acc'>;

export const isWholeScope = (scope: Scope) => scope.areaPaths.includes('/');

/** `EXISTS (a grant of acc placed inside the scope)`; the whole scope (admin) also sees grant-less accounts. */
function accountInScope(scope: Scope) {
  return (eb: AccEb) => {
    if (isWholeScope(scope)) return sql<boolean>`1 = 1`;
    return eb.exists(
      eb
        .selectFrom('roleAssignments as g')
        .leftJoin('areas as ga', 'ga.id', 'g.areaId')
        .leftJoin('organisations as go', 'go.id', 'g.orgId')
        .leftJoin('areas as goa', 'goa.id', 'go.areaId')
        .select('g.id')
        .whereRef('g.accountId', '=', 'acc.id')
        .where((e) => e.or([inAreas(scope, 'ga.path')(e), inAreas(scope, 'goa.path')(e)])),
    );
  };
}

export interface AccountFilters {
  q?: string;
  role?: Role;
  areaPath?: string;
  status?: 'active' | 'disabled';
  phoneHash?: string;
}

export class AccountsRepository {
  constructor(private db: Db) {}

  private filtered(k: K, scope: Scope, f: AccountFilters) {
    let q = k.selectFrom('accounts as acc').where(accountInScope(scope));
    if (f.status === 'active') q = q.where('acc.disabledAt', 'is', null);
    if (f.status === 'disabled') q = q.where('acc.disabledAt', 'is not', null);
    if (f.q) {
      const text = f.q;
      q = q.where((eb) =>
        eb.or([
          containsText(this.db, 'acc.username', text),
          containsText(this.db, 'acc.displayName', text),
          ...(f.phoneHash ? [eb('acc.phoneHash', '=', f.phoneHash)] : []),
        ]),
      );
    }
    if (f.role || f.areaPath) {
      const { role, areaPath } = f;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('roleAssignments as fg')
            .leftJoin('areas as fa', 'fa.id', 'fg.areaId')
            .leftJoin('organisations as fo', 'fo.id', 'fg.orgId')
            .leftJoin('areas as foa', 'foa.id', 'fo.areaId')
            .select('fg.id')
            .whereRef('fg.accountId', '=', 'acc.id')
            .$if(!!role, (s) => s.where('fg.role', '=', role as string))
            .$if(!!areaPath, (s) =>
              s.where((e) => e.or([e('fa.path', 'like', `${areaPath}%`), e('foa.path', 'like', `${areaPath}%`)])),
            ),
        ),
      );
    }
    return q;
  }

  async list(scope: Scope, f: AccountFilters, page: number, pageSize: number) {
    const k = this.db.kysely;
    const rows = this.filtered(k, scope, f).selectAll('acc').orderBy('acc.id', 'desc');
    return fetchPage(rows, this.filtered(k, scope, f), { page, pageSize });
  }

  /** Grants with their placement: where each sits in the area tree (its area, or its organisation's area). */
  private grants(k: K) {
    return k
      .selectFrom('roleAssignments as g')
      .leftJoin('areas as a', 'a.id', 'g.areaId')
      .leftJoin('organisations as o', 'o.id', 'g.orgId')
      .leftJoin('areas as oa', 'oa.id', 'o.areaId')
      .select([
        'g.id',
        'g.accountId',
        'g.role',
        'g.areaId',
        'g.orgId',
        'g.dutyLabels',
        sql<string | null>`coalesce(${sql.ref('a.path')}, ${sql.ref('oa.path')})`.as('placementPath'),
      ]);
  }

  /** The grants of many accounts in ONE query (no N+1), with area and organisation names. */
  async grantsOf(k: K, accountIds: number[]) {
    if (accountIds.length === 0) return [];
    return this.grants(k)
      .select(['a.name as areaName', 'o.name as orgName'])
      .where('g.accountId', 'in', accountIds)
      .orderBy('g.id')
      .execute();
  }

  findAccount(k: K, id: number) {
    return k.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async isInScope(k: K, scope: Scope, id: number) {
    const row = await k
      .selectFrom('accounts as acc')
      .select('acc.id')
      .where('acc.id', '=', id)
      .where(accountInScope(scope))
      .executeTakeFirst();
    return !!row;
  }

  findGrant(k: K, grantId: number) {
    return this.grants(k).where('g.id', '=', grantId).executeTakeFirst();
  }

  findArea(k: K, id: number) {
    return k.selectFrom('areas').select(['id', 'path', 'kind', 'name']).where('id', '=', id).executeTakeFirst();
  }

  findOrg(k: K, id: number) {
    return k
      .selectFrom('organisations as o')
      .leftJoin('areas as a', 'a.id', 'o.areaId')
      .select(['o.id', 'o.kind', 'o.name', 'o.disabled', 'a.path as areaPath'])
      .where('o.id', '=', id)
      .executeTakeFirst();
  }

  async lookup(scope: Scope, q: string, limit: number) {
    return this.db.kysely
      .selectFrom('accounts as acc')
      .select(['acc.id', 'acc.username', 'acc.displayName', 'acc.dutyPhone'])
      .where(accountInScope(scope))
      .where('acc.disabledAt', 'is', null)
      .$if(q.length > 0, (s) =>
        s.where((eb) => eb.or(['acc.username', 'acc.displayName'].map((c) => containsText(this.db, c, q)))),
      )
      .orderBy('acc.displayName')
      .orderBy('acc.id')
      .limit(limit)
      .execute();
  }
}
