import { AdminLayout } from '../components/AdminLayout';
import { MfaPanel } from '../components/MfaPanel';
import { useSession } from '../components/useSession';
import { useTitle } from '../components/useTitle';
import { useI18n } from '../i18n';
import { Link } from '../router';

/**
 * /admin/account: 個人設定 of an admin or viewer. An admin is an employee with a role, so this is
 * the same account (and the same second factor) as its マイページ.
 */
export function AccountSettingsPage() {
  return (
    <AdminLayout>
      <AccountSettings />
    </AdminLayout>
  );
}

function AccountSettings() {
  const { t } = useI18n();
  useTitle(t('account.title'));
  const session = useSession();
  if (!session) return null;
  return (
    <div className="form-page">
      <div className="page-head">
        <h1 className="page-title">{t('account.title')}</h1>
      </div>
      <p className="section-hint">
        {t('account.lead')} <Link to="/mypage">{t('account.toMyPage')}</Link>
      </p>
      <MfaPanel companyName={session.account.companyName} loginId={session.account.loginId} returnTo="/admin/account" />
    </div>
  );
}
