/**
 * Sign-in, sessions, password changes and resident sign-up. Sessions are rows keyed by the SHA-256
 * of the cookie token; a new session is issued (rotated) at every login and privilege change.
 */
import { AppError } from '@grassroots/shared/common/errors';
import type { Actor } from '../../core/audit.js';
import type { AppContext } from '../../core/context.js';
import { DEMO_PASSWORD, dummyHash, hashPassword, verifyPassword } from '../../core/passwords.js';
import { randomToken, sha256 } from '../../plugins/auth.js';

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: number;
}

export class AuthService {
  constructor(private ctx: AppContext) {}

  async login(username: string, password: string, actor: Actor, userAgent: string | null): Promise<NewSession> {
    const { db, clock, config, audit } = this.ctx;
    const k = db.kysely;
    const now = clock.now();
    const acc = await k.selectFrom('accounts').selectAll().where('username', '=', username).executeTakeFirst();
    if (!acc) {
      await verifyPassword(await dummyHash(), password);
      await audit.write(k, actor, {
        action: 'auth.login_failed',
        entityType: 'account',
        summary: { username, reason: 'unknown' },
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (acc.lockedUntil != null && acc.lockedUntil > now) {
      await audit.write(k, actor, {
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: acc.id,
        summary: { username, reason: 'locked' },
      });
      throw new AppError('ACCOUNT_LOCKED', { retryAfterSeconds: Math.ceil((acc.lockedUntil - now) / 1000) });
    }
    // The demo password works only in demo mode; a production start never accepts it.
    const demoRefused = !config.demo && password === DEMO_PASSWORD;
    const ok = !demoRefused && (await verifyPassword(acc.passwordHash, password));
    if (!ok) {
      const failures = acc.failedLogins + 1;
      const lock = failures >= config.loginMaxFailures;
      await k.transaction().execute(async (trx) => {
        await trx
          .updateTable('accounts')
          .set({ failedLogins: lock ? 0 : failures, lockedUntil: lock ? now + config.loginLockMs : acc.lockedUntil })
          .where('id', '=', acc.id)
          .execute();
        await audit.write(trx, actor, {
          action: 'auth.login_failed',
          entityType: 'account',
          entityId: acc.id,
          summary: { username, reason: demoRefused ? 'demo_password_refused' : 'password', locked: lock },
        });
      });
      throw new AppError('INVALID_CREDENTIALS');
    }
    if (acc.disabledAt != null) {
      await audit.write(k, actor, {
        action: 'auth.login_failed',
        entityType: 'account',
        entityId: acc.id,
        summary: { username, reason: 'disabled' },
      });
      throw new AppError('ACCOUNT_DISABLED');
    }
    return k.transaction().execute(async (trx) => {
      await trx.updateTable('accounts').set({ failedLogins: 0, lockedUntil: null }).where('id', '=', acc.id).execute();
      const session = await this.issueSession(trx, acc.id, actor.ip, userAgent);
      await audit.write(
        trx,
        { ...actor, id: acc.id, kind: 'account', name: acc.displayName },
        {
          action: 'auth.login',
          entityType: 'account',
          entityId: acc.id,
          summary: { username },
        },
      );
      return session;
    });
  }

  async issueSession(trx: AppContext['db']['kysely'], accountId: number, ip: string | null, userAgent: string | null) {
    const token = randomToken();
    const csrfToken = randomToken(24);
    const now = this.ctx.clock.now();
    const expiresAt = now + this.ctx.config.sessionTtlMs;
    await trx
      .insertInto('sessions')
      .values({
        id: sha256(token),
        accountId,
        csrfToken,
        ip,
        userAgent: userAgent?.slice(0, 255) ?? null,
        createdAt: now,
        expiresAt,
      })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  async logout(sessionId: string, actor: Actor) {
    const k = this.ctx.db.kysely;
    await k.transaction().execute(async (trx) => {
      await trx.deleteFrom('sessions').where('id', '=', sessionId).execute();
      await this.ctx.audit.write(trx, actor, { action: 'auth.logout', entityType: 'account', entityId: actor.id });
    });
  }

  /** Revokes every session of the account and issues a fresh one for the caller. */
  async changePassword(accountId: number, current: string, next: string, actor: Actor, userAgent: string | null) {
    const k = this.ctx.db.kysely;
    const acc = await k.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    if (!(await verifyPassword(acc.passwordHash, current))) throw new AppError('INVALID_CREDENTIALS');
    assertAcceptablePassword(next, current);
    const passwordHash = await hashPassword(next);
    return k.transaction().execute(async (trx) => {
      const now = this.ctx.clock.now();
      await trx
        .updateTable('accounts')
        .set({ passwordHash, mustChangePassword: 0, passwordChangedAt: now, updatedAt: now, isDemo: 0 })
        .where('id', '=', accountId)
        .execute();
      await trx.deleteFrom('sessions').where('accountId', '=', accountId).execute();
      await this.ctx.audit.write(trx, actor, {
        action: 'account.password_changed',
        entityType: 'account',
        entityId: accountId,
      });
      return this.issueSession(trx, accountId, actor.ip, userAgent);
    });
  }

  /** Resident self sign-up (H5): username is the phone number; the phone is stored encrypted. */
  async signup(
    input: { phone: string; password: string; displayName: string },
    actor: Actor,
    userAgent: string | null,
  ) {
    const { db, pii, clock, audit } = this.ctx;
    const k = db.kysely;
    assertAcceptablePassword(input.password);
    const exists = await k.selectFrom('accounts').select('id').where('username', '=', input.phone).executeTakeFirst();
    if (exists) throw new AppError('DUPLICATE', { field: 'phone' });
    const passwordHash = await hashPassword(input.password);
    return k.transaction().execute(async (trx) => {
      const now = clock.now();
      const acc = await trx
        .insertInto('accounts')
        .values({
          username: input.phone,
          displayName: input.displayName,
          phoneEnc: pii.encrypt(input.phone),
          phoneHash: pii.hash(input.phone),
          passwordHash,
          passwordChangedAt: now,
          createdAt: now,
          updatedAt: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx.insertInto('roleAssignments').values({ accountId: acc.id, role: 'resident', createdAt: now }).execute();
      await audit.write(
        trx,
        { ...actor, id: acc.id, kind: 'account', name: input.displayName },
        {
          action: 'account.signup',
          entityType: 'account',
          entityId: acc.id,
          summary: { role: 'resident' },
        },
      );
      return this.issueSession(trx, acc.id, actor.ip, userAgent);
    });
  }
}

export function assertAcceptablePassword(next: string, current?: string) {
  if (next.length < 8 || next === DEMO_PASSWORD || next === current) throw new AppError('WEAK_PASSWORD');
}
