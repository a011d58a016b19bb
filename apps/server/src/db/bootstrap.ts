/** Production first start: one admin with a random password that must be changed at first login. */
import { randomBytes } from 'node:crypto';
import { systemActor } from '../core/audit.js';
import type { AppContext } from '../core/context.js';
import { hashPassword } from '../core/passwords.js';

export async function ensureAdmin(ctx: AppContext): Promise<{ password: string } | null> {
  const k = ctx.db.kysely;
  const any = await k.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password);
  await k.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const acc = await trx
      .insertInto('accounts')
      .values({
        username: 'admin',
        displayName: '系统管理员',
        passwordHash,
        mustChangePassword: 1,
        createdAt: now,
        updatedAt: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('roleAssignments').values({ accountId: acc.id, role: 'admin', createdAt: now }).execute();
    await ctx.audit.write(trx, systemActor, {
      action: 'account.created',
      entityType: 'account',
      entityId: acc.id,
      summary: { username: 'admin', role: 'admin', bootstrap: true },
    });
  });
  return { password };
}
