/**
 * Audit rows: who did what to which entity, from where. Written inside the caller's transaction
 * so a change and its audit row commit together. The table refuses UPDATE/DELETE by trigger.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
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

export class AuditLog {
  constructor(private clock: Clock) {}

  async write(db: Kysely<Database>, actor: Actor, e: AuditEntry) {
    await this.insert(db, actor, e).execute();
  }

  /** The audit row's INSERT, not yet run: for a caller that sends it with other writes (dialect writeAll). */
  insert(db: Kysely<Database>, actor: Actor, e: AuditEntry) {
    return db.insertInto('auditLog').values({
      at: this.clock.now(),
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
  }
}

/** A compact before/after of the fields that changed (never personal data in clear). */
export function diff<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after))
    if (v !== undefined && before[k] !== v) out[k] = { from: before[k], to: v };
  return out;
}
