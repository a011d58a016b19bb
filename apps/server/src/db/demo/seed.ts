/**
 * Demo data (demo mode only): loaded once into an empty database.
 * TEMPORARY minimal version — the demo generator replaces this.
 */
import type { AppContext } from '../../core/context.js';
import { systemActor } from '../../core/audit.js';
import { DEMO_PASSWORD, hashPassword } from '../../core/passwords.js';

export const demoAccounts = [
  { username: 'admin', displayName: '系统管理员', role: 'admin', note: '系统管理' },
] as const;

export function demoAccountsBanner() {
  const lines = demoAccounts.map((a) => `    ${a.username.padEnd(11)} ${a.note}`);
  return `  Demo accounts (password "${DEMO_PASSWORD}"):\n${lines.join('\n')}\n`;
}

export async function loadDemoData(ctx: AppContext): Promise<boolean> {
  const k = ctx.db.kysely;
  if (await k.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await k.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    for (const a of demoAccounts) {
      const acc = await trx
        .insertInto('accounts')
        .values({
          username: a.username,
          displayName: a.displayName,
          passwordHash,
          isDemo: 1,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('roleAssignments').values({ accountId: acc.id, role: a.role, createdAt: now }).execute();
    }
    await ctx.audit.write(trx, systemActor, { action: 'demo.loaded', entityType: 'system' });
  });
  return true;
}
