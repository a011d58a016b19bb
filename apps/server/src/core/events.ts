/**
 * A small typed in-process event bus for cross-module reactions (ARCHITECTURE rule 2).
 *
 * Handlers run synchronously inside the emitter's transaction (`trx`), in registration order: a
 * reaction (e.g. "hand the disabled account's open tasks back to the registrar") commits or rolls back
 * together with the change that caused it, and a failing handler aborts the whole write.
 *
 * Later modules add their events by declaration merging:
 *   declare module '../../core/events.js' { interface AppEvents { 'vote.passed': { voteId: number } } }
 *
 * One bus per app instance (created in modules/index.ts createServices and handed to services), never a
 * module-level singleton, so test apps running in the same process do not share handlers.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.js';
import type { Actor } from './audit.js';

export interface AppEvents {
  /** An account was disabled: its sessions are already gone; its open tasks should return to a registrar. */
  'account.disabled': { accountId: number; actor: Actor };
  /** An area and its subtree moved: every table keyed by path has been re-keyed from oldPath to newPath. */
  'area.moved': { oldPath: string; newPath: string };
}

export type EventName = keyof AppEvents;
export type EventHandler<N extends EventName> = (payload: AppEvents[N], trx: Kysely<Database>) => Promise<void> | void;

export class EventBus {
  private handlers = new Map<EventName, EventHandler<EventName>[]>();

  /** Registers a handler; returns a function that removes it again. */
  on<N extends EventName>(name: N, handler: EventHandler<N>): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler as unknown as EventHandler<EventName>);
    this.handlers.set(name, list);
    return () => {
      const current = this.handlers.get(name) ?? [];
      this.handlers.set(
        name,
        current.filter((h) => h !== (handler as unknown)),
      );
    };
  }

  /** Runs every handler in order inside `trx`; the first error propagates (and rolls the caller back). */
  async emit<N extends EventName>(name: N, payload: AppEvents[N], trx: Kysely<Database>): Promise<void> {
    for (const h of [...(this.handlers.get(name) ?? [])]) await h(payload, trx);
  }
}
