/**
 * Case categories (诉求分类). Everyone signed in reads the active tree (residents choose from it, Open311
 * clients map it to services); admin and the command centre edit it. Categories are never hard-deleted once
 * used: they are deactivated; only an unused leaf may be deleted. Every write is audited in its transaction.
 */

import { can } from '@grassroots/shared/auth/permissions';
import type { CaseTier } from '@grassroots/shared/cases/cases.lifecycle';
import { type Answers, validateAnswers as checkAnswers } from '@grassroots/shared/categories/answers';
import type {
  CategoryList,
  CategoryListQuery,
  CategoryView,
  CreateCategoryBody,
  IntakeCategory,
  UpdateCategoryBody,
} from '@grassroots/shared/categories/categories.schema';
import { AppError } from '@grassroots/shared/common/errors';
import type { Kysely } from 'kysely';
import { type Actor, diff } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Principal } from '../../core/principal.js';
import type { Database } from '../../db/database.js';
import { CategoriesRepository, type CategoryRow, HANDLING_ORG_KINDS } from './categories.repository.js';
import { flatten, limitColumns, limitsOf, questionsOf, shapeTree } from './categories.view.js';

type K = Kysely<Database>;

/** A tree deeper than this is a sign of a mistake, and the path column is bounded. */
const MAX_DEPTH = 4;

const isManager = (p: Principal) => can(p.roles, 'categories.manage');
const requireManage = (p: Principal) => {
  if (!isManager(p)) throw new AppError('FORBIDDEN', { permission: 'categories.manage' });
};
const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', [{ path: `body.${field}`, message }]);
const isConstraint = (e: unknown) => /^(23|SQLITE_CONSTRAINT)/.test(String((e as { code?: unknown }).code ?? ''));

/**
 * Intake's categories, per node: intake runs on every case created, the tree changes rarely. The cache is
 * checked against the table's fingerprint at most once per CHECK_EVERY_MS (any node's or loader's write shows
 * within that) and at once after a write of this node.
 */
class IntakeCache {
  static readonly CHECK_EVERY_MS = 1000;
  readonly entries = new Map<number, IntakeCategory>();
  private fingerprint: string | null = null;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private repo: CategoriesRepository) {}

  /** Clears the entries when the table changed; reads with the caller's executor (possibly its transaction). */
  async check(k: K) {
    const now = performance.now();
    if (now - this.checkedAt < IntakeCache.CHECK_EVERY_MS) return;
    const f = await this.repo.fingerprint(k);
    this.checkedAt = now;
    if (f !== this.fingerprint) {
      this.entries.clear();
      this.fingerprint = f;
    }
  }

  invalidate() {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }
}

export class CategoriesService {
  readonly repo = new CategoriesRepository();
  private readonly intake = new IntakeCache(this.repo);
  constructor(private ctx: AppContext) {}

  async list(p: Principal, q: CategoryListQuery): Promise<CategoryList> {
    if (q.includeInactive) requireManage(p);
    const tree = shapeTree(await this.repo.all(this.ctx.db.kysely), !!q.includeInactive);
    const flat = flatten(tree);
    return { items: q.tree ? tree : flat, total: flat.length };
  }

  /** One category; an inactive one is visible to managers only (to others it does not exist). */
  async get(p: Principal, id: number): Promise<CategoryView> {
    const all = await this.repo.all(this.ctx.db.kysely);
    const found = flatten(shapeTree(all, true)).find((v) => v.id === String(id));
    if (!found || (!found.effectiveActive && !isManager(p))) throw new AppError('NOT_FOUND');
    return found;
  }

