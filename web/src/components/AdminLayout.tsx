import { useEffect, type ReactNode } from 'react';
import { homePathOf, isAdminArea } from '../api/session';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { AdminHeader } from './AdminHeader';
import { Alert } from './Alert';
import { useSession } from './useSession';

/**
 * The frame of every admin page. Sends strangers to the admin sign-in and employees to their
 * home; the API checks roles again, this only keeps people off screens they cannot use.
 */
export function AdminLayout({ children, adminOnly = false }: { children: ReactNode; adminOnly?: boolean }) {
  const { t } = useI18n();
  const session = useSession();
  const allowed = session !== null && isAdminArea(session.account);

  useEffect(() => {
    if (!session) navigate('/admin/login', { replace: true });
    else if (!isAdminArea(session.account)) navigate(homePathOf(session.account), { replace: true });
  }, [session]);

  if (!allowed) return null;
  return (
    <>
      <AdminHeader account={session.account} />
      <main className="page">{adminOnly && session.account.role !== 'admin' ? <Alert kind="error">{t('error.forbidden')}</Alert> : children}</main>
    </>
  );
}
