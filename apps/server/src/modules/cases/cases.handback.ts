/**
 * DOMAIN.md §2: "When an account is disabled, its open tasks return to the registrar of their tier, with an
 * event." Runs on 'account.disabled' inside the disable transaction (the bus passes trx), so the hand-back
 * commits or rolls back with the disable itself.
 *
 * Why not CasesService.act/actAsSystem: the transition table allows `return` only from 'dispatched' (a
 * handler declining a task); from 'accepted' there is no user action back to 'registered', and a disabled
 * account cannot act anyway. This is therefore a separate, clearly named system path — handBackOpenTasks —
 * that writes the same things a transition writes (one versioned UPDATE, a case event with action 'return',
 * an audit row) for both statuses, so the history reads the same either way. It also avoids reading the
 * work calendar, which goes through the pool (one connection on SQLite, held by this transaction).
 */
import type { Kysely } from 'kysely';
import { type Actor, systemActor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import type { EventBus } from '../../core/events.js';
import type { Database } from '../../db/database.js';
import { casesRepository as repo } from './cases.repository.js';

export const HANDBACK_NOTE = '办理人账号停用，任务退回';
/** Dispatched or accepted tasks; a suspended case stays with its handler's organisation record until resumed. */
const OPEN_TASK_STATUSES = ['dispatched', 'accepted'];

export async function handBackOpenTasks(
  ctx: AppContext,
  trx: Kysely<Database>,
  accountId: number,
  cause: Actor,
): Promise<number[]> {
  const rows = await trx
    .selectFrom('cases')
    .selectAll()
    .where('handlerAccountId', '=', accountId)
    .where('status', 'in', OPEN_TASK_STATUSES)
    .orderBy('id')
    .execute();
  const now = ctx.clock.now();
  for (const row of rows) {
    // Same transaction as the disable: the version cannot have moved under us, but keep the guard honest.
    const n = await repo.updateVersioned(trx, row.id, row.version, {
      status: 'registered',
      handlerAccountId: null,
      handlerOrgId: null,
      suspensionPending: 0,
      updatedAt: now,
    });
    if (n === 0) continue;
    const data = { reason: HANDBACK_NOTE, handBack: true, disabledAccountId: accountId, disabledBy: cause.id };
    await repo.insertEvent(trx, {
      caseId: row.id,
      at: now,
      actorId: systemActor.id,
      actorKind: systemActor.kind,
      action: 'return',
      fromStatus: row.status,
      toStatus: 'registered',
      note: HANDBACK_NOTE,
      data: JSON.stringify(data),
      attachmentIds: '[]',
    });
    await ctx.audit.write(trx, cause, {
      action: 'case.hand_back',
      entityType: 'case',
      entityId: row.id,
      areaPath: row.areaPath,
      summary: { number: row.number, from: row.status, to: 'registered', ...data },
    });
  }
  return rows.map((r) => r.id);
}

export function registerHandBack(ctx: AppContext, events: EventBus) {
  return events.on('account.disabled', async ({ accountId, actor }, trx) => {
    await handBackOpenTasks(ctx, trx, accountId, actor);
  });
}
