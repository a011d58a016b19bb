import { AppError } from '@grassroots/shared/common/errors';
import type { Page } from '@grassroots/shared/common/pagination';
import type {
  CreateOrgBody,
  OrgKind,
  OrgListQuery,
  OrgView,
  UpdateOrgBody,
} from '@grassroots/shared/organisations/organisations.schema';
import type { Kysely } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { assertAccountCan, type Principal } from '../../core/principal.js';
import { updateVersioned } from '../../core/versioned-update.js';
import type { Database, Organisation } from '../../db/database.js';
import { OrganisationsRepository } from './organisations.repository.js';

type OrgRow = Organisation & { areaName: string | null };

const requireConsole = (p: Principal) => assertAccountCan(p, 'console.access');
const requireManage = (p: Principal) => assertAccountCan(p, 'orgs.manage');

export class OrganisationsService {
  readonly repo: OrganisationsRepository;
  constructor(private ctx: AppContext) {
    this.repo = new OrganisationsRepository(ctx.db);
  }

  async list(p: Principal, q: OrgListQuery): Promise<Page<OrgView>> {
    requireConsole(p);
    const { rows, total } = await this.repo.list(q, q.page, q.pageSize);
    return { items: rows.map(view), total, page: q.page, pageSize: q.pageSize };
  }

  async get(p: Principal, id: number): Promise<OrgView> {
    requireConsole(p);
    const row = await this.repo.find(this.ctx.db.kysely, id);
    if (!row) throw new AppError('NOT_FOUND');
    return view(row);
  }

  async create(p: Principal, actor: Actor, input: CreateOrgBody): Promise<OrgView> {
    requireManage(p);
    const id = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      if (await this.repo.nameTaken(trx, input.kind, input.name)) throw new AppError('DUPLICATE', { field: 'name' });
      const area = await this.areaOf(trx, input.areaId);
      const now = this.ctx.clock.now();
      const row = await trx
        .insertInto('organisations')
        .values({
          kind: input.kind,
          name: input.name,
          code: input.code || null,
          areaId: area?.id ?? null,
          contactName: input.contactName || null,
          dutyPhone: input.dutyPhone || null,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'org.created',
        entityType: 'organisation',
        entityId: row.id,
        areaPath: area?.path ?? null,
        summary: { kind: input.kind, name: input.name, areaId: area?.id ?? null },
      });
      return row.id;
    });
    return this.get(p, id);
  }

  async update(p: Principal, actor: Actor, id: number, input: UpdateOrgBody): Promise<OrgView> {
    requireManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const cur = await this.repo.find(trx, id);
      if (!cur) throw new AppError('NOT_FOUND');
      if (input.name && (await this.repo.nameTaken(trx, cur.kind, input.name, id)))
        throw new AppError('DUPLICATE', { field: 'name' });
      const area = input.areaId === undefined ? undefined : await this.areaOf(trx, input.areaId);
      const next = {
        name: input.name,
        code: input.code === undefined ? undefined : input.code || null,
        areaId: area === undefined ? undefined : (area?.id ?? null),
        contactName: input.contactName === undefined ? undefined : input.contactName || null,
        dutyPhone: input.dutyPhone === undefined ? undefined : input.dutyPhone || null,
      };
      const changes: Record<string, { from: unknown; to: unknown }> = {};
      for (const [key, v] of Object.entries(next))
        if (v !== undefined && cur[key as keyof typeof cur] !== v)
          changes[key] = { from: cur[key as keyof typeof cur], to: v };
      const set = { ...next, updatedAt: this.ctx.clock.now() };
      await updateVersioned(trx, 'organisations', id, input.version, set, { version: cur.version });
      await this.ctx.audit.write(trx, actor, {
        action: 'org.updated',
        entityType: 'organisation',
        entityId: id,
        areaPath: area?.path ?? cur.areaPath ?? null,
        summary: changes,
      });
    });
    return this.get(p, id);
  }

  /** Disabling an organisation also stops its API keys working (plugins/auth checks `disabled`). */
  async setDisabled(p: Principal, actor: Actor, id: number, disabled: boolean): Promise<OrgView> {
    requireManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const cur = await this.repo.find(trx, id);
      if (!cur) throw new AppError('NOT_FOUND');
      if ((cur.disabled === 1) === disabled) return;
      await trx
        .updateTable('organisations')
        .set({ disabled: disabled ? 1 : 0, version: cur.version + 1, updatedAt: this.ctx.clock.now() })
        .where('id', '=', id)
        .execute();
      await this.ctx.audit.write(trx, actor, {
        action: disabled ? 'org.disabled' : 'org.enabled',
        entityType: 'organisation',
        entityId: id,
        areaPath: cur.areaPath ?? null,
        summary: { name: cur.name },
      });
    });
    return this.get(p, id);
  }

  private async areaOf(trx: Kysely<Database>, areaId: string | null | undefined) {
    if (areaId == null) return null;
    const area = await this.repo.findArea(trx, Number(areaId));
    if (!area) throw new AppError('VALIDATION_FAILED', [{ path: 'body.areaId', message: 'unknown area' }]);
    return area;
  }
}

function view(o: OrgRow): OrgView {
  return {
    id: String(o.id),
    kind: o.kind as OrgKind,
    name: o.name,
    code: o.code,
    areaId: o.areaId == null ? null : String(o.areaId),
    areaName: o.areaName ?? null,
    contactName: o.contactName,
    dutyPhone: o.dutyPhone,
    disabled: o.disabled === 1,
    version: o.version,
    createdAt: new Date(o.createdAt).toISOString(),
  };
}
