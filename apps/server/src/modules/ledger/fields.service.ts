/**
 * Deployment-defined person fields (自定义字段, e.g. 疫苗接种情况). The code and datatype are fixed once created:
 * stored values (persons.custom, JSON by code) and the `custom.<code>` list filter depend on them.
 */
import { AppError } from '@grassroots/shared/common/errors';
import { isCalendarDate } from '@grassroots/shared/ledger/idcard';
import type { CustomFieldType } from '@grassroots/shared/ledger/ledger.rules';
import type {
  CreateLedgerFieldBody,
  CustomValue,
  LedgerFieldView,
  UpdateLedgerFieldBody,
} from '@grassroots/shared/ledger/ledger.schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { Database, LedgerFieldsTable } from '../../db/database.js';

type FieldRow = Selectable<LedgerFieldsTable>;
const bad = (path: string, message: string) => new AppError('VALIDATION_FAILED', [{ path, message }]);

const view = (r: FieldRow): LedgerFieldView => ({
  id: String(r.id),
  code: r.code,
  label: r.label,
  labelEn: r.labelEn,
  datatype: r.datatype as CustomFieldType,
  options: JSON.parse(r.options) as string[],
  required: r.required === 1,
  sortOrder: r.sortOrder,
  active: r.active === 1,
  version: r.version,
});

/** Does `v` fit a field of this datatype (null always does: it clears the value)? */
function fits(f: FieldRow, v: CustomValue): boolean {
  if (v === null) return true;
  switch (f.datatype as CustomFieldType) {
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return typeof v === 'boolean';
    case 'date':
      return typeof v === 'string' && isCalendarDate(v);
    case 'select':
      return typeof v === 'string' && (JSON.parse(f.options) as string[]).includes(v);
    default:
      return typeof v === 'string';
  }
}

/** The JSON literal a list filter value stands for, given the field's datatype (null: cannot match). */
export function filterLiteral(f: { datatype: string }, value: string): string | null {
  if (f.datatype === 'number')
    return Number.isFinite(Number(value)) && value.trim() !== '' ? String(Number(value)) : null;
  if (f.datatype === 'boolean') return value === 'true' || value === 'false' ? value : null;
  return JSON.stringify(value);
}

export class LedgerFieldsService {
  constructor(private ctx: AppContext) {}

  private get k() {
    return this.ctx.db.kysely;
  }

  async rows(k: Kysely<Database> = this.k, includeInactive = false) {
    return k
      .selectFrom('ledgerFields')
      .selectAll()
      .$if(!includeInactive, (q) => q.where('active', '=', 1))
      .orderBy('sortOrder')
      .orderBy('id')
      .execute();
  }

  async list(includeInactive: boolean) {
    return { items: (await this.rows(this.k, includeInactive)).map(view) };
  }

  async create(actor: Actor, b: CreateLedgerFieldBody) {
    return this.k.transaction().execute(async (trx) => {
      const dup = await trx.selectFrom('ledgerFields').select('id').where('code', '=', b.code).executeTakeFirst();
      if (dup) throw new AppError('DUPLICATE', { code: b.code });
      const now = this.ctx.clock.now();
      const row = await trx
        .insertInto('ledgerFields')
        .values({
          code: b.code,
          label: b.label,
          labelEn: b.labelEn ?? null,
          datatype: b.datatype,
          options: JSON.stringify(b.options ?? []),
          required: b.required ? 1 : 0,
          sortOrder: b.sortOrder ?? 0,
          active: b.active === false ? 0 : 1,
          createdAt: now,
          updatedAt: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger_field.create',
        entityType: 'ledger_field',
        entityId: row.id,
        summary: { code: b.code, name: b.label, type: b.datatype },
      });
      return view(row);
    });
  }

  async update(actor: Actor, id: number, b: UpdateLedgerFieldBody) {
    return this.k.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('ledgerFields').selectAll().where('id', '=', id).executeTakeFirst();
      if (!before) throw new AppError('NOT_FOUND');
      if (before.datatype === 'select' && b.options !== undefined && b.options.length === 0)
        throw bad('body.options', '下拉选项不能为空');
      const r = await trx
        .updateTable('ledgerFields')
        .set({
          label: b.label,
          labelEn: b.labelEn,
          options: b.options ? JSON.stringify(b.options) : undefined,
          required: b.required === undefined ? undefined : b.required ? 1 : 0,
          sortOrder: b.sortOrder,
          active: b.active === undefined ? undefined : b.active ? 1 : 0,
          version: sql<number>`version + 1`,
          updatedAt: this.ctx.clock.now(),
        })
        .where('id', '=', id)
        .where('version', '=', b.version)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) throw new AppError('VERSION_CONFLICT');
      await this.ctx.audit.write(trx, actor, {
        action: 'ledger_field.update',
        entityType: 'ledger_field',
        entityId: id,
        summary: { code: before.code, changed: Object.keys(b).filter((k) => k !== 'version') },
      });
      return view(await trx.selectFrom('ledgerFields').selectAll().where('id', '=', id).executeTakeFirstOrThrow());
    });
  }

  /**
   * Checks custom values against the active fields: unknown codes, wrong types and options are 400; with
   * `complete`, a required field without a value is 400 too. Returns the values without nulls.
   */
  async validate(k: Kysely<Database>, values: Record<string, CustomValue>, complete: boolean) {
    const fields = await this.rows(k);
    const byCode = new Map(fields.map((f) => [f.code, f]));
    for (const [code, v] of Object.entries(values)) {
      const f = byCode.get(code);
      if (!f) throw bad(`body.custom.${code}`, '未定义的自定义字段');
      if (!fits(f, v)) throw bad(`body.custom.${code}`, `取值不符合字段类型（${f.datatype}）`);
    }
    const clean = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== ''));
    if (complete)
      for (const f of fields)
        if (f.required === 1 && clean[f.code] === undefined) throw bad(`body.custom.${f.code}`, `请填写${f.label}`);
    return clean as Record<string, Exclude<CustomValue, null>>;
  }
}
