/** Who is calling: an account with a session, or an organisation's API key. Built once per request. */
import { can, type Permission } from '@grassroots/shared/auth/permissions';
import type { Role } from '@grassroots/shared/auth/roles';
import { AppError } from '@grassroots/shared/common/errors';
import type { FastifyRequest } from 'fastify';
import type { RoleGrant, Scope } from './scope.js';

export interface Principal {
  kind: 'account' | 'api_key';
  accountId: number | null;
  apiKeyId: number | null;
  name: string;
  /** The key's organisation (API keys only): what a case filed through the key names as its submitter. */
  orgName?: string;
  roles: Role[];
  grants: RoleGrant[];
  scope: Scope;
  /** API-key scopes such as `cases:write`; empty for accounts. */
  apiScopes: string[];
  mustChangePassword: boolean;
  sessionId: string | null;
  csrfToken: string | null;
}

export function requirePrincipal(req: FastifyRequest): Principal {
  if (!req.principal) throw new AppError('UNAUTHENTICATED');
  return req.principal;
}

export function requireAccount(req: FastifyRequest): Principal & { accountId: number } {
  const p = requirePrincipal(req);
  if (p.kind !== 'account' || p.accountId == null) throw new AppError('FORBIDDEN');
  return p as Principal & { accountId: number };
}

export function requirePermission(req: FastifyRequest, permission: Permission): Principal {
  const p = requirePrincipal(req);
  if (!can(p.roles, permission)) throw new AppError('FORBIDDEN', { permission });
  return p;
}

/** Service-side check: an account (never an API key) holding `permission`; else FORBIDDEN without details. */
export function assertAccountCan(p: Principal, permission: Permission) {
  if (p.kind !== 'account' || !can(p.roles, permission)) throw new AppError('FORBIDDEN');
}

/** For API-key callers: the key must carry the scope (accounts are governed by roles instead). */
export function requireApiScope(p: Principal, apiScope: string) {
  if (p.kind === 'api_key' && !p.apiScopes.includes(apiScope)) throw new AppError('FORBIDDEN', { apiScope });
}

/** Grants of the caller with one of the given roles. */
export const grantsOf = (p: Principal, ...roles: Role[]) => p.grants.filter((g) => roles.includes(g.role));
