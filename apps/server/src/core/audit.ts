/**
 * Audit rows: who did what to which entity, from where. Written inside the caller's transaction
 * so a change and its audit row commit together. The table refuses UPDATE/DELETE by trigger.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import { type Db, insertRows } from '../db/dialect.js';
import type { Clock } from './clock.js';

export interface Actor {
  id: number | null;
  kind: 'account' | 'api_key' | 'system' | 'anonymous';
  name: string | null;
  ip: string | null;
}

export const systemActor: Actor = { id: null, kind: 'system', name: 'system', ip: null };

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | number | null;
  areaPath?: string | null;
  summary?: Record<string, unknown>;
}

/** The audit row of `e` by `actor` at `at`: the one layout of every audit row, written one or many at a time. */
const auditRow = (at: number, actor: Actor, e: AuditEntry) => ({
  at,
  actorId: actor.id,
  actorKind: actor.kind,
  actorName: actor.name,
  action: e.action,
  entityType: e.entityType,
  entityId: e.entityId == null ? null : String(e.entityId),
  areaPath: e.areaPath ?? null,
  summary: JSON.stringify(e.summary ?? {}),
  ip: actor.ip,
});
export type AuditRow = ReturnType<typeof auditRow>;
// The columns in the order of `auditRow`'s keys: the multi-row INSERT lists them as the row object names them.
export const AUDIT_COLUMNS = Object.keys(
  auditRow(0, systemActor, { action: '', entityType: '' }),
) as (keyof AuditRow)[];

export class AuditLog {
  constructor(private clock: Clock) {}

  async write(db: Kysely<Database>, actor: Actor, e: AuditEntry) {
    await db
      .insertInto('auditLog')
      .values(auditRow(this.clock.now(), actor, e))
      .execute();
  }

  /** The audit rows of several writes as one INSERT, not yet run: for a caller that sends it with other writes
   * (dialect writeAll). */
  insertMany(db: Db, entries: { actor: Actor; e: AuditEntry }[]) {
    const rows = this.rowsOf(entries).map((row) => AUDIT_COLUMNS.map((c) => row[c]));
    return insertRows(db, 'audit_log', AUDIT_COLUMNS, rows);
  }

  /** The rows `insertMany` writes, as objects (for a caller that writes them in a statement of its own). */
  rowsOf(entries: { actor: Actor; e: AuditEntry }[]): AuditRow[] {
    const at = this.clock.now();
    return entries.map(({ actor, e }) => auditRow(at, actor, e));
  }
}

/** A compact before/after of the fields that changed (never personal data in clear). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after))
    if (v !== undefined && before[k] !== v) out[k] = { from: before[k], to: v };
  return out;
}
