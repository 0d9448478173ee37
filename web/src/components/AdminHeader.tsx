import { useState } from 'react';
import { logout } from '../api/auth';
import type { Account } from '../api/types';
import { useI18n } from '../i18n';
import { Link, navigate, useLocation } from '../router';
import { Brand } from './Brand';
import { LangSwitch } from './LangSwitch';
import { isSettingsPath } from './SettingsTabs';

/** Company, navigation, who is signed in, language, ログアウト. */
export function AdminHeader({ account }: { account: Account }) {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  const [leaving, setLeaving] = useState(false);

  async function signOut() {
    setLeaving(true);
    await logout();
    navigate('/admin/login', { replace: true });
  }

  // パスワード発行 / パスコード発行 pages are steps of 社員一覧; reopened from 発行ジョブ (?job=), of that.
  const issuancePage = pathname.startsWith('/admin/issuance') || pathname.startsWith('/admin/mail-issuance') || pathname.startsWith('/admin/registration-codes');
  const fromJobs = issuancePage && search.has('job');
  const nav = [
    { to: '/admin/employees', label: t('nav.employees'), active: (pathname.startsWith('/admin/employees') && !pathname.endsWith('/logs')) || (issuancePage && !fromJobs) },
    ...(account.role === 'admin'
      ? [
          { to: '/admin/import', label: t('nav.import'), active: pathname.startsWith('/admin/import') },
          { to: '/admin/jobs', label: t('nav.jobs'), active: pathname.startsWith('/admin/jobs') || fromJobs },
          // 基本設定 leads to its tabs: 基本設定 · グループ設定 · 企業情報 · 管理者設定.
          { to: '/admin/settings', label: t('nav.settings'), active: isSettingsPath(pathname) },
        ]
      : []),
    // Viewers read the log too.
    { to: '/admin/logs', label: t('nav.logs'), active: pathname.startsWith('/admin/logs') || pathname.endsWith('/logs') },
  ];

  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Brand companyName={account.companyName} sub={t('app.adminTitle')} />
        <nav className="app-nav" aria-label={t('nav.label')}>
          {nav.map((item) => (
            <Link key={item.to} to={item.to} className={item.active ? 'active' : ''} aria-current={item.active ? 'page' : undefined}>
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="header-user">
          <span className="user-name" data-testid="signed-in-user">
            {t('header.user', { name: account.displayName })}
            <span className="user-role">{t(`role.${account.role}`)}</span>
          </span>
          <Link to="/admin/account" className={`header-link${pathname.startsWith('/admin/account') ? ' active' : ''}`}>
            {t('nav.account')}
          </Link>
          <LangSwitch />
          <button type="button" className="btn btn-secondary btn-small" onClick={signOut} disabled={leaving}>
            {t('header.logout')}
          </button>
        </div>
      </div>
    </header>
  );
}
