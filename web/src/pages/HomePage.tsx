import { logout } from '../api/auth';
import { isAdminArea } from '../api/session';
import type { Account } from '../api/types';
import { Alert } from '../components/Alert';
import { Brand } from '../components/Brand';
import { useMe } from '../components/useMe';
import { LangSwitch } from '../components/LangSwitch';
import { useTitle } from '../components/useTitle';
import { useI18n, type Lang } from '../i18n';
import { Link, navigate } from '../router';

/** /home: who is signed in, at which company, and a way out. */
export function HomePage() {
  const { t, lang } = useI18n();
  useTitle(t('home.title'));
  const { session, me, error } = useMe();

  if (!session) return null;
  const account = me ?? session.account;
  return (
    <>
      <EmployeeHeader account={account} />
      <main className="page page-narrow">
        {error && <Alert kind="error">{error}</Alert>}
        <section className="card home-card">
          <p className="home-company">{account.companyName}</p>
          <h1 className="home-name" data-testid="employee-name">
            {me ? t('home.greeting', { name: me.displayName }) : t('common.loading')}
          </h1>
          <dl className="home-facts">
            <dt>{t('home.loginId')}</dt>
            <dd>{account.loginId}</dd>
            <dt>{t('home.companyCode')}</dt>
            <dd>{account.companyCode}</dd>
            <dt>{t('home.previousSignIn')}</dt>
            <dd data-testid="previous-sign-in">{me ? (me.previousSignInAt ? formatJapanTime(me.previousSignInAt, lang) : t('home.firstSignIn')) : t('common.loading')}</dd>
          </dl>
          {me?.mfa.backupCodesLow && (
            <Alert kind="warning">
              {t('home.backupLow', { n: me.mfa.backupCodesLeft })} <Link to={isAdminArea(account) ? '/admin/account' : '/mypage'}>{t('home.backupLowLink')}</Link>
            </Alert>
          )}
          <p>
            <Link to="/mypage" className="btn btn-primary">
              {t('home.toMyPage')}
            </Link>
          </p>
          <p className="home-note">{t('home.note')}</p>
          {isAdminArea(account) && (
            <p>
              <Link to="/admin/employees" className="btn btn-secondary">
                {t('home.toAdmin')}
              </Link>
            </p>
          )}
        </section>
      </main>
    </>
  );
}

/** The header of the employee pages (/home, /mypage): the company, the language and the way out. */
export function EmployeeHeader({ account }: { account: Pick<Account, 'companyName'> }) {
  return <PlainHeader title={account.companyName} signInPath="/login" />;
}

/**
 * A header without a menu (employee pages, the setup screen, the support console): the name at
 * the left, then who is signed in (when given), the language and ログアウト.
 */
export function PlainHeader({ title, user, signInPath }: { title: string; user?: { name: string; role?: string }; signInPath: string }) {
  const { t } = useI18n();
  async function signOut() {
    await logout();
    navigate(signInPath, { replace: true });
  }
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Brand companyName={title} />
        <div className="header-user">
          {user && (
            <span className="user-name" data-testid="signed-in-user">
              {t('header.user', { name: user.name })}
              {user.role && <span className="user-role">{user.role}</span>}
            </span>
          )}
          <LangSwitch />
          <button type="button" className="btn btn-secondary btn-small" onClick={signOut}>
            {t('header.logout')}
          </button>
        </div>
      </div>
    </header>
  );
}

/** An instant in Japan time, whatever the browser's zone: 2026年11月21日 18:05 (ja) or 2026-11-21 18:05 JST (en). */
export function formatJapanTime(iso: string, lang: Lang): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  const pad = (v: string | undefined) => (v ?? '').padStart(2, '0');
  if (lang === 'ja') return `${parts.year}年${Number(parts.month)}月${Number(parts.day)}日 ${pad(parts.hour)}:${pad(parts.minute)}`;
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)} ${pad(parts.hour)}:${pad(parts.minute)} JST`;
}