  async create(p: Principal, actor: Actor, b: CreateCategoryBody): Promise<CategoryView> {
    requireManage(p);
    const id = await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const parent = b.parentId ? await this.repo.find(trx, Number(b.parentId)) : null;
      if (b.parentId && !parent) throw invalid('parentId', 'unknown parent category');
      if (parent && parent.path.split('/').filter(Boolean).length >= MAX_DEPTH)
        throw invalid('parentId', `at most ${MAX_DEPTH} levels`);
      await this.checkUnique(trx, parent?.id ?? null, b.name, b.code);
      if (b.defaultOrgId) await this.checkOrg(trx, Number(b.defaultOrgId));
      // A new category is a leaf: a case can be filed under it, so it needs its limits.
      requireLeafLimits(b.limits?.respond, b.limits?.resolve);
      const lim = limitColumns(b.limits);
      const now = this.ctx.clock.now();
      const row = await this.repo.insert(
        trx,
        {
          parentId: parent?.id ?? null,
          code: b.code || null,
          name: b.name,
          nameEn: b.nameEn || null,
          isProperty: (b.isProperty ?? parent?.isProperty === 1) ? 1 : 0,
          defaultTier: b.defaultTier ?? (parent?.defaultTier as CaseTier | undefined) ?? 'community',
          defaultOrgId: b.defaultOrgId ? Number(b.defaultOrgId) : null,
          acceptAmount: lim.acceptAmount ?? null,
          acceptUnit: lim.acceptUnit ?? null,
          respondAmount: lim.respondAmount ?? null,
          respondUnit: lim.respondUnit ?? null,
          resolveAmount: lim.resolveAmount ?? null,
          resolveUnit: lim.resolveUnit ?? null,
          questions: JSON.stringify(b.questions ?? []),
          sortOrder: b.sortOrder ?? 0,
        },
        parent?.path ?? null,
        now,
      );
      await this.ctx.audit.write(trx, actor, {
        action: 'category.created',
        entityType: 'case_category',
        entityId: row.id,
        summary: { name: b.name, code: b.code ?? null, parentId: parent?.id ?? null },
      });
      return row.id;
    });
    this.intake.invalidate();
    return this.get(p, id);
  }

  async update(p: Principal, actor: Actor, id: number, b: UpdateCategoryBody): Promise<CategoryView> {
    requireManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const cur = await this.mustFind(trx, id);
      await this.checkUnique(trx, cur.parentId, b.name, b.code, id);
      if (b.defaultOrgId && Number(b.defaultOrgId) !== cur.defaultOrgId)
        await this.checkOrg(trx, Number(b.defaultOrgId));
      const lim = limitColumns(b.limits);
      if ((await this.repo.childCount(trx, id)) === 0) {
        const before = limitsOf(cur);
        const respond = b.limits?.respond === undefined ? before.respond : b.limits.respond;
        const resolve = b.limits?.resolve === undefined ? before.resolve : b.limits.resolve;
        requireLeafLimits(respond, resolve);
      }
      const set = {
        code: b.code === undefined ? undefined : b.code || null,
        name: b.name,
        nameEn: b.nameEn === undefined ? undefined : b.nameEn || null,
        isProperty: b.isProperty === undefined ? undefined : b.isProperty ? 1 : 0,
        defaultTier: b.defaultTier,
        defaultOrgId: b.defaultOrgId === undefined ? undefined : b.defaultOrgId ? Number(b.defaultOrgId) : null,
        ...lim,
        questions: b.questions === undefined ? undefined : JSON.stringify(b.questions),
        sortOrder: b.sortOrder,
      };
      const changes = diff(cur as unknown as Record<string, unknown>, set);
      if (!(await this.repo.update(trx, id, b.version, set, this.ctx.clock.now())))
        throw new AppError('VERSION_CONFLICT', { version: cur.version });
      await this.ctx.audit.write(trx, actor, {
        action: 'category.updated',
        entityType: 'case_category',
        entityId: id,
        summary: { name: cur.name, ...changes },
      });
    });
    this.intake.invalidate();
    return this.get(p, id);
  }

  /** Deactivating hides the category and everything under it from intake; cases already filed keep it. */
  async setActive(p: Principal, actor: Actor, id: number, active: boolean): Promise<CategoryView> {
    requireManage(p);
    await this.ctx.db.kysely.transaction().execute(async (trx) => {
      const cur = await this.mustFind(trx, id);
      if ((cur.active === 1) === active) return;
      await this.repo.update(trx, id, cur.version, { active: active ? 1 : 0 }, this.ctx.clock.now());
      await this.ctx.audit.write(trx, actor, {
        action: active ? 'category.activated' : 'category.deactivated',
        entityType: 'case_category',
        entityId: id,
        summary: { name: cur.name, code: cur.code },
      });
    });
    this.intake.invalidate();
    return this.get(p, id);
  }

  /** Only a leaf nothing refers to; anything in use must be deactivated instead. */
  async remove(p: Principal, actor: Actor, id: number): Promise<void> {
    requireManage(p);
    try {
      await this.ctx.db.kysely.transaction().execute(async (trx) => {
        const cur = await this.mustFind(trx, id);
        if ((await this.repo.childCount(trx, id)) > 0) throw new AppError('NOT_EMPTY', { reason: 'children' });
        if (cur.parentId != null && (await this.repo.childCount(trx, cur.parentId)) === 1) {
          const parent = await this.mustFind(trx, cur.parentId);
          const l = limitsOf(parent);
          // The parent would become a leaf that cases could be filed under, without time limits.
          if (!l.respond || !l.resolve) throw invalid('id', 'last child of a parent without time limits');
        }
        await this.ctx.audit.write(trx, actor, {
          action: 'category.deleted',
          entityType: 'case_category',
          entityId: id,
          summary: { name: cur.name, code: cur.code, parentId: cur.parentId },
        });
        await this.repo.delete(trx, id);
      });
      this.intake.invalidate();
    } catch (e) {
      // A row elsewhere (a case) referring to it: the foreign key says "in use".
      if (!(e instanceof AppError) && isConstraint(e)) throw new AppError('NOT_EMPTY', { reason: 'in use' });
      throw e;
    }
  }

  /**
   * For the cases module: the active leaf a case is filed under, with parsed limits and questions. Pass the
   * caller's transaction, if any, so intake never asks the pool for a second connection.
   */
  async getForIntake(id: number, k: K = this.ctx.db.kysely): Promise<IntakeCategory> {
    await this.intake.check(k);
    const hit = this.intake.entries.get(id);
    if (hit) return hit;
    const refuse = (reason: string) => new AppError('VALIDATION_FAILED', { field: 'categoryId', reason });
    const r = Number.isSafeInteger(id) ? await this.repo.findForIntake(k, id) : undefined;
    if (!r) throw refuse('unknown category');
    if (r.inactiveCount > 0) throw refuse('category inactive');
    if (r.childCount > 0) throw refuse('not a leaf category');
    const l = limitsOf(r);
    if (!l.respond || !l.resolve) throw refuse('category has no time limits');
    // Only usable categories are cached: a refusal is read again (it is the rare case).
    const cat: IntakeCategory = {
      id: r.id,
      code: r.code,
      name: r.name,
      path: r.path,
      isProperty: r.isProperty === 1,
      defaultTier: r.defaultTier as CaseTier,
      defaultOrgId: r.defaultOrgId,
      limits: { ...(l.accept ? { accept: l.accept } : {}), respond: l.respond, resolve: l.resolve },
      questions: questionsOf(r.questions),
    };
    this.intake.entries.set(id, cat);
    return cat;
  }

  /** The answers normalised, or VALIDATION_FAILED with one `body.answers.<code>` entry per problem. */
  validateAnswers(category: Pick<IntakeCategory, 'questions'>, answers: Answers | undefined | null): Answers {
    const r = checkAnswers(category.questions, answers);
    if (r.issues.length)
      throw new AppError(
        'VALIDATION_FAILED',
        r.issues.map((i) => ({ path: `body.answers.${i.code}`, reason: i.reason, message: i.message })),
      );
    return r.answers;
  }

  private async mustFind(k: K, id: number): Promise<CategoryRow> {
    const row = await this.repo.find(k, id);
    if (!row) throw new AppError('NOT_FOUND');
    return row;
  }

  private async checkUnique(k: K, parentId: number | null, name?: string, code?: string | null, exceptId?: number) {
    if (code && (await this.repo.codeTaken(k, code, exceptId))) throw new AppError('DUPLICATE', { field: 'code' });
    if (name && (await this.repo.siblingNameTaken(k, parentId, name, exceptId)))
      throw new AppError('DUPLICATE', { field: 'name' });
  }

  private async checkOrg(k: K, orgId: number) {
    const org = await this.repo.findOrg(k, orgId);
    if (!org || org.disabled === 1) throw invalid('defaultOrgId', 'unknown or disabled organisation');
    if (!HANDLING_ORG_KINDS.includes(org.kind))
      throw invalid('defaultOrgId', `organisation must be one of ${HANDLING_ORG_KINDS.join(', ')}`);
  }
}

function requireLeafLimits(respond: unknown, resolve: unknown) {
  if (!respond) throw invalid('limits.respond', 'required on a leaf category');
  if (!resolve) throw invalid('limits.resolve', 'required on a leaf category');
}
