/** `/`: staff → /console, residents (and other non-console accounts) → /h5, anonymous → /login. */
import { Navigate } from 'react-router';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FullPageSpin } from '../../components/FullPageSpin';
import { isStaff, useMe } from '../../lib/auth';

export function RootRedirect() {
  const { data: me, isPending, error, refetch } = useMe();
  if (isPending) return <FullPageSpin />;
  if (error) return <ErrorAlert error={error} onRetry={() => refetch()} style={{ margin: 24 }} />;
  if (!me) return <Navigate to="/login" replace />;
  if (me.account.mustChangePassword) return <Navigate to="/change-password" replace />;
  return <Navigate to={isStaff(me) ? '/console' : '/h5'} replace />;
}
