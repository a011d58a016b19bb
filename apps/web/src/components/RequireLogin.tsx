/**
 * Guards pages that need an account. Console pages are wrapped by ConsoleLayout already; H5 pages that
 * need a resident login wrap themselves: `<RequireLogin loginPath="/h5/login">…</RequireLogin>`.
 * Sends to `loginPath?next=<here>`, and to /change-password while the initial password is unchanged.
 */
import { Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../lib/auth';
import { ErrorAlert } from './ErrorAlert';

export function RequireLogin({ children, loginPath = '/login' }: { children: ReactNode; loginPath?: string }) {
  const { data: me, isPending, error, refetch } = useMe();
  const loc = useLocation();
  const here = loc.pathname + loc.search;
  if (isPending)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin size="large" />
      </Flex>
    );
  if (error) return <ErrorAlert error={error} onRetry={() => refetch()} style={{ margin: 16 }} />;
  if (!me) return <Navigate to={`${loginPath}?next=${encodeURIComponent(here)}`} replace />;
  if (me.account.mustChangePassword && loc.pathname !== '/change-password')
    return <Navigate to={`/change-password?next=${encodeURIComponent(here)}`} replace />;
  return <>{children}</>;
}
